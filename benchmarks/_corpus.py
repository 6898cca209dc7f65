"""A ≥10 MB benchmark corpus from the bundled seeds and, when the development folder ``../shared`` is there,
the 22 government work reports (development material kept outside the project; each copy varied so content
hashes differ). Without ``../shared`` the corpus is built from the seeds alone, and a note says so on stderr."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
REPORTS = ROOT.parent / "shared" / "corpus" / "gov-reports-2026"


def bundled(kind: str = "all") -> list[tuple[str, bytes]]:
    dirs = {"seeds": [SEEDS], "reports": [REPORTS], "all": [SEEDS, REPORTS]}[kind]
    if REPORTS in dirs and not REPORTS.is_dir():
        print(f"note: {REPORTS} is not there; the benchmark corpus is built from the seeds alone", file=sys.stderr)
        dirs = [SEEDS]
    out = []
    for d in dirs:
        for p in sorted(d.glob("*.txt")):
            out.append((f"{d.name}/{p.name}", p.read_bytes()))
    return out


def corpus(min_bytes: int = 10_000_000, kind: str = "all") -> list[tuple[str, bytes]]:
    base = bundled(kind)
    docs: list[tuple[str, bytes]] = []
    total = i = 0
    while total < min_bytes:
        name, data = base[i % len(base)]
        copy = data + f"\n（副本{i}）\n".encode()
        docs.append((f"{name}#{i}", copy))
        total += len(copy)
        i += 1
    return docs
