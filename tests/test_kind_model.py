"""The trained figure-kind classifier: features, training, JSON round trip, and its pipeline wiring."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytext.extractors.kind_model import KindModel, heading_index, kind_features, train

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "models" / "target-kind" / "model.json"

REPORT = """一、2025年工作回顾
全年地区生产总值增长5.2%，城镇新增就业44万人。
二、2026年重点工作
地区生产总值增长5%左右，城镇新增就业40万人以上。
"""


def test_features_see_clause_headings_and_years():
    text = REPORT
    start = text.index("城镇新增就业44万人")
    feats = kind_features(text, start, start + len("城镇新增就业44万人"), 2026)
    assert "h:回顾" in feats and "y:h:past" in feats
    assert "c:0万" in feats  # digits folded
    later = text.index("城镇新增就业40万人")
    feats2 = kind_features(text, later, later + 10, 2026)
    assert "y:h:same" in feats2 and "h:回顾" not in feats2
    assert heading_index(text)[0] == (0, "top", "一、2025年工作回顾")


def test_train_predict_and_json_round_trip(tmp_path):
    past = ["h:回顾", "c:增长", "bias"]
    plan = ["h:重点", "c:左右", "bias"]
    model = train([(past, "achievement")] * 5 + [(plan, "target")] * 5, min_count=1)
    assert model.predict(past)[0] == "achievement"
    assert model.predict(plan)[0] == "target"
    p = tmp_path / "m.json"
    model.to_json(p)
    again = KindModel.from_json(p)
    assert again.predict(plan) == model.predict(plan)
    p.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(ValueError):
        KindModel.from_json(p)


def test_shipped_model_loads_and_is_measured():
    model = KindModel.from_json(SHIPPED)
    assert set(model.classes) >= {"achievement", "target"}
    test = model.meta["test"]
    assert set(test) == {"rules", "model", "rules + model where no cue"}


def test_pipeline_with_the_kind_model():
    from policytext.nlp import blank_pipeline

    nlp = blank_pipeline()
    nlp.add_pipe("policytext_targets", name="targets", config={"extractor": {
        "@misc": "policytext.targets_kind_model.v1", "path": str(SHIPPED)}})
    doc = nlp(REPORT)
    kinds = {r.text: r.kind for r in doc._.targets}
    assert kinds["城镇新增就业44万人"] == "achievement"
    assert kinds["城镇新增就业40万人以上"] == "target"
