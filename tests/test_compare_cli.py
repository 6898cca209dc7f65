"""`policytext compare` / `report` on bad input (click CliRunner): a clear message or a sensible empty result,
never a traceback; ``--silent`` keeps stderr for errors only."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from policytext.cli import main

from .conftest import SEEDS

NO_MECHANISMS = "关于加强森林防火工作的通知\n\n各乡镇：\n\n到2025年，全县森林覆盖率达到45%以上。请认真落实。\n"


def run(*args):
    r = CliRunner().invoke(main, list(args), catch_exceptions=True)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output
    return r


@pytest.fixture(scope="module")
def seed() -> str:
    return str(sorted(SEEDS.glob("*.txt"))[0])


@pytest.mark.parametrize("verb", ["compare", "report"])
def test_empty_corpus_is_a_clear_error(verb, tmp_path):
    empty = tmp_path / "corpus"
    empty.mkdir()
    extra = ["-o", str(tmp_path / "r.html")] if verb == "report" else []
    r = run(verb, str(empty), *extra)
    assert r.exit_code == 1
    assert f"error: {empty}: no input files found in this folder" in r.stderr and "no documents to compare" in r.stderr
    assert r.stdout == "" and not (tmp_path / "r.html").exists()


def test_unreadable_records_lines_are_reported(tmp_path, seed):
    rec = json.dumps({"doc_id": "a" * 16, "text": "一段文字。", "mechanisms": [], "targets": []}, ensure_ascii=False)
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text(f"{rec}\nnot json\n[1, 2]\n", encoding="utf-8")
    r = run("compare", "--records", str(jsonl), "--silent")
    assert r.exit_code == 1
    assert f"{jsonl}:2" in r.stderr and f"{jsonl}:3" in r.stderr
    assert [d["doc_id"] for d in json.loads(r.stdout)["documents"]] == ["a" * 16]


def test_one_document(tmp_path, seed):
    r = run("compare", seed, "--format", "json")
    assert r.exit_code == 0 and "only one document" in r.stderr
    c = json.loads(r.stdout)
    assert len(c["documents"]) == 1 and c["similarity"]["matrix"] == [[pytest.approx(1.0)]] and c["reuse"] == []
    assert c["mechanism_rows"] and all(len(row["cells"]) == 1 for row in c["mechanism_rows"])
    out = tmp_path / "one.html"
    r = run("report", seed, "-o", str(out))
    assert r.exit_code == 0 and "1 document (one document" in r.stderr
    page = out.read_text(encoding="utf-8")
    assert "id=one-document" in page and "No passage is shared" in page


def test_documents_without_mechanisms(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(NO_MECHANISMS.replace("全县", "全县" if name == "a.txt" else "全市"),
                                     encoding="utf-8")
    r = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json")
    assert r.exit_code == 0
    c = json.loads(r.stdout)
    assert len(c["documents"]) == 2 and c["mechanism_rows"] == []
    r = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "markdown")
    assert r.exit_code == 0 and "| dimension |" in r.stdout
    out = tmp_path / "r.html"
    r = run("report", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out))
    assert r.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "id=no-mechanisms" in page and "No mechanisms to align" in page and "id=documents-table" in page


def test_silent_and_duplicates(tmp_path, seed):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, corpus / p.name)
    out = tmp_path / "r.html"
    r = run("report", str(corpus), seed, "-o", str(out))  # the seed is also in the corpus: compared once
    assert r.exit_code == 0
    assert "comparing 5 documents" in r.stderr and "same document as" in r.stderr and f"wrote {out}" in r.stderr
    assert out.read_text(encoding="utf-8").count("<details class=doc") == 5
    out.unlink()
    r = run("report", str(corpus), seed, "-o", str(out), "--silent")
    assert r.exit_code == 0 and r.stderr == "" and out.exists()
    r = run("compare", str(corpus), seed, "--format", "csv", "--silent")
    assert r.exit_code == 0 and r.stderr == "" and r.stdout.startswith("row_type,")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    r = run("compare", seed, str(bad), "--silent")  # errors still show
    assert r.exit_code == 1 and "bad.txt" in r.stderr


def test_unwritable_output_is_an_error(tmp_path, seed):
    target = tmp_path / "missing-dir" / "r.html"
    r = run("report", seed, "-o", str(target), "--silent")
    assert r.exit_code == 1 and "missing-dir" in r.stderr
    r = run("compare", seed, "-o", str(target), "--silent")
    assert r.exit_code == 1 and "missing-dir" in r.stderr


def test_markdown_escapes_cells_and_groups_documents_without_region(tmp_path):
    # two documents without a region: one "unknown" column, not one column per file
    for name, pct in (("a.txt", 45), ("b.txt", 50)):
        (tmp_path / name).write_text(f"关于推进绿化的通知\n\n到2026年，森林覆盖率达到{pct}%以上。\n", encoding="utf-8")
    r = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "markdown", "--silent")
    assert r.exit_code == 0
    head = next(line for line in r.stdout.splitlines() if line.startswith("| indicator |"))
    assert head == "| indicator | id | unknown |"
    row = next(line for line in r.stdout.splitlines() if "forest_coverage.share" in line)
    assert "≥45%" in row and "≥50%" in row
    r = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "markdown", "--silent",
            "--group-by", "document")
    head = next(line for line in r.stdout.splitlines() if line.startswith("| indicator |"))
    assert head.count("|") == 5


def test_md_cell_escapes_pipes_lines_and_html():
    from policytext.cli.compare import md_cell

    assert md_cell("a|b\nc <script>&") == "a\\|b c &lt;script&gt;&amp;"


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown", "parquet"])
def test_target_table_formats(tmp_path, fmt):
    for name, pct in (("a.txt", 45), ("b.txt", 50)):
        (tmp_path / name).write_text(f"关于推进绿化的通知\n\n到2026年，森林覆盖率达到{pct}%以上，粮食产量稳定在20亿斤。\n",
                                     encoding="utf-8")
    out = tmp_path / f"t.{fmt}"
    r = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--table", "targets", "--format", fmt,
            "-o", str(out), "--silent")
    assert r.exit_code == 0, r.output
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    elif fmt == "csv":
        import csv

        rows = list(csv.DictReader(out.open(encoding="utf-8")))
    elif fmt == "json":
        rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    else:
        text = out.read_text(encoding="utf-8")
        assert text.startswith("| group | region |") and "forest_coverage.share" in text
        return
    forest = [x for x in rows if x["indicator_id"] == "forest_coverage.share"]
    assert len(forest) == 2 and {str(x["group"]) for x in forest} == {"unknown"}
    grain = [x for x in rows if x["indicator_id"] == "grain_output.level"]
    assert {str(x["canonical_value"]) for x in grain} == {"1000000"} and {x["written_unit"] for x in grain} == {"亿斤"}
    r = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--table", "targets", "--wide",
            "--format", "csv", "--silent")
    lines = r.stdout.splitlines()
    assert lines[0].startswith("group,") and len(lines) == 2  # one unknown group


def test_parquet_needs_the_target_table_and_a_file(tmp_path, seed):
    r = run("compare", seed, "--format", "parquet")
    assert r.exit_code == 2 and "--table targets" in r.output
