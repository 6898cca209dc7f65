"""Conversion speed: policytext's converter vs upstream OpenCC's C++ converter, same text, same run.

Three sets of ≥ --mb MB each from the bundled corpora: the traditional seeds (001, 003) repeated, the
simplified documents (seeds 000/002/004 and the 2026 government reports), and all of them mixed; each
converted with t2s, tw2s, hk2s and tw2sp by both (outputs compared, ratio printed: > 1 means ours is faster).
Needs the official ``opencc`` package (the test extra), not opencc-python-reimplemented.
``--engine`` picks policytext's whole-text engine (policytext.normalize.convert.ENGINE): ``python`` (str.translate and
regex scans; what a process without numpy uses, the command line's ``parse`` among them) or ``numpy``; by default,
the one this process would use (python: the benchmark does not import numpy).

    python benchmarks/t2s.py [--mb 5] [--configs t2s,tw2s] [--engine python|numpy]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus  # noqa: E402

import policytext.normalize.convert as conversion  # noqa: E402
from policytext.normalize.convert import CONFIGS, convert, converter  # noqa: E402

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


def best_of(f, runs: int = 3, before=None) -> float:
    """Least CPU time of a few runs (the machine may be busy); ``before`` runs untimed before each."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        t = time.process_time()
        f()
        times.append(time.process_time() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--engine", choices=("python", "numpy"), default=None)
    a = ap.parse_args()
    conversion.ENGINE = a.engine
    print(f"engine: {'numpy' if conversion._use_numpy() else 'python'}")
    import opencc

    if not hasattr(opencc, "__version__"):
        sys.exit("the importable `opencc` is not the official package: pip install opencc (the test extra)")
    ok = True
    data = sets(a.mb)
    for config in a.configs.split(","):
        cc = opencc.OpenCC(config)
        converter(config)  # tables built outside the timing, as the C++ converter's are
        for label, texts in data.items():
            mb = sum(len(t.encode()) for t in texts) / 1e6
            # each run starts with an empty cache of converted stretches, as a new process would
            t_ours = best_of(lambda texts=texts, config=config: [convert(x, config) for x in texts],
                             before=converter(config)._cache.clear)
            t_cc = best_of(lambda texts=texts, cc=cc: [cc.convert(x) for x in texts])
            same = [convert(x, config)[0] for x in texts] == [cc.convert(x) for x in texts]
            ok &= same
            print(f"{config:5s} {label:18s} {mb:5.1f} MB  ours {mb / t_ours:6.1f} MB/s  OpenCC {opencc.__version__} "
                  f"C++ {mb / t_cc:6.1f} MB/s  ratio {t_cc / t_ours:5.2f}x  identical={same}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
