"""Golden files for the parser: normalized text and metadata of each bundled seed document, and every repair and
damaged span with all its offsets (normalized and raw), one JSON object per line (``*.repairs.jsonl``).

``pytest tests/test_parse_golden.py --update-golden`` rewrites them; review the diff by eye.
"""
from __future__ import annotations

import json

import pytest

from policytext.pipeline import parse_path

from .conftest import ROOT, SEEDS, check_golden

GOLDEN = ROOT / "tests" / "golden" / "parse"
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_parse_matches_golden(name, update_golden):
    doc = parse_path(SEEDS / name)
    check_golden(GOLDEN / (name[:-4] + ".txt"), doc.text + "\n", update_golden)
    summary = {
        "script": doc.script,
        "encoding": doc.encoding,
        "metadata": doc.metadata.to_dict(),
        "sections": [[s.level, s.marker, s.title] for s in doc.sections],
        "repairs": {k: sum(1 for r in doc.repairs if r.kind == k) for k in sorted({r.kind for r in doc.repairs})},
        "damaged": [d.text for d in doc.damaged],
    }
    check_golden(GOLDEN / (name[:-4] + ".json"), summary, update_golden)
    # every repair and damaged span, field by field: kind, start, end, raw_start, raw_end, before, after, detail
    lines = [json.dumps({"repair": r.to_dict()}, ensure_ascii=False) for r in doc.repairs]
    lines += [json.dumps({"damaged": d.to_dict()}, ensure_ascii=False) for d in doc.damaged]
    lines += [json.dumps({"section": s.to_dict()}, ensure_ascii=False) for s in doc.sections]
    # the offset maps: each sentence's span in the normalized text and the raw span it maps back to
    lines += [json.dumps({"sentence": [a, b], "raw": list(doc.to_raw_span(a, b))}) for a, b in doc.sentences]
    check_golden(GOLDEN / (name[:-4] + ".repairs.jsonl"), "\n".join(lines) + "\n", update_golden)


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_text_is_clean(name):
    doc = parse_path(SEEDS / name)
    for junk in ("ICP备", "上一篇", "首页 >", "版权所有", "(fā)", "字号", "小编", "11选5"):
        assert junk not in doc.text, junk
    for r in doc.repairs:
        assert doc.text[r.start:r.end] == r.after
        assert r.raw_start <= r.raw_end <= len(doc.raw_text)
