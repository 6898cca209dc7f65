"""Parse throughput and peak memory over ≥10 MB of bundled documents.

    python benchmarks/parse.py [--mb 10]

Prints MB/s for simplified input (the 22 government reports + simplified seeds) and for traditional input
(the traditional seeds), the share of time per normalization step, and peak RSS.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus  # noqa: E402

from policytext.normalize import STEPS  # noqa: E402
from policytext.pipeline import parse_bytes  # noqa: E402


def timed_steps():
    """Wrap each registered step to accumulate its time."""
    spent: dict[str, float] = defaultdict(float)
    for name, func in list(STEPS.items()):
        def wrap(text, _f=func, _n=name):
            t = time.perf_counter()
            try:
                return _f(text)
            finally:
                spent[_n] += time.perf_counter() - t
        STEPS[name] = wrap
    return spent


def run(docs) -> tuple[float, int]:
    nbytes = sum(len(d) for _, d in docs)
    t = time.perf_counter()
    for name, data in docs:
        parse_bytes(data, name)
    return time.perf_counter() - t, nbytes


def floor(docs) -> float:
    """Read + decode + one str.translate pass (the t2s character table): the least any parse must do."""
    from policytext.normalize.convert import _tables

    table = _tables()[1]
    t = time.perf_counter()
    for _, data in docs:
        data.decode("utf-8").translate(table)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10)
    a = ap.parse_args()
    spent = timed_steps()
    all_docs = corpus(int(a.mb * 1e6))
    simp = [(n, d) for n, d in all_docs if "/001_" not in n and "/003_" not in n]
    trad = [(n, d) for n, d in all_docs if "/001_" in n or "/003_" in n]
    parse_bytes(*all_docs[0][::-1])  # warm caches (t2s tables, regexes)
    spent.clear()
    secs, nbytes = run(simp)
    print(f"simplified : {nbytes / 1e6:6.1f} MB in {secs:6.2f} s = {nbytes / 1e6 / secs:6.2f} MB/s "
          f"({len(simp)} docs, {len(simp) / secs:.0f} docs/s)")
    total_steps = sum(spent.values())
    print("  time per normalization step (share of parse time): " + ", ".join(
        f"{k} {v / secs:.0%}" for k, v in sorted(spent.items(), key=lambda kv: -kv[1])))
    print(f"  other stages (read, structure, metadata): {(secs - total_steps) / secs:.0%}")
    floor_simp = floor(simp)
    print(f"  floor (read + decode + one str.translate pass): {nbytes / 1e6 / floor_simp:6.1f} MB/s; "
          f"parse runs at {floor_simp / secs:.2f} of the floor")
    if trad:
        trad = trad * max(1, int(2e6 // sum(len(d) for _, d in trad)))
        secs, nbytes = run(trad)
        print(f"traditional: {nbytes / 1e6:6.1f} MB in {secs:6.2f} s = {nbytes / 1e6 / secs:6.2f} MB/s")
        from opencc import OpenCC

        cc = OpenCC("t2s")
        t = time.perf_counter()
        for _, d in trad:
            cc.convert(d.decode("utf-8"))
        plain = time.perf_counter() - t
        print(f"  plain OpenCC('t2s').convert alone: {nbytes / 1e6 / plain:6.2f} MB/s; full parse is "
              f"{plain / secs:.1f}x faster than the converter alone (minimum 10x for t2s; see benchmarks/t2s.py)")
        ft = floor(trad)
        print(f"  floor: {nbytes / 1e6 / ft:6.1f} MB/s; parse runs at {ft / secs:.2f} of the floor")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
