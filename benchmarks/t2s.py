"""t2s throughput: ours vs OpenCC("t2s").convert side by side on the same ≥10 MB (outputs compared).

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10)
    a = ap.parse_args()
    from opencc import OpenCC

    cc = OpenCC("t2s")
    t2s("發展")  # build tables outside the timing
    cc.convert("發展")
    for label, kind in (("traditional+simplified mix", "all"), ("simplified (gov reports)", "reports")):
        texts = [d.decode("utf-8") for _, d in corpus(int(a.mb * 1e6), kind)]
        if kind == "all":  # weight the traditional seeds up so both scripts are measured
            trad = [t for t in texts if "義務" in t or "遼" in t]
            texts = texts + trad * 3
        mb = sum(len(t.encode()) for t in texts) / 1e6
        t = time.perf_counter()
        ours = [t2s(x)[0] for x in texts]
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        theirs = [cc.convert(x) for x in texts]
        t_cc = time.perf_counter() - t
        same = ours == theirs
        print(f"{label}: {mb:.1f} MB  ours {mb / t_ours:7.1f} MB/s  OpenCC {mb / t_cc:5.2f} MB/s  "
              f"ratio {t_cc / t_ours:5.1f}x  identical={same}")


if __name__ == "__main__":
    main()
