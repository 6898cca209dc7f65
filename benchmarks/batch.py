"""batch throughput, scaling and memory: local 1 worker, local 2 workers, Dask LocalCluster 2 workers.

    python benchmarks/batch.py [--n 5000] [--jobs 2]

N documents are written to a temporary directory from the bundled corpus (corpora/seeds and
../shared/corpus/gov-reports-2026 when it is there), each copy varied so that content hashes differ. Every configuration runs in a
fresh subprocess into its own store, while a sampler thread records the peak RSS of the parent (the one
writer) and of each worker process. Printed: docs/s per configuration, the scaling ratio 2w/1w, the Dask/local
ratio, peak RSS per worker, store size per 1,000 documents, and the parent's peak memory at a fifth of N (at
most 1,000) vs N documents, which should be flat (inputs are streamed, tasks in flight are bounded).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import bundled  # noqa: E402


class PeakRSS(threading.Thread):
    """Samples the RSS of this process and of all its descendants every ``every`` seconds."""

    def __init__(self, every: float = 0.1):
        super().__init__(daemon=True)
        import psutil

        self.me = psutil.Process()
        self.every = every
        self.parent = 0
        self.workers: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stop.is_set():
            try:
                self.parent = max(self.parent, self.me.memory_info().rss)
                for c in self.me.children(recursive=True):
                    try:
                        self.workers[c.pid] = max(self.workers.get(c.pid, 0), c.memory_info().rss)
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.stop.wait(self.every)


def one_run(engine: str, jobs: int, inputs_dir: Path, db: Path) -> dict:
    """Runs in its own process: one batch run, measured."""
    from policytext.batch import run_batch

    paths = sorted(inputs_dir.iterdir())
    sampler = PeakRSS()
    sampler.start()
    t = time.perf_counter()
    s = run_batch(paths, db, engine=engine, jobs=jobs, total=len(paths))
    secs = time.perf_counter() - t
    sampler.stop.set()
    sampler.join()
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    # the heaviest processes among the descendants are the workers (Dask nannies are light)
    workers = sorted(sampler.workers.values(), reverse=True)[:jobs]
    return {"engine": engine, "jobs": jobs, "docs": s.done, "failed": len(s.failed), "secs": secs,
            "docs_per_s": s.done / secs, "parent_peak_mb": sampler.parent / 1e6,
            "worker_peak_mb": [w / 1e6 for w in workers], "store_mb": db.stat().st_size / 1e6}


def make_inputs(d: Path, n: int) -> float:
    """Writes n varied copies of the bundled documents, one at a time; returns their total size in MB."""
    base = bundled("all")
    total = 0
    for i in range(n):
        name, data = base[i % len(base)]
        copy = data + f"\n（副本{i}）\n".encode()
        (d / f"{i:05d}_{Path(name).name}").write_bytes(copy)
        total += len(copy)
    return total / 1e6


def measure(engine: str, jobs: int, inputs_dir: Path, db: Path) -> dict:
    r = subprocess.run([sys.executable, __file__, "--one", engine, str(jobs), str(inputs_dir), str(db)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"run {engine} × {jobs} failed:\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def show(label: str, r: dict, mb: float) -> None:
    workers = ", ".join(f"{w:.0f}" for w in r["worker_peak_mb"]) or "(in the parent)"
    print(f"{label:<22} {r['docs']:>6} docs in {r['secs']:7.1f} s = {r['docs_per_s']:6.1f} docs/s "
          f"({mb / r['secs']:.2f} MB/s), {r['failed']} failed; parent peak {r['parent_peak_mb']:.0f} MB, worker peak MB: {workers}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000, help="documents (default 5000)")
    ap.add_argument("--jobs", type=int, default=2, help="workers of the parallel runs (default 2)")
    ap.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        engine, jobs, inputs_dir, db = a.one
        print(json.dumps(one_run(engine, int(jobs), Path(inputs_dir), Path(db))))
        return
    small_n = max(1, min(1000, a.n // 5))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big, small = tmp / "big", tmp / "small"
        big.mkdir()
        small.mkdir()
        mb = make_inputs(big, a.n)
        small_mb = make_inputs(small, small_n)
        print(f"{a.n} documents, {mb:.1f} MB; {os.cpu_count()} CPUs; parallel runs with {a.jobs} workers")
        l1 = measure("local", 1, big, tmp / "l1.sqlite")
        show("local, 1 worker", l1, mb)
        l2 = measure("local", a.jobs, big, tmp / "l2.sqlite")
        show(f"local, {a.jobs} workers", l2, mb)
        d2 = measure("dask", a.jobs, big, tmp / "d2.sqlite")
        show(f"dask, {a.jobs} workers", d2, mb)
        s2 = measure("local", a.jobs, small, tmp / "s2.sqlite")
        show(f"local, {a.jobs} w, {small_n} docs", s2, small_mb)
        print(f"scaling {a.jobs}w/1w: {l2['docs_per_s'] / l1['docs_per_s']:.2f}×; "
              f"dask/local at {a.jobs} workers: {d2['docs_per_s'] / l2['docs_per_s']:.2f} (target ≥ 0.80)")
        peak_workers = max(l2["worker_peak_mb"] + d2["worker_peak_mb"] or [0])
        print(f"peak RSS per worker: {peak_workers:.0f} MB (largest of the local and Dask workers)")
        print(f"store size: {l2['store_mb'] / l2['docs'] * 1000:.1f} MB per 1,000 documents "
              f"({l2['store_mb']:.1f} MB for {l2['docs']})")
        print(f"parent peak memory, local {a.jobs} workers: {s2['parent_peak_mb']:.0f} MB at {small_n} docs vs "
              f"{l2['parent_peak_mb']:.0f} MB at {a.n} docs ({l2['parent_peak_mb'] / s2['parent_peak_mb']:.2f}×; "
              f"flat ≈ 1)")
        failed = l1["failed"] + l2["failed"] + d2["failed"]
        if failed:
            print(f"warning: {failed} inputs failed across the runs")


if __name__ == "__main__":
    main()
