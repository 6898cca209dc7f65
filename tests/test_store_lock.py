"""The store under another writer's lock, read-only, and exported for Excel (issue 13, row 15 and the export
row): a clear one-line StoreError after --lock-timeout, reads that never write, no formula cells."""
from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policytext.errors import StoreError
from policytext.export import export_table
from policytext.store import Store, iter_documents

EXE = [sys.executable, "-m", "policytext"]
ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
GOOD = "关于推进校园书香建设的通知\n各校要完善阅读设施。到2026年，全市中小学图书馆达标率达到95%以上。\n"


def record(doc_id: str, indicator: str = "达标率", text: str = "达标率达到95%") -> dict:
    return {"doc_id": doc_id, "source": f"{doc_id}.txt", "text": f"前文{text}后文", "metadata": {},
            "targets": [{"indicator": indicator, "value": 95.0, "unit": "%", "comparator": ">=", "year": 2026,
                         "kind": "target", "start": 2, "end": 2 + len(text), "text": text}],
            "mechanisms": [], "deadlines": [], "repairs": []}


def hold_write_lock(db: Path) -> sqlite3.Connection:
    """Another writer: a connection that holds the write lock until it is closed."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO failures (source, code, message, created) VALUES ('other', 'E000', 'x', 0)")
    return con


def test_a_locked_store_is_a_store_error_after_the_lock_timeout(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        s.put(record("a"))
    other = hold_write_lock(db)
    try:
        with Store(db, lock_timeout=0.5) as s:
            t0 = time.monotonic()
            with pytest.raises(StoreError, match="locked by another writer") as e:
                s.put(record("b"))
            assert 0.4 < time.monotonic() - t0 < 10
            assert "\n" not in e.value.one_line()
            assert s.has("a") and not s.has("b")  # nothing half-written, the store still reads
        # a reader is not blocked by the writer
        assert [r["doc_id"] for r in iter_documents(db)] == ["a"]
        with Store(db, readonly=True) as ro:
            assert ro.count() == 1
    finally:
        other.rollback()
        other.close()


def test_batch_on_a_locked_store_says_so_in_one_line_and_runs_once_it_is_free(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "s.sqlite"
    Store(db).close()
    other = hold_write_lock(db)
    try:
        t0 = time.monotonic()
        r = subprocess.run([*EXE, "batch", str(good), "--db", str(db), "--lock-timeout", "1", "--silent"],
                           capture_output=True, text=True, timeout=120, cwd=ROOT, env=ENV)
        elapsed = time.monotonic() - t0
    finally:
        other.rollback()
        other.close()
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "locked by another writer" in lines[0], r.stderr
    assert "--lock-timeout" in lines[0]
    assert elapsed < 30, elapsed
    r = subprocess.run([*EXE, "batch", str(good), "--db", str(db), "--silent"], capture_output=True, text=True,
                       timeout=120, cwd=ROOT, env=ENV)
    assert r.returncode == 0, r.stderr
    assert [Path(d["source"]).name for d in iter_documents(db)] == ["good.txt"]


def test_a_read_only_store_is_read_without_writing(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        s.put(record("a"))
    before = (db.read_bytes(), sorted(p.name for p in tmp_path.iterdir()))
    with Store(db, readonly=True) as ro:
        assert [r["doc_id"] for r in ro.records()] == ["a"]
        with pytest.raises(StoreError, match="cannot write the store"):
            ro.put(record("b"))
    assert db.read_bytes() == before[0]


def _read_only_folder_reads(db: Path, out: Path) -> list:
    """What compare (iter_documents) and export (Store opened with readonly=None) read from ``db``."""
    docs = [r["doc_id"] for r in iter_documents(db)]
    n = export_table(db, "targets", out)
    with Store(db, readonly=None) as st:
        recs = [r["doc_id"] for r in st.records()]
    return [docs, n, recs]


def test_compare_and_export_read_a_store_in_a_read_only_folder():
    """Nothing may be written beside the store (no -wal, no -shm): SQLite reads it ``immutable``."""
    import shutil
    import tempfile

    tmp_path = Path(tempfile.mkdtemp(prefix="policytext-ro-"))  # pytest's own folder is closed to other users
    ro = tmp_path / "ro"
    ro.mkdir()
    db = ro / "s.sqlite"
    with Store(db) as s:
        s.put(record("a"))
    out = tmp_path / "w" / "t.jsonl"
    out.parent.mkdir()
    db.chmod(0o444)
    ro.chmod(0o555)
    try:
        if os.geteuid() != 0:
            assert _read_only_folder_reads(db, out) == [["a"], 1, ["a"]]
        else:  # root writes through permissions: read as an ordinary user, in a forked child
            tmp_path.chmod(0o755)
            out.parent.chmod(0o777)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                code = 1
                try:
                    os.setgid(65534)
                    os.setuid(65534)
                    code = 0 if _read_only_folder_reads(db, out) == [["a"], 1, ["a"]] else 2
                except BaseException:
                    import traceback

                    traceback.print_exc()
                finally:
                    os._exit(code)
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0
        assert sorted(p.name for p in ro.iterdir()) == ["s.sqlite"]
        assert out.read_text(encoding="utf-8").count("\n") == 1
    finally:
        ro.chmod(0o755)
        db.chmod(0o644)
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_csv_for_excel_neutralises_formula_cells(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        s.put(record("a", indicator='=HYPERLINK("http://example.invalid","x")', text="@SUM(1+1)"))
        s.put(record("b", indicator="+1+2", text="-3+4"))
        s.put(record("c"))
    excel = tmp_path / "excel.csv"
    plain = tmp_path / "plain.csv"
    export_table(db, "targets", excel, "csv", bom=True)
    export_table(db, "targets", plain, "csv")
    rows = list(csv.DictReader(excel.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["indicator"] for r in rows] == ['\'=HYPERLINK("http://example.invalid","x")', "'+1+2", "达标率"]
    assert [r["text"] for r in rows] == ["'@SUM(1+1)", "'-3+4", "达标率达到95%"]
    assert rows[0]["value"] == "95.0"  # numbers are numbers
    rows = list(csv.DictReader(plain.read_text(encoding="utf-8").splitlines()))
    assert [r["indicator"] for r in rows] == ['=HYPERLINK("http://example.invalid","x")', "+1+2", "达标率"]
