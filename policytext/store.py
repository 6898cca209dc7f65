"""SQLite store of document records: one file, WAL mode, a schema version, idempotent by content hash.

Each document is written in one transaction (its record, or its failure), so a run killed at any point
leaves a consistent database, and a rerun skips what is already stored.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from policytext import __version__
from policytext.errors import StoreError
from policytext.records import Failed

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,           -- first 16 hex of sha256 over the raw bytes
    source TEXT NOT NULL,
    pipeline TEXT NOT NULL,            -- policytext version that produced the record
    record TEXT NOT NULL,              -- the JSON record (DESIGN.md contract)
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    source TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started REAL NOT NULL,
    finished REAL,
    engine TEXT,
    inputs INTEGER,
    done INTEGER,
    failed INTEGER
);
"""


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the store: {e}", source=str(path)) from e
        if version > SCHEMA_VERSION:
            raise StoreError(f"store schema version {version} is newer than this policytext supports "
                             f"({SCHEMA_VERSION}); upgrade policytext", source=str(path))
        if version < SCHEMA_VERSION:
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def has(self, doc_id: str, *, pipeline: str = __version__) -> bool:
        row = self.db.execute("SELECT pipeline FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return row is not None and row[0] == pipeline

    def put(self, record: dict, *, pipeline: str = __version__) -> None:
        """Insert or replace one record in one transaction; clears an earlier failure of its source."""
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?)",
                            (record["doc_id"], record["source"], pipeline,
                             json.dumps(record, ensure_ascii=False), time.time()))
            self.db.execute("DELETE FROM failures WHERE source=?", (record["source"],))

    def put_failure(self, f: Failed) -> None:
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?,?)", (f.source, f.code, f.message,
                                                                                 time.time()))

    def records(self) -> Iterator[dict]:
        for (rec,) in self.db.execute("SELECT record FROM documents ORDER BY source, doc_id"):
            yield json.loads(rec)

    def failures(self) -> list[Failed]:
        return [Failed(source=s, code=c, message=m)
                for s, c, m in self.db.execute("SELECT source, code, message FROM failures ORDER BY source")]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def start_run(self, engine: str, inputs: int) -> int:
        with self._tx():
            cur = self.db.execute("INSERT INTO runs (started, engine, inputs) VALUES (?,?,?)",
                                  (time.time(), engine, inputs))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, done: int, failed: int) -> None:
        with self._tx():
            self.db.execute("UPDATE runs SET finished=?, done=?, failed=? WHERE id=?",
                            (time.time(), done, failed, run_id))

    def _tx(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, et, ev, tb):
                db.execute("COMMIT" if et is None else "ROLLBACK")

        return _Tx()
