"""Whole-process parse speed: ``policytext parse`` as a user runs it, start-up included.

    python benchmarks/parse.py [--mb 4] [--baseline-python PATH] [--steps] [--runs 3] [--no-bytecode-cache]

1. traditional: a --mb MB file of the noisy traditional seeds (001 and 003: pinyin annotations, mojibake,
   page chrome) repeated; ``policytext parse FILE`` (the normalized text) and ``policytext parse --format json
   FILE`` (metadata, structure, repairs and offsets too) are timed as whole processes, and so is a process that
   only runs opencc-python-reimplemented's ``OpenCC('t2s').convert`` on the same file (the plain
   converter; minimum: parse ≥ 10× faster). That package shares the import name ``opencc`` with the
   official one, so it runs under ``--baseline-python`` (a Python that has it; default: this one, when
   its ``opencc`` is the reimplementation).
2. simplified: 2 × --mb MB of the simplified seeds (000, 002, 004) and the 22 government work reports of
   ``../shared/corpus/gov-reports-2026`` (development material kept outside the project, see _corpus.py;
   without it the file is built from the seeds alone, and a note says so) — minimum 8 MB/s, start-up included;
3. cold start: ``policytext parse`` of one seed (minimum: under 1 s).

Times are CPU seconds (user + system) of the child process, which a busy machine disturbs less than
wall time; wall time is printed too; each command runs ``--runs`` times and the least time counts (for the
baseline too). Children run with a bytecode cache (in a temporary ``PYTHONPYCACHEPREFIX``, warmed by one
untimed run), as an installed package and the baseline's site-packages have theirs; ``--no-bytecode-cache``
keeps the caller's environment instead (with ``PYTHONDONTWRITEBYTECODE=1`` every run compiles our modules).
``--steps`` adds an in-process profile of the normalization steps.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import REPORTS, ROOT, SEEDS  # noqa: E402

BASELINE = ("import sys\nfrom opencc import OpenCC\n"
            "OpenCC('t2s').convert(open(sys.argv[1], encoding='utf-8').read())\n")


def build(path: Path, texts: list[str], mb: float) -> int:
    block = "\n".join(texts) + "\n"
    n = int(mb * 1e6) // len(block.encode()) + 1
    path.write_text(block * n, encoding="utf-8")
    return path.stat().st_size


ENV = dict(os.environ, PYTHONPATH=str(ROOT))
RUNS = [3]  # runs per command (--runs)


def timed_once(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def timed(cmd: list[str]) -> tuple[float, float]:
    """The least (CPU seconds, wall seconds) of ``RUNS[0]`` runs, after an untimed one that fills the bytecode
    cache."""
    if "PYTHONPYCACHEPREFIX" in ENV:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return min(timed_once(cmd) for _ in range(RUNS[0]))


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
    ap.add_argument("--runs", type=int, default=RUNS[0], help="runs per command; the least time counts")
    ap.add_argument("--no-bytecode-cache", action="store_true", help="keep the caller's bytecode settings")
    a = ap.parse_args()
    RUNS[0] = max(1, a.runs)
    parse = [sys.executable, "-m", "policytext", "parse"]
    with tempfile.TemporaryDirectory() as tmp:
        if not a.no_bytecode_cache:
            ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        print(f"{RUNS[0]} run(s) per command, least time; bytecode cache: "
              f"{'caller' if a.no_bytecode_cache else 'on (temporary prefix, warmed)'}")
        trad = Path(tmp) / "traditional.txt"
        size = build(trad, [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))
                            if p.name[:3] in ("001", "003")], a.mb)
        cpu, wall = timed(parse + [str(trad)])
        print(f"traditional {size / 1e6:.1f} MB: parse {cpu:.2f} s CPU ({wall:.2f} s wall) = {size / 1e6 / cpu:.1f} MB/s")
        # the default output is the normalized text alone; --format json also computes and prints the metadata,
        # structure and every repair with its offsets (what a parse leaves for when they are read: Document.defer)
        jcpu, jwall = timed(parse + ["--format", "json", str(trad)])
        print(f"  with --format json: {jcpu:.2f} s CPU ({jwall:.2f} s wall) = {size / 1e6 / jcpu:.1f} MB/s")
        if has_reimplementation(a.baseline_python):
            bcpu, bwall = timed([a.baseline_python, "-c", BASELINE, str(trad)])
            print(f"  opencc-python-reimplemented OpenCC('t2s').convert alone: {bcpu:.2f} s CPU ({bwall:.2f} s wall); "
                  f"parse is {bcpu / cpu:.1f}x faster (wall {bwall / wall:.1f}x; minimum 10x); "
                  f"parse --format json {bcpu / jcpu:.1f}x (wall {bwall / jwall:.1f}x)")
        else:
            print("  (baseline skipped: no opencc-python-reimplemented under --baseline-python)")
        if a.steps:
            steps_profile(trad)
        simp = Path(tmp) / "simplified.txt"
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")) if p.name[:3] not in ("001", "003")]
        if REPORTS.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
        else:
            print(f"  note: {REPORTS} is not there; the simplified file is built from the seeds alone")
        size = build(simp, texts, 2 * a.mb)
        cpu, wall = timed(parse + [str(simp)])
        print(f"simplified {size / 1e6:.1f} MB ({len(texts)} documents): parse {cpu:.2f} s CPU ({wall:.2f} s wall) = "
              f"{size / 1e6 / cpu:.1f} MB/s (minimum 8 MB/s)")
        if a.steps:
            steps_profile(simp)
        seed = next(SEEDS.glob("001_*.txt"))
        cpu, wall = timed(parse + [str(seed)])
        print(f"cold start, one seed ({seed.name}): {cpu:.2f} s CPU ({wall:.2f} s wall) (minimum: under 1 s)")


if __name__ == "__main__":
    main()
