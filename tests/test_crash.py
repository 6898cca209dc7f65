"""kill -9 in the middle of a batch of a few thousand documents, run the same command again: the store ends
equal to a clean run's (same documents, same rows in every table, no duplicates, no partial document).
The same, deterministically, with the writer killed inside ``Store.put`` between two target rows."""
from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from policytext.store import COLUMNS, DOCUMENT_BLOBS

from .conftest import REPORTS, ROOT

EXE = str(Path(sys.executable).parent / "policytext")
N = 2000
VOLATILE = {"run_id", "created"}  # when a row was written, not what it says


def make_small_docs(d: Path, n: int) -> None:
    """n short policy texts: a title and 3-6 sentences drawn (seeded) from the government reports."""
    sentences = []
    for p in REPORTS.glob("*.txt"):
        sentences += [s + "。" for s in re.split(r"。", p.read_text(encoding="utf-8")) if 20 <= len(s) <= 120]
    rng = random.Random(5)
    for i in range(n):
        body = "".join(rng.sample(sentences, rng.randint(3, 6)))
        (d / f"{i:05d}.txt").write_text(f"关于推进第{i}号重点工作的实施意见\n{body}\n", encoding="utf-8")


def table_rows(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    out = {}
    for table, cols in COLUMNS.items():
        if table in ("runs", "failures"):
            continue
        names = [c for c, _, _ in cols + (DOCUMENT_BLOBS if table == "documents" else []) if c not in VOLATILE]
        quoted = ", ".join(f'"{c}"' for c in names)
        out[table] = sorted(con.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    return out


def test_kill_9_mid_run_then_rerun_equals_a_clean_run(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    make_small_docs(inputs, N)
    db = tmp_path / "killed.sqlite"
    cmd = [EXE, "batch", str(inputs), "--db", str(db), "--jobs", "2", "--silent"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            start_new_session=True)
    deadline = time.time() + 300
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            stored = sqlite3.connect(db, timeout=1).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= N // 5:
            break
    # the whole process group: the writer and its workers, mid-run
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = sqlite3.connect(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 0 < killed_at < N, killed_at
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr
    clean = tmp_path / "clean.sqlite"
    r = subprocess.run([EXE, "batch", str(inputs), "--db", str(clean), "--jobs", "2", "--silent"],
                       capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr
    resumed, fresh = table_rows(db), table_rows(clean)
    assert len(fresh["documents"]) == N
    for table in fresh:
        assert resumed[table] == fresh[table], table
    assert len({row[0] for row in resumed["documents"]}) == N  # doc_id: no duplicates


# Runs a batch whose store connection is wrapped: on the KILL_AT-th document it writes the documents row and
# the first half of the target rows inside the open transaction, notes how many, then kill -9 of itself.
_FAULTY_WRITER = """
import os, signal, sys
from pathlib import Path
import policytext.batch as batch
from policytext.store import Store

src, db, kill_at, note = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])

class Connection:
    def __init__(self, db):
        self._db, self.docs = db, 0
    def __getattr__(self, name):
        return getattr(self._db, name)
    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO documents"):
            self.docs += 1
        return self._db.execute(sql, *args)
    def executemany(self, sql, rows):
        rows = list(rows)
        if self.docs == kill_at and sql.startswith("INSERT INTO targets") and len(rows) >= 2:
            for row in rows[: len(rows) // 2]:
                self._db.execute(sql, row)
            note.write_text(f"{len(rows) // 2}/{len(rows)} {row[0]}")
            os.kill(os.getpid(), signal.SIGKILL)
        return self._db.executemany(sql, rows)

class FaultyStore(Store):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.db = Connection(self.db)

batch.Store = FaultyStore
batch.run_batch(sorted(Path(src).glob("*.txt")), db, jobs=1)
"""


def make_target_docs(d: Path, n: int) -> None:
    """n notices of our own wording, each with three quantitative targets."""
    for i in range(n):
        (d / f"{i:03d}.txt").write_text(
            f"关于推进第{i}批美丽乡村建设的实施意见\n"
            f"各乡镇要统筹推进人居环境整治。到2026年，农村生活垃圾收运处置体系覆盖率达到{80 + i % 15}%以上。"
            f"到2027年，新建农村公路{100 + i}公里。到2028年，卫生厕所普及率不低于{85 + i % 10}%。\n",
            encoding="utf-8")


def test_writer_killed_inside_store_put_leaves_no_partial_document(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    make_target_docs(inputs, 12)
    db, note, kill_at = tmp_path / "killed.sqlite", tmp_path / "note", 5
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    r = subprocess.run([sys.executable, "-c", _FAULTY_WRITER, str(inputs), str(db), str(kill_at), str(note)],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == -signal.SIGKILL, r.stderr
    written, doc_id = note.read_text().split()
    half, total = map(int, written.split("/"))
    assert 1 <= half < total  # killed with the documents row and part of the targets written
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == kill_at - 1
    for table in ("documents", "targets"):
        assert con.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id=?", (doc_id,)).fetchone()[0] == 0
    assert con.execute("SELECT COUNT(*) FROM targets WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
                       ).fetchone()[0] == 0
    con.close()
    cmd = [sys.executable, "-m", "policytext", "batch", str(inputs), "--jobs", "1", "--silent", "--format", "json"]
    r = subprocess.run([*cmd, "--db", str(db)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    import json

    s = json.loads(r.stdout)
    assert (s["done"], s["skipped"], s["failed"]) == (12 - (kill_at - 1), kill_at - 1, [])
    clean = tmp_path / "clean.sqlite"
    r = subprocess.run([*cmd, "--db", str(clean)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    resumed, fresh = table_rows(db), table_rows(clean)
    assert len(fresh["documents"]) == 12 and len(fresh["targets"]) == 36
    for table in fresh:
        assert resumed[table] == fresh[table], table
