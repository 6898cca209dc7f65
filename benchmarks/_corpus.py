"""A ≥10 MB benchmark corpus from the bundled documents (each copy varied so content hashes differ)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bundled(kind: str = "all") -> list[tuple[str, bytes]]:
    dirs = {"seeds": ["seeds"], "reports": ["gov-reports-2026"], "all": ["seeds", "gov-reports-2026"]}[kind]
    out = []
    for d in dirs:
        for p in sorted((ROOT / "corpora" / d).glob("*.txt")):
            out.append((str(p.relative_to(ROOT)), p.read_bytes()))
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
