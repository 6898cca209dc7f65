"""kill -9 in the middle of a batch of a few thousand documents, run the same command again: the store ends
equal to a clean run's (same documents, same rows in every table, no duplicates, no partial document)."""
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

from policytext.store import COLUMNS

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
        names = [c for c, _, _ in cols if c not in VOLATILE]
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
