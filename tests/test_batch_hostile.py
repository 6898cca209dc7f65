"""Batch isolation (issue 13, rows 9 and 9b): a document that hangs, eats memory or kills its worker is
recorded as failed with its reason, the good documents beside it are all stored, and no worker outlives a
killed batch. Real processes, real signals, a real SQLite file; the inputs are generated here."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policytext.batch import run_batch
from policytext.pipeline import process_bytes
from policytext.store import Store

EXE = [sys.executable, "-m", "policytext"]
ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kill -9 and /proc: Linux")

# own wording: a short notice with one target, different in each copy
GOOD = "关于加快建设第{i}批社区书屋的通知\n各街道要统筹做好书屋建设工作。到2027年，全区建成社区书屋{n}个以上。\n"


def good_docs(d: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        p = d / f"good{i:02d}.txt"
        p.write_text(GOOD.format(i=i, n=10 + i), encoding="utf-8")
        out.append(p)
    return out


def hostile(data: bytes, source: str, **kw):
    """The real pipeline, except for inputs that start with a hostile marker."""
    if data.startswith(b"HANG"):
        while True:  # a pattern that never ends
            pass
    if data.startswith(b"EAT"):
        hoard = []
        while True:  # 64 MB at a time until the limit stops it
            hoard.append(bytearray(64 * 2**20))
    if data.startswith(b"DIE"):
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
    if data.startswith(b"ONCE"):  # dies the first time only: an innocent document in a killed worker
        flag = Path(data.split(b"\n")[1].decode())
        if not flag.exists():
            flag.write_text("x")
            os.kill(os.getpid(), signal.SIGKILL)
        data = GOOD.format(i="once", n=7).encode()
    if data.startswith(b"NOSTORE"):  # a record the store cannot write (not JSON)
        return {**process_bytes(GOOD.format(i="x", n=5).encode(), source), "x": {1, 2}}
    return process_bytes(data, source, **kw)


def stored(db: Path) -> set[str]:
    with Store(db, readonly=True) as s:
        return {Path(r["source"]).name for r in s.records()}


def test_hang_memory_and_death_fail_alone_and_the_rest_is_stored(tmp_path):
    good = good_docs(tmp_path, 6)
    bad = {}
    for name, body in [("hang.txt", b"HANG"), ("eat.txt", b"EAT"), ("die.txt", b"DIE"),
                       ("once.txt", b"ONCE\n" + str(tmp_path / "flag").encode()), ("nostore.txt", b"NOSTORE")]:
        bad[name] = tmp_path / name
        bad[name].write_bytes(body)
    inputs = [good[0], bad["hang.txt"], good[1], bad["eat.txt"], good[2], bad["die.txt"], good[3],
              bad["once.txt"], bad["nostore.txt"], *good[4:]]
    db = tmp_path / "s.sqlite"
    hostile(GOOD.format(i=0, n=1).encode(), "warm-up.txt")  # the workers are forked with the pipeline loaded
    t0 = time.monotonic()
    s = run_batch(inputs, db, jobs=2, chunk_size=3, func=hostile, doc_timeout=3, max_memory=768 * 2**20)
    elapsed = time.monotonic() - t0
    assert elapsed < 40, elapsed  # one 3 s time limit, not a hang
    failed = {Path(f.source).name: f for f in s.failed}
    assert set(failed) == {"hang.txt", "eat.txt", "die.txt", "nostore.txt"}, failed
    assert failed["hang.txt"].code == "E107" and "time limit of 3 s" in failed["hang.txt"].message
    assert failed["eat.txt"].code == "E106" and "memory limit of 768 MB" in failed["eat.txt"].message
    assert failed["die.txt"].code == "E999" and "died twice" in failed["die.txt"].message
    assert "SIGKILL" in failed["die.txt"].message
    assert "cannot store its record: TypeError" in failed["nostore.txt"].message
    assert all("\n" not in f.message for f in s.failed)
    # every good document, and the one whose worker was killed under it once, is stored
    assert stored(db) == {p.name for p in good} | {"once.txt"}
    assert s.done == 7 and s.inputs == len(inputs)
    with Store(db, readonly=True) as st:
        assert {Path(f.source).name for f in st.failures()} == set(failed)


def _children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from /proc/*/stat)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return sorted(out)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _slow_corpus(d: Path, n: int) -> None:
    d.mkdir()
    for i in range(n):
        body = "".join(f"第{k}条 各单位要在{2025 + k % 5}年底前完成第{i}项工作任务，覆盖率达到{60 + k % 40}%以上。\n"
                       for k in range(400))
        (d / f"doc{i:02d}.txt").write_text(f"关于做好第{i}项重点任务的通知\n{body}", encoding="utf-8")


def _wait_for(cond, timeout: float, proc=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"batch ended early (status {proc.returncode}): {proc.stderr and proc.stderr.read()}")
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    return None


def test_kill_9_of_a_worker_loses_no_document(tmp_path):
    """Row 9: kill -9 of one worker of `batch --jobs 2` in the middle of the run: all 14 stored, exit 0."""
    src = tmp_path / "in"
    _slow_corpus(src, 14)
    db = tmp_path / "s.sqlite"
    proc = subprocess.Popen([*EXE, "batch", str(src), "--db", str(db), "--jobs", "2", "--silent", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=ENV)
    try:
        workers = _wait_for(lambda: _children(proc.pid), 60, proc)
        assert workers, "no workers started"

        def some_stored():
            try:
                return sqlite3.connect(db, timeout=1).execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 2
            except sqlite3.Error:
                return False

        _wait_for(some_stored, 60)
        os.kill(workers[0], signal.SIGKILL)
        out, err = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    summary = json.loads(out)
    assert (summary["done"], summary["failed"]) == (14, []), summary
    assert len(stored(db)) == 14


def test_kill_9_of_batch_leaves_no_orphan_workers(tmp_path):
    """Row 9b: kill -9 of the batch process itself: its workers end within seconds."""
    src = tmp_path / "in"
    _slow_corpus(src, 30)
    proc = subprocess.Popen([*EXE, "batch", str(src), "--db", str(tmp_path / "s.sqlite"), "--jobs", "2", "--silent"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env=ENV)
    try:
        workers = _wait_for(lambda: _children(proc.pid), 60, proc)
        assert workers, "no workers started"
        time.sleep(0.5)  # mid-document
    finally:
        proc.kill()  # kill -9 of the batch process alone, not its process group
        proc.wait()
    gone = _wait_for(lambda: not any(_alive(w) for w in workers), 10)
    for w in workers:  # never leave them behind, whatever the outcome
        if _alive(w):
            os.kill(w, signal.SIGKILL)
    assert gone, f"orphan workers still alive: {workers}"


def unpicklable_for_bad(data: bytes, source: str, **kw):
    """A result that cannot travel back from a Dask worker kills its whole task."""
    rec = process_bytes(data, source, **kw)
    if data.startswith(b"BAD"):
        import threading

        rec["x"] = threading.Lock()  # no pickler sends a lock
    return rec


def test_dask_retries_the_chunk_mates_of_a_lost_task_alone(tmp_path):
    good = good_docs(tmp_path, 5)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"BAD" + GOOD.format(i="bad", n=3).encode())
    db = tmp_path / "s.sqlite"
    s = run_batch([good[0], bad, *good[1:]], db, engine="dask", jobs=1, chunk_size=3, func=unpicklable_for_bad)
    assert [Path(f.source).name for f in s.failed] == ["bad.txt"]
    assert stored(db) == {p.name for p in good}


def test_the_writer_refuses_fifos_devices_and_huge_files_before_reading(tmp_path):
    """run_batch called as a library (no CLI input expansion): nothing is read that could hang or fill the
    writer; the good document beside them is stored."""
    from policytext.read import MAX_BYTES

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fp:  # sparse: no disk space used
        fp.truncate(MAX_BYTES + 1)
    good = good_docs(tmp_path, 1)[0]
    s = run_batch([fifo, "/dev/zero", huge, good], tmp_path / "s.sqlite", jobs=1, func=hostile)
    failed = {Path(f.source).name: f for f in s.failed}
    assert set(failed) == {"pipe.txt", "zero", "huge.txt"}
    assert "not a regular file" in failed["pipe.txt"].message and failed["huge.txt"].code == "E106"
    assert stored(tmp_path / "s.sqlite") == {good.name}
