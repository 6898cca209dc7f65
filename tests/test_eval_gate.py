"""Evaluation gate: extraction on the development gold must not fall below the floors reached.

Three sets: the seeds (the project's own sample, always there), and, when the development folder ``../shared``
is there (CI has it; a user's clone does not), the 13 annotated dev pages and the scoped gold of the 22
provincial 2026 government work reports. Floors are the scores measured when they were set (see the issue
notes); raise them when the extractors improve, never lower one silently. Scored with the rules of the gold's
own ``score.py`` (``policytext.evaluate``), and checked to agree with it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.evaluate import score
from policytext.pipeline import extract_document, parse_path

from .conftest import GOLD, NO_SHARED, ROOT, SEEDS, SHARED

# (gold folder, document folder)
SETS = {
    "seeds": (GOLD / "seeds", SEEDS),
    "dev": (SHARED / "gold" / "dev", SHARED / "corpus" / "dev"),
    "gov-reports-2026": (SHARED / "gold" / "gov-reports-2026", SHARED / "corpus" / "gov-reports-2026"),
}

# measured 2026-12-01. seeds: every field 1.000 since 2026-11-29. dev and gov-reports-2026 on main before this
# session's work (issue #10's note): dev targets value 0.911, full 0.633, mechanisms_listed 0.500, components 0.526,
# deadlines 0.857, metadata title 0.46 / issuer 0.54 / doc_number 0.92 / issued_date 0.92 / region 0.77;
# gov-reports targets 1.000 / 0.993, deadlines 0.927, issuer 0.0. The floors are what the final code reaches
# (issue minimums: dev .95/.85/.90/.85/.90, metadata .85; gov-reports .98/.95, issuer .95).
FLOORS = {
    "seeds": {"targets_value": 1.0, "targets_full": 1.0, "mechanisms": 1.0, "mechanisms_listed": 1.0,
              "components": 1.0, "deadlines": 1.0},
    "dev": {"targets_value": 1.0, "targets_full": 1.0, "mechanisms": 1.0, "mechanisms_listed": 1.0,
            "components": 1.0, "deadlines": 1.0},
    "gov-reports-2026": {"targets_value": 1.0, "targets_full": 1.0, "deadlines": 1.0},
}
KIND_FLOOR = {"seeds": 1.0, "dev": 1.0, "gov-reports-2026": 1.0}
META_FLOOR = {
    "seeds": dict.fromkeys(("title", "issuer", "doc_number", "issued_date", "region"), 1.0),
    "dev": {"title": 0.92, "issuer": 1.0, "doc_number": 1.0, "issued_date": 1.0, "region": 0.92},
    "gov-reports-2026": dict.fromkeys(("title", "issuer", "doc_number", "issued_date", "region"), 1.0),
}


def _available(name: str) -> bool:
    gold, docs = SETS[name]
    return gold.is_dir() and docs.is_dir()


@pytest.fixture(scope="module", params=list(SETS))
def gold_set(request, nlp):
    name = request.param
    if not _available(name):
        pytest.skip(NO_SHARED)
    gold, docs = SETS[name]
    out = []
    for g in sorted(gold.glob("*.json")):
        doc_name = json.loads(g.read_text(encoding="utf-8"))["doc"]
        out.append(extract_document(parse_path(docs / Path(doc_name).name), nlp))
    return name, gold, out


@pytest.fixture(scope="module")
def result(gold_set):
    name, gold, docs = gold_set
    return name, score(gold, [d.to_dict(structure=False) for d in docs])


def test_f1_floors(result):
    name, res = result
    low = {f: res[f]["f1"] for f, floor in FLOORS[name].items() if res[f]["f1"] < floor}
    assert not low, f"{name}: below the floor: {low} (floors {FLOORS[name]})"


def test_kind_accuracy_floor(result):
    name, res = result
    assert res["target_kind_accuracy"] is None or res["target_kind_accuracy"] >= KIND_FLOOR[name]


def test_metadata_floors(result):
    name, res = result
    low = {f: v for f, v in res["metadata_accuracy"].items() if v < META_FLOOR[name][f]}
    assert not low, f"{name}: metadata below the floor: {low}"


def test_every_record_quotes_its_span(gold_set):
    name, _, docs = gold_set
    for doc in docs:
        for r in [*doc.targets, *doc.mechanisms, *doc.deadlines]:
            assert doc.text[r.start:r.end] == r.text, (name, doc.source, r)
            if doc.is_damaged(r.start, r.end):
                assert r.damaged, (name, doc.source, r)


def test_package_scorer_agrees_with_gold_scorer(gold_set, tmp_path):
    """``policytext evaluate`` and the gold's own score.py (the shared one when it is there) give the same figures."""
    name, gold, docs = gold_set
    scorer = SHARED / "gold" / "score.py"
    scorer = scorer if scorer.is_file() else GOLD / "score.py"
    records = [d.to_dict(structure=False) for d in docs]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    theirs = json.loads(out.stdout)
    ours = score(gold, records)
    for k in (*FLOORS["seeds"], "target_kind_accuracy", "metadata_accuracy"):
        assert theirs[k] == ours[k], (name, k)
