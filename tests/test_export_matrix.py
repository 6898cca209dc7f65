"""The target matrix out of a batch store (``export --table target_matrix``) is the one ``compare --table targets``
gives for the same documents, and its rows validate against the table's JSON Schema."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from .conftest import ROOT, SEEDS

EXE = str(Path(sys.executable).parent / "policytext")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_export_target_matrix_equals_compare_table(tmp_path):
    db = tmp_path / "runs.sqlite"
    assert run("batch", str(SEEDS), "--db", str(db), "--silent").returncode == 0
    r = run("export", "--db", str(db), "--table", "target_matrix", "--format", "csv", "-o", "-")
    assert r.returncode == 0, r.stderr
    exported = list(csv.DictReader(io.StringIO(r.stdout)))
    c = run("compare", str(SEEDS), "--table", "targets", "--format", "csv", "--silent")
    assert c.returncode == 0, c.stderr
    compared = list(csv.DictReader(io.StringIO(c.stdout)))
    assert exported and len(exported) == len(compared)
    key = ("group", "indicator_id", "measure", "year", "kind", "value", "comparator", "quote")
    # sources differ (the store keeps the path batch was given); everything else is the same table
    assert sorted(tuple(r[k] for k in key) for r in exported) == sorted(tuple(r[k] for k in key) for r in compared)
    assert all(r["group"] != Path(r["source"]).stem for r in exported)  # no region named after a file

    j = run("export", "--db", str(db), "--table", "target_matrix", "--format", "jsonl", "-o", "-")
    schema = json.loads(run("export", "--schema", "--table", "target_matrix").stdout)
    for line in j.stdout.splitlines():
        jsonschema.validate(json.loads(line), schema)

    w = run("export", "--db", str(db), "--table", "target_matrix_wide", "--format", "csv", "-o", "-",
            "--group-by", "document")
    assert w.returncode == 0, w.stderr
    wide = list(csv.DictReader(io.StringIO(w.stdout)))
    assert len(wide) == len({r["doc_id"] for r in exported if r["kind"] == "target"})


def test_export_never_makes_a_store_of_an_empty_or_missing_file(tmp_path):
    """A reader refuses, with one line naming the file, and leaves the user's file as it was (harden found an
    empty file turned into a 118 KB SQLite store)."""
    import subprocess
    import sys

    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    r = subprocess.run([sys.executable, "-m", "policytext", "export", "--db", str(empty), "--table", "targets",
                        "-o", "-"], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.strip() == f"error: {empty}: not a policytext store (an empty file)"
    assert empty.read_bytes() == b""
    missing = tmp_path / "missing.db"  # a usage error (exit 2) before anything is opened
    r = subprocess.run([sys.executable, "-m", "policytext", "export", "--db", str(missing), "--table", "targets",
                        "-o", "-"], capture_output=True, text=True)
    assert r.returncode == 2 and not missing.exists()
