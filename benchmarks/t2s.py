"""t2s throughput: ours vs OpenCC("t2s").convert side by side on the same text (outputs compared).

Three sets of ≥ --mb MB each from the bundled corpora: the traditional seeds (001, 003) repeated, the
simplified documents (seeds 000/002/004 and the 2026 government reports), and all of them mixed.

    python benchmarks/t2s.py [--mb 10]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus  # noqa: E402

from policytext.normalize.convert import t2s  # noqa: E402

TRADITIONAL = ("/001_", "/003_")


def sets(mb: float) -> dict[str, list[str]]:
    n = int(mb * 1e6)
    docs = corpus(3 * n, "all")
    trad = [d.decode("utf-8") for name, d in docs if any(t in name for t in TRADITIONAL)]
    simp = [d.decode("utf-8") for name, d in docs if not any(t in name for t in TRADITIONAL)]
    out = {}
    for label, texts in (("traditional seeds", trad), ("simplified", simp)):
        while sum(len(t.encode()) for t in texts) < n:
            texts = texts + texts
        out[label] = texts
    out["mixed"] = [d.decode("utf-8") for _, d in corpus(n, "all")] + trad
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10)
    a = ap.parse_args()
    from opencc import OpenCC

    cc = OpenCC("t2s")
    t2s("發展")  # build the tables outside the timing
    cc.convert("發展")
    ok = True
    for label, texts in sets(a.mb).items():
        mb = sum(len(t.encode()) for t in texts) / 1e6
        t = time.perf_counter()
        ours = [t2s(x)[0] for x in texts]
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        theirs = [cc.convert(x) for x in texts]
        t_cc = time.perf_counter() - t
        same = ours == theirs
        ok &= same
        print(f"{label:18s} {mb:5.1f} MB  ours {mb / t_ours:6.1f} MB/s  OpenCC {mb / t_cc:5.2f} MB/s  "
              f"ratio {t_cc / t_ours:5.1f}x  identical={same}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
