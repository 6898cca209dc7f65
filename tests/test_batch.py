"""Store, batch engines, resume after kill -9, export: real SQLite files and real processes."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policytext.batch import run_batch
from policytext.errors import StoreError
from policytext.export import export
from policytext.store import SCHEMA_VERSION, Store

from .conftest import REPORTS, ROOT, SEEDS

EXE = str(Path(sys.executable).parent / "policytext")


def make_inputs(d: Path, n: int) -> list[Path]:
    base = sorted(SEEDS.glob("*.txt")) + sorted(REPORTS.glob("*.txt"))
    out = []
    for i in range(n):
        src = base[i % len(base)]
        p = d / f"{i:03d}_{src.name}"
        p.write_bytes(src.read_bytes() + f"\n（副本{i}）\n".encode())
        out.append(p)
    return out


def test_store_is_idempotent_and_versioned(tmp_path):
    db = tmp_path / "s.sqlite"
    rec = {"doc_id": "0" * 16, "source": "a.txt", "targets": []}
    with Store(db) as s:
        s.put(rec)
        s.put(rec)
        assert s.count() == 1 and s.has("0" * 16)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)


def test_local_engine_records_failures_and_resumes(tmp_path):
    inputs = make_inputs(tmp_path, 4)
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    db = tmp_path / "b.sqlite"
    s = run_batch([*inputs, bad], db, workers=2)
    assert s.done == 4 and len(s.failed) == 1 and "empty.txt" in s.failed[0].message
    s2 = run_batch([*inputs, bad], db, workers=2)
    assert s2.done == 0 and s2.skipped == 4
    with Store(db) as st:
        assert st.count() == 4 and [f.source for f in st.failures()] == [str(bad)]


@pytest.mark.slow
def test_local_and_dask_engines_store_the_same_records(tmp_path):
    inputs = make_inputs(tmp_path, 6)
    a, b = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    run_batch(inputs, a, engine="local", workers=2)
    run_batch(inputs, b, engine="dask", workers=2)
    with Store(a) as sa, Store(b) as sb:
        ra = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in sa.records())
        rb = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in sb.records())
    assert ra == rb and len(ra) == 6


def test_kill_minus_9_then_resume(tmp_path):
    (tmp_path / "in").mkdir()
    make_inputs(tmp_path / "in", 40)
    db = tmp_path / "k.sqlite"
    proc = subprocess.Popen([EXE, "batch", str(tmp_path / "in"), "--db", str(db), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.5)
        if db.exists():
            try:
                n = sqlite3.connect(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                continue
            if n >= 5:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done_before = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    con.close()
    assert 0 < done_before < 40
    r = subprocess.run([EXE, "batch", str(tmp_path / "in"), "--db", str(db), "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["skipped"] == done_before and s["done"] == 40 - done_before
    with Store(db) as st:
        sources = [r["source"] for r in st.records()]
    assert len(sources) == len(set(sources)) == 40


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_cli(fmt, tmp_path):
    db = tmp_path / "e.sqlite"
    run_batch(sorted(SEEDS.glob("*.txt")), db, workers=1)
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    r = subprocess.run([EXE, "export", "--db", str(db), "--format", fmt, "-o", str(out)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    if fmt == "jsonl":
        assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    elif fmt == "csv":
        assert (out / "targets.csv").read_text(encoding="utf-8").count("\n") == 48  # header + 47 seed targets
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out / "targets.parquet").num_rows == 47


def test_batch_cli_reads_directories_and_reports_bad_files(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(SEEDS / "000_a82124905486fb21.txt", d)
    (d / "junk.pdf").write_bytes(b"%PDF-1.4 nothing")
    r = subprocess.run([EXE, "batch", str(d), "--db", str(tmp_path / "c.sqlite")], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 1
    assert "junk.pdf" in r.stderr and "1 done" in r.stderr
    export(tmp_path / "c.sqlite", tmp_path / "x.jsonl")
