"""Comparison: alignment against the gold rows (a floor), reuse detection, CLI formats."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.compare import compare
from policytext.compare.reuse import find_reuse
from policytext.pipeline import process_bytes

from .conftest import GOLD, ROOT, SEEDS

ALIGN_FLOOR = 0.92         # measured 0.928 (issue minimum 0.85)
TARGET_ALIGN_FLOOR = 1.0   # measured 1.000


@pytest.fixture(scope="module")
def seed_comparison(tmp_path_factory):
    recs = [process_bytes(p.read_bytes(), str(p.relative_to(ROOT))) for p in sorted(SEEDS.glob("*.txt"))]
    path = tmp_path_factory.mktemp("cmp") / "compare.json"
    path.write_text(json.dumps(compare(recs), ensure_ascii=False), encoding="utf-8")
    return path


def score(script: str, gold: str, pred: Path) -> dict:
    out = subprocess.run([sys.executable, str(GOLD / script), str(GOLD / "alignment" / gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_mechanism_alignment_floor(seed_comparison):
    assert score("score_alignment.py", "seeds.json", seed_comparison)["f1"] >= ALIGN_FLOOR


def test_target_alignment_floor(seed_comparison):
    assert score("score_target_alignment.py", "seeds-targets.json", seed_comparison)["f1"] >= TARGET_ALIGN_FLOOR


def test_reuse_finds_copied_passage_with_offsets():
    shared = "各地要建立健全城乡义务教育学校校长教师交流轮岗制度，每年交流轮岗的教师不低于应交流总数的百分之十。"
    a = "甲市通知。" + shared + "其余内容甲。"
    b = "乙县方案开头不同的文字。" + shared[3:] + "乙县自己的结尾。"
    recs = [{"doc_id": "a" * 16, "text": a}, {"doc_id": "b" * 16, "text": b}, {"doc_id": "c" * 16, "text": "无关内容" * 20}]
    out = find_reuse(recs, min_chars=30)
    assert len(out) == 1
    r = out[0]
    assert a[r["a_start"]:r["a_end"]] == r["text"] == b[r["b_start"]:r["b_end"]]
    assert r["text"] == shared[3:]


def test_reuse_ignores_short_overlaps():
    recs = [{"doc_id": "a" * 16, "text": "加快推进教育现代化建设。" * 2}, {"doc_id": "b" * 16, "text": "我们要加快推进教育现代化。"}]
    assert find_reuse(recs, min_chars=30) == []


def test_other_domain_rows_align():
    recs = [
        {"doc_id": "1" * 16, "text": "", "mechanisms": [
            {"name": "四统一", "components": ["统一规划", "统一污染治理", "统一医疗服务"]}], "targets": [
            {"indicator": "森林覆盖率", "value": 45, "unit": "%", "text": "森林覆盖率达到45%", "end": 0}]},
        {"doc_id": "2" * 16, "text": "", "mechanisms": [
            {"name": "三联动", "components": ["生态环境联防", "医保医药联动"]}], "targets": [
            {"indicator": "森林覆盖率", "value": 50, "unit": "%", "text": "森林覆盖率提高到50%", "end": 0}]},
    ]
    c = compare(recs)
    rows = {r["dimension"]: r for r in c["mechanism_rows"]}
    assert set(rows["ecology"]["cells"]) == {"1" * 16, "2" * 16}
    assert set(rows["health"]["cells"]) == {"1" * 16, "2" * 16}
    assert any(len(r["cells"]) == 2 for r in c["target_rows"])


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_compare_cli_formats(fmt, tmp_path):
    exe = str(Path(sys.executable).parent / "policytext")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    r = subprocess.run([exe, "compare", "corpora/seeds", str(bad), "--format", fmt], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 1  # the empty file failed, the seeds were still compared
    assert "bad.txt" in r.stderr and r.stdout
    if fmt == "json":
        assert len(json.loads(r.stdout)["documents"]) == 5
    elif fmt == "csv":
        assert r.stdout.startswith("row_type,row,doc_id")
    elif fmt == "markdown":
        assert "| dimension |" in r.stdout
    else:
        assert r.stdout.startswith("<!doctype html>")
