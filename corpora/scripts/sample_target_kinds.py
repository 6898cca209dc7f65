"""Draw a reproducible sample of figures from the 22 government work reports for hand labelling of their
kind (target / achievement / baseline).

    python corpora/scripts/sample_target_kinds.py [--per-doc 10] [--seed 7] > corpora/annotations/todo.jsonl

Each line holds the document, the figure's span in the normalized text, its clause, its sentence and the
headings above it: what a person reads to judge the kind. The sample is drawn from every figure the
extractor finds (what the kind classifier will be asked about), without its predicted kind, so that the
labels are not anchored on the rules. Labels go into ``corpora/annotations/target_kind.jsonl`` as ``doc``,
``start``, ``end``, ``sha1`` and ``kind`` only: the sampled text is for the labeller's eyes, and the project keeps
no text of documents it did not write (the reports are development material in ``../shared/corpus``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import policytext
from policytext.extractors.clauses import SUB_HEADING, TOP_HEADING

ROOT = Path(__file__).resolve().parents[2]


def headings_above(text: str, pos: int) -> list[str]:
    """The nearest top-level heading (一、/ 第一部分) above ``pos`` and the nearest sub-heading ((一)) under it."""
    top = sub = None
    end = pos
    while end > 0 and top is None:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start:end].strip()
        if SUB_HEADING.match(line):
            sub = sub or line[:40]
        elif TOP_HEADING.match(line):
            top = line[:40]
        end = start
    return [h for h in (top, sub) if h]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-doc", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("dirs", nargs="*", default=[str(ROOT.parent / "shared" / "corpus" / "gov-reports-2026")])
    a = ap.parse_args()
    missing = [d for d in a.dirs if not Path(d).is_dir()]
    if missing:
        sys.exit(f"error: {missing[0]}: no such folder (the reports are development material outside the project)")
    rng = random.Random(a.seed)
    for d in a.dirs:
        for path in sorted(Path(d).glob("*.txt")):
            doc = policytext.extract(str(path))
            text = doc.text
            picks = rng.sample(doc.targets, min(a.per_doc, len(doc.targets)))
            for t in sorted(picks, key=lambda t: t.start):
                s = max(text.rfind("。", 0, t.start), text.rfind("\n", 0, t.start)) + 1
                e = min(x for x in (text.find("。", t.end), text.find("\n", t.end), len(text)) if x >= 0)
                item = {"doc": f"{path.parent.name}/{path.name}", "start": t.start, "end": t.end,
                        "sha1": hashlib.sha1(t.text.encode("utf-8")).hexdigest()[:16], "text": t.text,
                        "sentence": text[s:e + 1], "headings": headings_above(text, s)}
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
