"""Body extraction: policytext.read.html vs trafilatura on government-style pages with a known body.

    .venv/bin/python benchmarks/html_vs_trafilatura.py [--repeat 5]

Pages are the HTML fixtures in tests/fixtures/read/ (rebuild them with tests/fixtures/build_read_fixtures.py):
seed and 2026 gov-report texts wrapped in CMS chrome (nav, breadcrumbs, 字号 bars, related links, ICP footers,
spam link lists; GBK, Big5, mislabelled and undeclared charsets). The known body is ``<page>.expected.txt``.

Scores are character-level over whitespace-free text: the matched characters of a difflib alignment between
the extracted text and the known body; precision = matched / extracted, recall = matched / known. Both tools
get the raw bytes (each does its own charset handling). Times are the median of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import difflib
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "read"


def char_pr(pred: str, gold: str) -> tuple[float, float]:
    p = "".join(pred.split())
    g = "".join(gold.split())
    if not p or not g:
        return 0.0, 0.0
    sm = difflib.SequenceMatcher(None, p, g, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    return matched / len(p), matched / len(g)


def ours(data: bytes, name: str) -> str:
    from policytext.read import read_bytes

    return read_bytes(data, name).text


def trafilatura_body(data: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(data, include_tables=True, include_comments=False, with_metadata=False) or ""


def timed(fn, data: bytes, name: str, repeat: int) -> tuple[str, float]:
    times, out = [], ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(data, name)
        times.append(time.perf_counter() - t0)
    return out, statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    import logging

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    pages = sorted(p for p in FIXTURES.glob("*.html"))
    if not pages:
        raise SystemExit("no fixtures; run tests/fixtures/build_read_fixtures.py first")
    for fn in (ours, trafilatura_body):  # warm-up (imports, lazy compiles)
        fn(pages[0].read_bytes(), pages[0].name)
    print(f"{'page':28} {'tool':12} {'prec':>6} {'recall':>6} {'F1':>6} {'ms':>8}")
    totals: dict[str, list[tuple[float, float, float]]] = {"policytext": [], "trafilatura": []}
    for page in pages:
        data = page.read_bytes()
        gold = (FIXTURES / (page.name + ".expected.txt")).read_text(encoding="utf-8")
        for label, fn in (("policytext", ours), ("trafilatura", trafilatura_body)):
            text, secs = timed(fn, data, page.name, args.repeat)
            p, r = char_pr(text, gold)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            totals[label].append((p, r, secs))
            print(f"{page.name:28} {label:12} {p:6.3f} {r:6.3f} {f1:6.3f} {secs * 1000:8.1f}")
    print()
    for label, rows in totals.items():
        p = statistics.mean(x[0] for x in rows)
        r = statistics.mean(x[1] for x in rows)
        ms = sum(x[2] for x in rows) * 1000
        print(f"{'mean / total':28} {label:12} {p:6.3f} {r:6.3f} {2 * p * r / (p + r) if p + r else 0:6.3f} {ms:8.1f}")


if __name__ == "__main__":
    main()
