"""Why a record is what it is: ``extract --explain`` and ``span._.rule`` name the rules (ids of the rule tables in
policytext/data/lexicon/*.json) that produced each target, its number, comparator, indicator, year and kind."""
from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from policytext.extractors.targets import find_targets

ROOT = Path(__file__).resolve().parents[1]
# written for this test
TEXT = ("关于加快养老服务发展的通知\n"
        "到2027年，全县护理型床位占比不得低于60%，农村和城镇养老机构入住率分别提高5%、8%左右。"
        "每个项目补助三到五十万元。\n")


def _lexicon_ids() -> set[str]:
    ids: set[str] = set()

    def walk(x):
        if isinstance(x, dict):
            if isinstance(x.get("id"), str):
                ids.add(x["id"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for name in ("numbers.json", "targets.json"):
        walk(json.loads((resources.files("policytext") / "data" / "lexicon" / name).read_text(encoding="utf-8")))
    return ids


def test_every_target_names_its_rules():
    got = find_targets(TEXT, doc_year=2025)
    assert [(t.value, t.comparator) for t in got] == [(60, ">="), (5, "~"), (8, "~"), (300_000, "=")]
    floor, rural, urban, grant = got
    assert "cmp.negated:不得低于" in floor.rule
    assert "year.sentence" in floor.rule
    assert any(r.startswith("kind.") for r in floor.rule)
    assert "cmp.shared_after:左右" in rural.rule and "ind.respectively" in rural.rule
    assert (rural.indicator, urban.indicator) == ("农村养老机构入住率提高", "城镇养老机构入住率提高")
    assert grant.value_max == 500_000 and "range" in grant.rule
    # comparator and indicator rule ids come from the lexicon files (the part before ":" names the rule)
    ids = _lexicon_ids()
    for t in got:
        for r in t.rule:
            if r.startswith(("cmp.", "ind.respectively", "ind.reject", "ind.frame")) and r not in (
                    "cmp.default", "cmp.shared_after") and not r.startswith("cmp.shared_after"):
                assert r.partition(":")[0] in ids, r


def test_rule_field_in_json_and_span_extension(nlp):
    from policytext.pipeline import extract_document, parse_bytes

    doc = extract_document(parse_bytes(TEXT.encode("utf-8"), "养老.txt"), nlp)
    d = doc.to_dict()
    assert all(t["rule"] for t in d["targets"])
    sdoc = nlp.make_doc(TEXT)
    for _, proc in nlp.pipeline:
        sdoc = proc(sdoc)
    spans = list(sdoc.spans["targets"])
    assert spans and all(sp._.rule == sp._.record.rule for sp in spans)
    assert any("cmp.negated:不得低于" in sp._.rule for sp in spans)


def test_cli_explain_end_to_end(tmp_path):
    f = tmp_path / "养老.txt"
    f.write_text(TEXT, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "policytext", "extract", str(f), "--explain"], capture_output=True,
                       text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "全县护理型床位占比不得低于60%" in out
    assert "comparator: cmp.negated:不得低于" in out
    assert "护理型床位占比 >= 60 %" in out
    assert "year=2027" in out
    assert "300000–500000" in out and "range.shared_mag" in out
    for aspect in ("number:", "comparator:", "indicator:", "year:", "kind:"):
        assert aspect in out


def test_cli_extract_pumped_tail_words_finishes(tmp_path):
    """Issue #13 row 2, through the command line."""
    f = tmp_path / "t.txt"
    f.write_text("到2025年，全市学校" + "达约" * 40 + "率60%以上。\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "policytext", "extract", str(f), "--format", "jsonl"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert [t["value"] for t in json.loads(r.stdout)["targets"]] == [60]
