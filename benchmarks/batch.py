"""batch throughput: local process pool vs Dask on the same inputs, side by side (and the stores compared).

    python benchmarks/batch.py [--docs 200] [--workers 2]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import bundled  # noqa: E402

from policytext.batch import run_batch  # noqa: E402
from policytext.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = bundled("all")
        inputs = []
        for i in range(a.docs):
            name, data = base[i % len(base)]
            p = tmp / f"{i:04d}_{Path(name).name}"
            p.write_bytes(data + f"\n（副本{i}）\n".encode())
            inputs.append(p)
        mb = sum(p.stat().st_size for p in inputs) / 1e6
        res = {}
        for engine in ("local", "dask"):
            t = time.perf_counter()
            s = run_batch(inputs, tmp / f"{engine}.sqlite", engine=engine, workers=a.workers)
            secs = time.perf_counter() - t
            res[engine] = secs
            print(f"{engine:5s}: {s.done} docs, {mb:.1f} MB in {secs:.1f} s = {s.done / secs:.1f} docs/s, "
                  f"{mb / secs:.2f} MB/s ({a.workers} workers)")
        with Store(tmp / "local.sqlite") as x, Store(tmp / "dask.sqlite") as y:
            same = sorted(json.dumps(r, sort_keys=True) for r in x.records()) == sorted(
                json.dumps(r, sort_keys=True) for r in y.records())
        print(f"ratio dask/local time: {res['dask'] / res['local']:.2f}; identical records: {same}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak RSS: driver {rss:.0f} MB, largest worker {kids:.0f} MB")


if __name__ == "__main__":
    main()
