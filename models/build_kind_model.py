"""Train and measure the figure-kind classifier against the rules; write ``models/target-kind/model.json``.

    python models/build_kind_model.py [--corpus ../shared/corpus] [--train …] [--test …] [--no-write]

Annotations: one JSON line per figure (``doc``: the document's path under ``--corpus``; ``start``, ``end`` in
its normalized text; ``sha1``: the first 16 hex digits of the SHA-1 of the figure's text, so a changed document
or pipeline is caught; ``kind`` in target / achievement / baseline, or ``not_a_figure``), hand-labelled from a
random sample drawn by ``corpora/scripts/sample_target_kinds.py``. The annotations hold no text of the documents:
it is read from the documents themselves, which are not part of the project (the 22 government work reports
live in the development folder ``../shared/corpus/gov-reports-2026``). Figures labelled ``not_a_figure`` are
left out of the kind task.

Measurement: leave-one-document-out. For each document, the model is trained on the figures of all the
other documents and predicts the held-out document's figures; the rules (``find_targets``) predict the
same figures. Both are scored against the hand labels (accuracy and macro F1). Then the model is trained
on everything and written as JSON (no pickle).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import policytext
from policytext.extractors.kind_model import heading_index, kind_features, train
from policytext.extractors.targets import find_targets
from policytext.pipeline import _doc_year

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "models" / "target-kind" / "model.json"
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("target", "achievement", "baseline")


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    f1s = []
    for k in {g for g, _ in pairs}:
        tp = sum(1 for g, p in pairs if g == k and p == k)
        fp = sum(1 for g, p in pairs if g != k and p == k)
        fn = sum(1 for g, p in pairs if g == k and p != k)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


_DOCS: dict[str, tuple[str, int | None, list]] = {}


def span_hash(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:16]


def _doc(doc_path: str, corpus: Path = CORPUS):
    """(normalized text, document year, rules' targets) of a document, cached."""
    if doc_path not in _DOCS:
        doc = policytext.extract(str(corpus / doc_path))
        _DOCS[doc_path] = (doc.text, _doc_year(doc.metadata), doc.targets)
    return _DOCS[doc_path]


def locate(text: str, start: int, end: int, sha1: str, slack: int = 300) -> tuple[int, int] | None:
    """The span holding the annotated figure: ``start:end`` itself, or the nearest span of the same length
    within ``slack`` characters whose hash matches (when normalization moved the text a little)."""
    n = end - start
    for d in range(slack + 1):
        for s in {start - d, start + d}:
            if 0 <= s and s + n <= len(text) and span_hash(text[s:s + n]) == sha1:
                return s, s + n
    return None


def _kind_at(targets, start: int, end: int) -> str:
    """The kind of the record at ``start:end`` (or overlapping it, if the rules' span changed since sampling)."""
    t = next((t for t in targets if t.start == start and t.end == end), None)
    t = t or next((t for t in targets if t.start < end and start < t.end), None)
    return t.kind if t else "target"


def load(path: Path, corpus: Path = CORPUS) -> list[dict]:
    """Annotations (kinds only) with their features and the rules' prediction."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for it in items:
        if it["kind"] not in KINDS:
            continue
        text, year, targets = _doc(it["doc"], corpus)
        span = locate(text, it["start"], it["end"], it["sha1"])
        if span is None:
            raise SystemExit(f"{it['doc']}: annotation span {it['start']}:{it['end']} no longer holds the labelled "
                             f"figure (sha1 {it['sha1']}); the document or the normalization changed")
        s, e = span
        out.append({**it, "start": s, "end": e, "features": kind_features(text, s, e, year, heading_index(text)),
                    "rules": _kind_at(targets, s, e)})
    return out


def report(name: str, pairs: list[tuple[str, str]]) -> float:
    acc = sum(g == p for g, p in pairs) / len(pairs)
    errors = dict(Counter((g, p) for g, p in pairs if g != p))
    print(f"  {name:28s} accuracy {acc:.3f}  macro F1 {macro_f1(pairs):.3f}  errors (gold, predicted): {errors}")
    return acc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default=str(ROOT / "corpora" / "annotations" / "target_kind.jsonl"))
    ap.add_argument("--test", default=str(ROOT / "corpora" / "annotations" / "target_kind_test.jsonl"))
    ap.add_argument("--corpus", default=str(CORPUS),
                    help="folder that holds the annotated documents (default: the development folder ../shared/corpus)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("-C", type=float, default=1.0)
    a = ap.parse_args()
    corpus = Path(a.corpus)
    if not (corpus / "gov-reports-2026").is_dir():
        sys.exit(f"error: {corpus}: the annotated documents are not there (the 22 government work reports are "
                 "development material outside the project; pass --corpus DIR holding gov-reports-2026/)")
    items = load(Path(a.train), corpus)
    docs = sorted({it["doc"] for it in items})
    print(f"train: {len(items)} hand-labelled figures in {len(docs)} documents "
          f"{dict(Counter(it['kind'] for it in items))}")
    print(" leave-one-document-out on the training annotations (the rules were revised after reading this set):")
    rules_pairs, model_pairs = [], []
    for held in docs:
        model = train([(it["features"], it["kind"]) for it in items if it["doc"] != held], c=a.C)
        for it in (it for it in items if it["doc"] == held):
            model_pairs.append((it["kind"], model.predict(it["features"])[0]))
            rules_pairs.append((it["kind"], it["rules"]))
    lodo = {"rules": report("rules", rules_pairs), "model": report("model", model_pairs)}
    model = train([(it["features"], it["kind"]) for it in items], c=a.C)
    test = load(Path(a.test), corpus)
    print(f"test: {len(test)} figures from a second random sample, labelled before either was run on it "
          f"{dict(Counter(it['kind'] for it in test))}")
    hybrid = {}
    for it in test:
        text, year, _ = _doc(it["doc"], corpus)
        if it["doc"] not in hybrid:
            hybrid[it["doc"]] = find_targets(text, doc_year=year, kind_model=model)
    scores = {
        "rules": report("rules", [(it["kind"], it["rules"]) for it in test]),
        "model": report("model", [(it["kind"], model.predict(it["features"])[0]) for it in test]),
        "rules + model where no cue": report(
            "rules + model where no cue", [(it["kind"], _kind_at(hybrid[it["doc"]], it["start"], it["end"])) for it in test]),
    }
    if not a.no_write:
        model.meta.update({"leave_one_document_out": lodo, "test": scores, "train_figures": len(items),
                           "test_figures": len(test)})
        OUT.parent.mkdir(parents=True, exist_ok=True)
        model.to_json(OUT)
        print(f"wrote {OUT.relative_to(ROOT)} ({len(model.weights)} features)")


if __name__ == "__main__":
    main()
