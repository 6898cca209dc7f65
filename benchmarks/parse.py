"""Whole-process parse speed: ``policytext parse`` as a user runs it, start-up included.

    python benchmarks/parse.py [--mb 4] [--baseline-python PATH] [--steps]

1. traditional: a --mb MB file of the noisy traditional seeds (001 and 003: pinyin annotations, mojibake,
   page chrome) repeated; ``policytext parse FILE`` is timed as a whole process, and so is a process that
   only runs opencc-python-reimplemented's ``OpenCC('t2s').convert`` on the same file (the plain
   converter; minimum: parse ≥ 10× faster). That package shares the import name ``opencc`` with the
   official one, so it runs under ``--baseline-python`` (a Python that has it; default: this one, when
   its ``opencc`` is the reimplementation).
2. simplified: 2 × --mb MB of the simplified seeds and government reports (minimum 8 MB/s, start-up
   included);
3. cold start: ``policytext parse`` of one seed (minimum: under 1 s).

Times are CPU seconds (user + system) of the child process, which a busy machine disturbs less than
wall time; wall time is printed too. ``--steps`` adds an in-process profile of the normalization steps.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
REPORTS = ROOT / "corpora" / "gov-reports-2026"
BASELINE = ("import sys\nfrom opencc import OpenCC\n"
            "OpenCC('t2s').convert(open(sys.argv[1], encoding='utf-8').read())\n")


def build(path: Path, texts: list[str], mb: float) -> int:
    block = "\n".join(texts) + "\n"
    n = int(mb * 1e6) // len(block.encode()) + 1
    path.write_text(block * n, encoding="utf-8")
    return path.stat().st_size


def timed(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def has_reimplementation(python: str) -> bool:
    probe = "import opencc, sys; sys.exit(0 if hasattr(opencc.OpenCC('t2s'), '_init_dict') else 1)"
    return subprocess.run([python, "-c", probe], capture_output=True).returncode == 0


def steps_profile(path: Path) -> None:
    from collections import defaultdict

    from policytext.normalize import STEPS
    from policytext.pipeline import parse_path

    spent: dict[str, float] = defaultdict(float)
    for name, func in list(STEPS.items()):
        def wrap(text, _f=func, _n=name):
            t = time.process_time()
            try:
                return _f(text)
            finally:
                spent[_n] += time.process_time() - t
        STEPS[name] = wrap
    t = time.process_time()
    parse_path(path)
    total = time.process_time() - t
    print(f"  in-process parse {total:.2f} s CPU; normalization steps: " + ", ".join(
        f"{k} {v:.2f}" for k, v in sorted(spent.items(), key=lambda kv: -kv[1])))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=4)
    ap.add_argument("--baseline-python", default=sys.executable)
    ap.add_argument("--steps", action="store_true")
    a = ap.parse_args()
    parse = [sys.executable, "-m", "policytext", "parse"]
    with tempfile.TemporaryDirectory() as tmp:
        trad = Path(tmp) / "traditional.txt"
        size = build(trad, [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))
                            if p.name[:3] in ("001", "003")], a.mb)
        cpu, wall = timed(parse + [str(trad)])
        print(f"traditional {size / 1e6:.1f} MB: parse {cpu:.2f} s CPU ({wall:.2f} s wall) = {size / 1e6 / cpu:.1f} MB/s")
        if has_reimplementation(a.baseline_python):
            bcpu, bwall = timed([a.baseline_python, "-c", BASELINE, str(trad)])
            print(f"  opencc-python-reimplemented OpenCC('t2s').convert alone: {bcpu:.2f} s CPU ({bwall:.2f} s wall); "
                  f"parse is {bcpu / cpu:.1f}x faster (wall {bwall / wall:.1f}x; minimum 10x)")
        else:
            print("  (baseline skipped: no opencc-python-reimplemented under --baseline-python)")
        if a.steps:
            steps_profile(trad)
        simp = Path(tmp) / "simplified.txt"
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")) if p.name[:3] not in ("001", "003")]
        texts += [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
        size = build(simp, texts, 2 * a.mb)
        cpu, wall = timed(parse + [str(simp)])
        print(f"simplified {size / 1e6:.1f} MB: parse {cpu:.2f} s CPU ({wall:.2f} s wall) = "
              f"{size / 1e6 / cpu:.1f} MB/s (minimum 8 MB/s)")
        if a.steps:
            steps_profile(simp)
    seed = next(SEEDS.glob("001_*.txt"))
    cpu, wall = timed(parse + [str(seed)])
    print(f"cold start, one seed ({seed.name}): {cpu:.2f} s CPU ({wall:.2f} s wall) (minimum: under 1 s)")


if __name__ == "__main__":
    main()
