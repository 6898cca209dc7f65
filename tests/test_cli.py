"""End-to-end: one real subprocess per CLI verb (parse, extract, evaluate, info); exit codes 0/1/2."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seeds" / "003_6a0d34a032300153.txt"


def run(*args, cwd=ROOT):
    exe = shutil.which("policytext") or str(Path(sys.executable).parent / "policytext")
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_parse_text_and_json(tmp_path):
    r = run("parse", str(SEED), "--format", "text")
    assert r.returncode == 0, r.stderr
    assert "辽阳县" in r.stdout and "遼" not in r.stdout and "返回列表" not in r.stdout
    r = run("parse", str(SEED), "--format", "json")
    d = json.loads(r.stdout)
    assert d["script"] == "traditional" and d["metadata"]["doc_number"] == "辽县政发〔2019〕88号"
    assert any(s["marker"] == "一、" for s in d["sections"])


def test_bad_inputs_reported_and_others_kept(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 truncated")
    r = run("extract", str(empty), str(SEED), str(junk), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert r.returncode == 1
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [Path(x["source"]).name for x in lines] == [SEED.name]
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 3
    assert all(re.match(r"error: .*(empty|junk|missing)\.(txt|pdf): ", e) for e in errors), errors


def test_extract_formats():
    r = run("extract", str(SEED), "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith("doc_id,source,title")
    assert sum(1 for x in r.stdout.splitlines()[1:] if ",target," in x) >= 1
    r = run("extract", str(SEED), "--format", "table")
    assert r.returncode == 0 and "target" in r.stdout
    r = run("extract", str(SEED), "--format", "json")
    recs = json.loads(r.stdout)
    t = recs[0]["targets"][0]
    assert {"indicator", "value", "unit", "comparator", "year", "kind", "text", "start", "end"} <= set(t)


def test_evaluate_json():
    r = run("evaluate", "--gold", "corpora/gold/seeds", "--docs", "corpora/seeds", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["documents"] == 5 and 0 <= d["targets_value"]["f1"] <= 1


def test_info_and_usage_error():
    r = run("info", "--format", "json")
    assert r.returncode == 0 and "targets" in json.loads(r.stdout)["pipeline"]
    assert run("extract", "--format", "nope", str(SEED)).returncode == 2
    assert run("no-such-verb").returncode == 2


def test_every_verb_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        if name == "info":
            continue
        assert f"`{name}`" in readme, f"verb {name} missing from README"


@pytest.mark.parametrize("verb", sorted(main.commands))
def test_help_for_every_verb(verb):
    assert run(verb, "--help").returncode == 0
