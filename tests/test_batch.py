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


# ---- schema 2, --force, --errors, streaming, export schemas, compare/report on a store ----------------------

V1_DDL = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, pipeline TEXT NOT NULL, record TEXT NOT NULL,
                        created REAL NOT NULL);
CREATE TABLE failures (source TEXT PRIMARY KEY, code TEXT NOT NULL, message TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started REAL NOT NULL, finished REAL, engine TEXT,
                   inputs INTEGER, done INTEGER, failed INTEGER);
PRAGMA user_version=1;
"""


def expected_counts(records) -> dict[str, int]:
    return {"documents": len(records),
            "targets": sum(len(r["targets"]) for r in records),
            "mechanisms": sum(len(r["mechanisms"]) for r in records),
            "mechanism_components": sum(len(m["components"]) for r in records for m in r["mechanisms"]),
            "deadlines": sum(len(r["deadlines"]) for r in records),
            "repairs": sum(len(r["repairs"]) for r in records)}


def table_counts(db) -> dict[str, int]:
    with Store(db) as s:
        return {t: s.count(t) for t in ("documents", "targets", "mechanisms", "mechanism_components", "deadlines",
                                        "repairs")}


def cheap_record(data: bytes, source: str) -> dict:
    """A stand-in for the pipeline in the scheduling tests (what is tested there is the batch, not extraction)."""
    import hashlib

    text = data.decode("utf-8")
    return {"doc_id": hashlib.sha256(data).hexdigest()[:16], "source": source, "text": text, "targets": [],
            "mechanisms": [], "deadlines": [], "repairs": []}


def test_table_rows_match_the_records(tmp_path):
    db = tmp_path / "t.sqlite"
    inputs = [*sorted(SEEDS.glob("*.txt")), *sorted(REPORTS.glob("*.txt"))[:3]]
    s = run_batch(inputs, db, jobs=2)
    assert s.done == 8 and not s.failed
    with Store(db) as st:
        records = list(st.records())
        counts = expected_counts(records)
        assert counts["targets"] > 40 and counts["mechanism_components"] > 0 and counts["repairs"] > 0
        assert table_counts(db) == counts
        texts = {r["doc_id"]: r["text"] for r in records}
        by_doc = {r["doc_id"]: r for r in records}
        for row in st.rows("targets"):
            t = by_doc[row["doc_id"]]["targets"][row["idx"]]
            assert (row["indicator"], row["value"], row["text"]) == (t["indicator"], t["value"], t["text"])
            assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"]
        for row in st.rows("mechanism_components"):
            m = by_doc[row["doc_id"]]["mechanisms"][row["mechanism_idx"]]
            assert row["component"] == m["components"][row["idx"]] and row["mechanism"] == m["name"]
            if row["start"] is not None:
                assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"]
        doc = next(st.rows("documents"))
        rec = by_doc[doc["doc_id"]]
        assert doc["title"] == rec["metadata"]["title"] and doc["region_code"] == rec["metadata"]["region"]["code"]
        assert doc["content_hash"].startswith(doc["doc_id"]) and len(doc["content_hash"]) == 64
        assert doc["chars"] == len(rec["text"])


def test_force_replaces_rows_without_duplicates(tmp_path):
    db = tmp_path / "f.sqlite"
    inputs = sorted(SEEDS.glob("*.txt"))[:3]
    run_batch(inputs, db, jobs=1)
    before = table_counts(db)
    s = run_batch(inputs, db, jobs=1)
    assert (s.done, s.skipped) == (0, 3)
    s = run_batch(inputs, db, jobs=2, force=True)
    assert (s.done, s.skipped) == (3, 0)
    assert table_counts(db) == before
    con = sqlite3.connect(db)
    runs = con.execute("SELECT tool_version, config, done, skipped, failed, finished FROM runs ORDER BY id").fetchall()
    assert [(r[2], r[3], r[4]) for r in runs] == [(3, 0, 0), (0, 3, 0), (3, 0, 0)]
    assert json.loads(runs[2][1])["force"] is True and runs[2][0] and all(r[5] for r in runs)
    assert {r[0] for r in con.execute("SELECT run_id FROM documents")} == {3}


def test_changed_bytes_or_pipeline_are_reextracted(tmp_path):
    db = tmp_path / "p.sqlite"
    (p,) = make_inputs(tmp_path, 1)
    run_batch([p], db, jobs=1)
    with Store(db) as st:
        st.db.execute("UPDATE documents SET pipeline='0.0.0-old'")
    s = run_batch([p], db, jobs=1)
    assert (s.done, s.skipped) == (1, 0)
    with Store(db) as st:
        assert st.has(next(st.records())["doc_id"])


def test_v1_store_is_migrated_in_place(tmp_path):
    from policytext.pipeline import process_bytes
    from policytext.store import iter_documents

    db = tmp_path / "old.sqlite"
    src = sorted(SEEDS.glob("*.txt"))[:2]
    recs = [process_bytes(p.read_bytes(), str(p)) for p in src]
    con = sqlite3.connect(db)
    con.executescript(V1_DDL)
    for r in recs:
        con.execute("INSERT INTO documents VALUES (?,?,?,?,?)",
                    (r["doc_id"], r["source"], "0.1.0", json.dumps(r, ensure_ascii=False), 1.0))
    con.execute("INSERT INTO failures VALUES ('bad.pdf', 'E105', 'bad.pdf: truncated', 2.0)")
    con.execute("INSERT INTO runs (started, finished, engine, inputs, done, failed) VALUES (1, 2, 'local', 3, 2, 1)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="older"):  # read-only readers refuse it and leave it alone
        list(iter_documents(db))
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 1
    with Store(db) as st:
        assert sorted(json.dumps(r, sort_keys=True) for r in st.records()) == sorted(
            json.dumps(r, sort_keys=True) for r in recs)
        assert [f.source for f in st.failures()] == ["bad.pdf"]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
        "documents", "targets", "mechanisms", "mechanism_components", "deadlines", "repairs", "failures", "runs"}
    assert not [r for r in con.execute("SELECT name FROM sqlite_master WHERE name LIKE '%_v1'")]
    assert json.loads(con.execute("SELECT config FROM runs").fetchone()[0]) == {"engine": "local"}
    con.close()
    assert table_counts(db) == expected_counts(recs)
    assert len(list(iter_documents(db))) == 2
    s = run_batch(src, db, jobs=1)  # migrated rows (no stored hash) still count as stored
    assert (s.done, s.skipped) == (0, 2)


def test_foreign_sqlite_file_is_refused_untouched(tmp_path):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a policytext store"):
        Store(db)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_batch_cli_errors_file_silent_and_summary(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    make_inputs(d, 2)
    (d / "empty.txt").write_bytes(b"")
    (d / "junk.pdf").write_bytes(b"%PDF-1.4 nothing")
    db, errs = tmp_path / "e.sqlite", tmp_path / "failures.jsonl"
    r = subprocess.run([EXE, "batch", str(d), "--db", str(db), "--errors", str(errs), "--jobs", "2"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    lines = [json.loads(x) for x in errs.read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(x["source"]).name for x in lines) == ["empty.txt", "junk.pdf"]
    assert all(x["code"].startswith("E1") and x["message"].startswith(x["source"] + ": ") for x in lines)
    errors = [x for x in r.stderr.splitlines() if x.startswith("error: ")]
    assert len(errors) == 2 and "Traceback" not in r.stderr
    assert "batch [" in r.stderr and "docs/s" in r.stderr  # progress (one line a while when not a terminal)
    assert "4 inputs: 2 done, 0 already stored, 2 failed" in r.stderr
    r = subprocess.run([EXE, "batch", str(d), "--db", str(db), "--silent", "--format", "json"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "batch [" not in r.stderr
    s = json.loads(r.stdout)
    assert (s["done"], s["skipped"], len(s["failed"])) == (0, 2, 2)
    ok = subprocess.run([EXE, "batch", *sorted(map(str, d.glob("0*.txt"))), "--db", str(db), "--silent"],
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert subprocess.run([EXE, "batch", str(d), "--db", str(db), "--scheduler", "nowhere"],
                          capture_output=True, text=True, timeout=60).returncode == 2
    assert subprocess.run([EXE, "batch", str(d), "--db", str(db), "--jobs", "0"],
                          capture_output=True, text=True, timeout=60).returncode == 2


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_inputs_are_streamed_with_bounded_tasks_in_flight(engine, tmp_path):
    inputs = make_inputs(tmp_path, 60)
    pulled = 0

    def paths():
        nonlocal pulled
        for p in inputs:
            pulled += 1
            yield p

    ahead: list[int] = []
    s = run_batch(paths(), tmp_path / "s.sqlite", engine=engine, jobs=2, chunk_size=3, max_in_flight=2,
                  func=cheap_record, progress=lambda sm: ahead.append(pulled - sm.finished))
    assert s.done == 60 and len(ahead) == 60
    # at most max_in_flight chunks out, plus the chunk being filled
    assert max(ahead) <= 2 * 3 + 3, max(ahead)


@pytest.mark.slow
def test_dask_scheduler_address(tmp_path):
    from dask.distributed import LocalCluster

    inputs = make_inputs(tmp_path, 4)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        r = subprocess.run([EXE, "batch", *map(str, inputs), "--db", str(tmp_path / "d.sqlite"), "--scheduler",
                            cluster.scheduler_address, "--format", "json", "--silent"],
                           capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["done"] == 4
    con = sqlite3.connect(tmp_path / "d.sqlite")
    engine, config = con.execute("SELECT engine, config FROM runs").fetchone()
    assert engine == "dask" and json.loads(config)["scheduler"] == cluster.scheduler_address


def test_exported_rows_validate_against_the_shipped_schemas(tmp_path):
    import pyarrow.parquet as pq
    from jsonschema import Draft202012Validator

    from policytext.export import TABLES, export_table, table_schema
    from policytext.store import COLUMNS

    db = tmp_path / "x.sqlite"
    notice = tmp_path / "notice.html"  # a page of only an attachment link: a links row and a documents row
    notice.write_text("<html><head><title>关于公布某某名单的通知</title></head><body><div class='content'><p>附件："
                      "<a href='mingdan.pdf'>名单.pdf</a></p></div></body></html>", encoding="utf-8")
    run_batch([*sorted(SEEDS.glob("*.txt"))[:3], notice, tmp_path / "missing.txt"], db, jobs=1)
    with Store(db) as st:
        n_rows = {t: st.count(s) for t, s in TABLES.items()}
    assert n_rows["failures"] == 1 and n_rows["targets"] > 0 and n_rows["links"] == 1, Store(db).failures()
    for table, store_table in TABLES.items():
        schema = table_schema(table)
        Draft202012Validator.check_schema(schema)
        v = Draft202012Validator(schema)
        assert list(schema["properties"]) == [c for c, _, _ in COLUMNS[store_table]]
        out = tmp_path / f"{table}.jsonl"
        assert export_table(db, table, out, "jsonl") == n_rows[table]
        rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        for row in rows:
            v.validate(row)
        assert export_table(db, table, tmp_path / f"{table}.parquet", "parquet") == n_rows[table]
        pq_rows = pq.read_table(tmp_path / f"{table}.parquet").to_pylist()
        assert len(pq_rows) == n_rows[table]
        for row in pq_rows:
            v.validate(row)
    bad = dict(rows[0]) if rows else {}
    with pytest.raises(Exception):  # noqa: B017 - the schema is strict: a wrong type is caught
        Draft202012Validator(table_schema("targets")).validate({**bad, "value": "sixty"})


def test_export_cli_table_csv_bom_and_schema(tmp_path):
    db = tmp_path / "c.sqlite"
    run_batch(sorted(SEEDS.glob("*.txt")), db, jobs=1)
    out = tmp_path / "targets.csv"
    r = subprocess.run([EXE, "export", "--db", str(db), "--table", "targets", "--format", "csv", "--bom", "-o",
                        str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,idx,indicator")
    import csv

    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 47 and rows[0]["damaged"] in ("true", "false")
    r = subprocess.run([EXE, "export", "--db", str(db), "--table", "components", "--format", "csv", "-o", "-"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("doc_id,mechanism_idx,idx,mechanism,component")
    r = subprocess.run([EXE, "export", "--schema", "--table", "deadlines"], capture_output=True, text=True)
    schema = json.loads(r.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["doc_id", "idx", "date", "type", "what", "damaged", "start", "end", "text"]
    assert subprocess.run([EXE, "export", "--schema"], capture_output=True, text=True).returncode == 2
    assert subprocess.run([EXE, "export", "--table", "targets", "-o", "x.csv"], capture_output=True,
                          text=True).returncode == 2


def test_compare_and_report_read_a_store(tmp_path):
    from policytext.compare import compare

    db = tmp_path / "runs.data"  # detected by the SQLite header, not by the name
    run_batch(sorted(SEEDS.glob("*.txt")), db, jobs=2)
    r = subprocess.run([EXE, "compare", str(db), "--format", "json"], capture_output=True, text=True, timeout=300,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    with Store(db) as st:
        want = compare(list(st.records()))
    assert got == json.loads(json.dumps(want, ensure_ascii=False))
    assert len(got["documents"]) == 5 and got["mechanism_rows"] and got["target_rows"]
    html = tmp_path / "r.html"
    r = subprocess.run([EXE, "report", str(db), "-o", str(html)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "邯郸市" in html.read_text(encoding="utf-8")

    foreign = tmp_path / "foreign.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    old = tmp_path / "old.sqlite"
    con = sqlite3.connect(old)
    con.executescript(V1_DDL)
    con.close()
    for verb, bad in ((["compare"], foreign), (["report", "-o", str(tmp_path / "x.html")], old)):
        r = subprocess.run([EXE, *verb, str(bad), str(db)], capture_output=True, text=True, timeout=300)
        assert r.returncode == 1 and "Traceback" not in r.stderr
        errors = [x for x in r.stderr.splitlines() if x.startswith("error: ")]
        assert errors == [errors[0]] and errors[0].startswith(f"error: {bad}: "), r.stderr
        assert ("not a policytext store" if bad == foreign else "schema version 1 is older") in errors[0]
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == 1  # compare never migrates


def test_warc_records_are_documents_and_a_broken_warc_is_one_failure(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    bodies = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))[:2]]
    with warc.open("wb") as fp:
        w = WARCWriter(fp, gzip=True)
        for i, (status, body) in enumerate([("200 OK", bodies[0]), ("404 Not Found", b"gone"), ("200 OK", bodies[1])]):
            h = StatusAndHeaders(status, [("Content-Type", "text/plain; charset=utf-8"),
                                          ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"http://example.org/{i}.txt", "response", payload=BytesIO(body),
                                                http_headers=h))
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 this is no gzip and no warc")
    db = tmp_path / "w.sqlite"
    r = subprocess.run([EXE, "batch", str(warc), str(broken), "--db", str(db), "--format", "json", "--jobs", "1"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    s = json.loads(r.stdout)
    assert s["done"] == 2 and [f["source"] for f in s["failed"]] == [str(broken)]
    assert [x for x in r.stderr.splitlines() if x.startswith("error: ")][0].startswith(f"error: {broken}: ")
    with Store(db) as st:
        assert sorted(x["source"] for x in st.records()) == ["http://example.org/0.txt", "http://example.org/2.txt"]


def test_v2_store_is_migrated_to_parents_and_links(tmp_path):
    """A store of schema 2 (no documents.parent, no links table) gains both in place, its records kept."""
    db = tmp_path / "v2.sqlite"
    src = sorted(SEEDS.glob("*.txt"))[:2]
    run_batch(src, db, jobs=1)
    with Store(db) as st:
        before = sorted(json.dumps(r, sort_keys=True) for r in st.records())
    con = sqlite3.connect(db)
    con.executescript("DROP INDEX documents_parent; DROP INDEX links_resolved; DROP TABLE links; "
                      "ALTER TABLE documents DROP COLUMN parent; PRAGMA user_version=2;")
    con.close()
    with Store(db) as st:
        assert sorted(json.dumps(r, sort_keys=True) for r in st.records()) == before
        assert st.count("links") == 0 and st.count_parents() == 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 3
    assert "parent" in [r[1] for r in con.execute("PRAGMA table_info(documents)")]
    con.close()
    s = run_batch(src, db, jobs=1)
    assert (s.done, s.skipped) == (0, 2)
