"""SQLite store of document records: one file, WAL mode, a schema version, idempotent by content hash.

Schema version 3 keeps the full JSON record of each document and, next to it, one row per record in flat
tables (``targets``, ``mechanisms``, ``mechanism_components``, ``deadlines``, ``repairs``, ``links``) that SQL,
pandas or Excel can read directly; ``failures`` holds the inputs that could not be processed and ``runs`` one row
per batch run. A version-1 or version-2 file is upgraded in place when opened (2 → 3 adds ``documents.parent``
and the ``links`` table).

Attachments: ``links`` holds each page's attachment and image links (``Document.links``) with ``resolved``, the
source name the linked file has when it is stored too (the absolute URL; for a page read from a file, the path
the link names next to the page). ``documents.parent`` is the page a document is attached to: the Referer its
WARC request sent (``fetch --follow-attachments``), else a stored page whose links resolve to its source
(:meth:`Store.link_parents`, run at the end of every batch). ``parent`` lives in the column; :meth:`records`
adds it to the record.

Each document is written in one transaction (its record with all its rows, or its failure), so a run killed
at any point leaves a consistent database, and a rerun skips the documents whose content hash and pipeline
version are already stored.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policytext import __version__
from policytext.errors import StoreError
from policytext.records import Failed

SCHEMA_VERSION = 3
PIPELINE_VERSION = __version__  # what a stored record was produced by; a different one is re-extracted
SQLITE_HEADER = b"SQLite format 3\x00"

# (column, SQL type, JSON type) of each flat table; the JSON Schema of exported rows is
# policytext/data/tables.schema.json (tests check that the two agree).
COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "documents": [
        ("doc_id", "TEXT NOT NULL PRIMARY KEY", "string"),
        ("source", "TEXT NOT NULL", "string"),
        ("parent", "TEXT", "string"),  # the page (source) this document is attached to, when known
        ("content_hash", "TEXT", "string"),  # sha256 of the raw bytes (NULL for rows migrated from version 1)
        ("pipeline", "TEXT NOT NULL", "string"),
        ("format", "TEXT", "string"),
        ("encoding", "TEXT", "string"),
        ("script", "TEXT", "string"),
        ("title", "TEXT", "string"),
        ("issuer", "TEXT", "string"),  # issuers joined with "；"
        ("doc_number", "TEXT", "string"),
        ("issued_date", "TEXT", "string"),
        ("published_date", "TEXT", "string"),
        ("region_name", "TEXT", "string"),
        ("region_level", "TEXT", "string"),
        ("region_province", "TEXT", "string"),
        ("region_code", "TEXT", "string"),
        ("chars", "INTEGER", "integer"),
        ("run_id", "INTEGER", "integer"),
        ("created", "REAL NOT NULL", "number"),
    ],
    "targets": [
        ("doc_id", "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE", "string"),
        ("idx", "INTEGER NOT NULL", "integer"),
        ("indicator", "TEXT", "string"),
        ("scope", "TEXT", "string"),
        ("value", "REAL", "number"),
        ("value_max", "REAL", "number"),
        ("unit", "TEXT", "string"),
        ("comparator", "TEXT", "string"),
        ("year", "INTEGER", "integer"),
        ("recurring", "TEXT", "string"),
        ("kind", "TEXT", "string"),
        ("damaged", "INTEGER", "boolean"),
        ("start", "INTEGER", "integer"),
        ("end", "INTEGER", "integer"),
        ("text", "TEXT", "string"),
    ],
    "mechanisms": [
        ("doc_id", "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE", "string"),
        ("idx", "INTEGER NOT NULL", "integer"),
        ("name", "TEXT", "string"),
        ("count", "INTEGER", "integer"),
        ("complete", "INTEGER", "boolean"),
        ("damaged", "INTEGER", "boolean"),
        ("start", "INTEGER", "integer"),
        ("end", "INTEGER", "integer"),
        ("text", "TEXT", "string"),
    ],
    "mechanism_components": [
        ("doc_id", "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE", "string"),
        ("mechanism_idx", "INTEGER NOT NULL", "integer"),
        ("idx", "INTEGER NOT NULL", "integer"),
        ("mechanism", "TEXT", "string"),
        ("component", "TEXT", "string"),
        ("start", "INTEGER", "integer"),  # NULL when the extractor gave no span for the component
        ("end", "INTEGER", "integer"),
        ("text", "TEXT", "string"),
    ],
    "deadlines": [
        ("doc_id", "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE", "string"),
        ("idx", "INTEGER NOT NULL", "integer"),
        ("date", "TEXT", "string"),
        ("type", "TEXT", "string"),
        ("what", "TEXT", "string"),
        ("damaged", "INTEGER", "boolean"),
        ("start", "INTEGER", "integer"),
        ("end", "INTEGER", "integer"),
        ("text", "TEXT", "string"),
    ],
    "repairs": [
        ("doc_id", "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE", "string"),
        ("idx", "INTEGER NOT NULL", "integer"),
        ("kind", "TEXT", "string"),
        ("detail", "TEXT", "string"),
        ("start", "INTEGER", "integer"),
        ("end", "INTEGER", "integer"),
        ("raw_start", "INTEGER", "integer"),
        ("raw_end", "INTEGER", "integer"),
        ("before", "TEXT", "string"),
        ("after", "TEXT", "string"),
        ("text", "TEXT", "string"),  # the normalized text at start:end
    ],
    "links": [
        ("doc_id", "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE", "string"),
        ("idx", "INTEGER NOT NULL", "integer"),
        ("kind", "TEXT", "string"),  # attachment | image
        ("url", "TEXT", "string"),
        ("text", "TEXT", "string"),
        ("ext", "TEXT", "string"),
        ("resolved", "TEXT", "string"),  # the source name of the linked file when stored (URL, or a path)
    ],
    "failures": [
        ("source", "TEXT NOT NULL PRIMARY KEY", "string"),
        ("code", "TEXT NOT NULL", "string"),
        ("message", "TEXT NOT NULL", "string"),
        ("run_id", "INTEGER", "integer"),
        ("created", "REAL NOT NULL", "number"),
    ],
    "runs": [
        ("id", "INTEGER PRIMARY KEY AUTOINCREMENT", "integer"),
        ("tool_version", "TEXT", "string"),
        ("pipeline", "TEXT", "string"),
        ("engine", "TEXT", "string"),
        ("config", "TEXT", "string"),  # JSON of the run's options
        ("started", "REAL NOT NULL", "number"),
        ("finished", "REAL", "number"),
        ("inputs", "INTEGER", "integer"),
        ("done", "INTEGER", "integer"),
        ("skipped", "INTEGER", "integer"),
        ("failed", "INTEGER", "integer"),
    ],
}
# columns kept in ``documents`` but not in its flat export rows (large)
DOCUMENT_BLOBS = [("text", "TEXT", "string"), ("record", "TEXT NOT NULL", "string")]
_KEYS = {
    "targets": "PRIMARY KEY (doc_id, idx)",
    "mechanisms": "PRIMARY KEY (doc_id, idx)",
    "mechanism_components": "PRIMARY KEY (doc_id, mechanism_idx, idx)",
    "deadlines": "PRIMARY KEY (doc_id, idx)",
    "repairs": "PRIMARY KEY (doc_id, idx)",
    "links": "PRIMARY KEY (doc_id, idx)",
}
RECORD_TABLES = ("targets", "mechanisms", "mechanism_components", "deadlines", "repairs", "links")
_V3_INDEXES = ["CREATE INDEX links_resolved ON links(resolved)", "CREATE INDEX documents_parent ON documents(parent)"]


def _q(name: str) -> str:
    return f'"{name}"'


def _ddl() -> list[str]:
    out = []
    for table, cols in COLUMNS.items():
        defs = [f"{_q(c)} {t}" for c, t, _ in cols]
        if table == "documents":
            defs += [f"{_q(c)} {t}" for c, t, _ in DOCUMENT_BLOBS]
        if table in _KEYS:
            defs.append(_KEYS[table])
        out.append(f"CREATE TABLE {table} (\n    " + ",\n    ".join(defs) + "\n)")
    out += [f"CREATE INDEX {t}_doc ON {t}(doc_id)" for t in ("targets", "mechanisms", "deadlines", "links")]
    out += ["CREATE INDEX documents_source ON documents(source)",
            "CREATE INDEX documents_hash ON documents(content_hash)", *_V3_INDEXES]
    return out


def _table_ddl(table: str) -> str:
    return next(x for x in _ddl() if x.startswith(f"CREATE TABLE {table} "))


def resolve_link(source: str, url: str) -> str | None:
    """The source name a page's link would have as a stored document: for a page fetched from the web, the
    link's absolute URL (as the fetcher names it); for a page read from a file, the file the link names next to
    the page (a relative link against the page's folder, an absolute or root-relative one by its file name)."""
    from urllib.parse import unquote, urlsplit

    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if source.lower().startswith(("http://", "https://")) or parts.scheme in ("http", "https"):
        if parts.scheme not in ("http", "https"):
            return None
        if not source.lower().startswith(("http://", "https://")):
            name = unquote(parts.path).rsplit("/", 1)[-1]
            return os.path.normpath(os.path.join(os.path.dirname(source), name)) if name else None
        from policytext.fetch import canonical_url

        return canonical_url(url)
    if parts.scheme or parts.netloc:
        return None  # ftp:, file: …
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        path = path.rsplit("/", 1)[-1]
    return os.path.normpath(os.path.join(os.path.dirname(source), path))


def _insert_sql(table: str, cols: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})"


def _bool(v) -> int | None:
    return None if v is None else int(bool(v))


def _slice(text: str | None, start, end) -> str | None:
    if text is None or not isinstance(start, int) or not isinstance(end, int):
        return None
    return text[start:end]


def record_rows(record: dict) -> dict[str, list[tuple]]:
    """The flat rows (as tuples in COLUMNS order) of one document record, per record table."""
    doc_id = record["doc_id"]
    text = record.get("text")
    rows: dict[str, list[tuple]] = {t: [] for t in RECORD_TABLES}
    for i, t in enumerate(record.get("targets") or []):
        rows["targets"].append((doc_id, i, t.get("indicator"), t.get("scope"), t.get("value"), t.get("value_max"),
                                t.get("unit"), t.get("comparator"), t.get("year"), t.get("recurring"), t.get("kind"),
                                _bool(t.get("damaged")), t.get("start"), t.get("end"), t.get("text")))
    for i, m in enumerate(record.get("mechanisms") or []):
        rows["mechanisms"].append((doc_id, i, m.get("name"), m.get("count"), _bool(m.get("complete")),
                                   _bool(m.get("damaged")), m.get("start"), m.get("end"), m.get("text")))
        spans = m.get("component_spans") or []
        for j, c in enumerate(m.get("components") or []):
            s, e = (spans[j][0], spans[j][1]) if j < len(spans) and spans[j] else (None, None)
            rows["mechanism_components"].append((doc_id, i, j, m.get("name"), c, s, e, _slice(text, s, e)))
    for i, d in enumerate(record.get("deadlines") or []):
        rows["deadlines"].append((doc_id, i, d.get("date"), d.get("type"), d.get("what"), _bool(d.get("damaged")),
                                  d.get("start"), d.get("end"), d.get("text")))
    for i, r in enumerate(record.get("repairs") or []):
        rows["repairs"].append((doc_id, i, r.get("kind"), r.get("detail"), r.get("start"), r.get("end"),
                                r.get("raw_start"), r.get("raw_end"), r.get("before"), r.get("after"),
                                _slice(text, r.get("start"), r.get("end"))))
    for i, x in enumerate(record.get("links") or []):
        rows["links"].append((doc_id, i, x.get("kind"), x.get("url"), x.get("text"), x.get("ext"),
                              resolve_link(record.get("source") or "", x.get("url") or "")))
    return rows


def _document_row(record: dict, *, content_hash, pipeline, run_id, created, parent=None) -> tuple:
    md = record.get("metadata") or {}
    reg = md.get("region") or {}
    issuer = md.get("issuer")
    text = record.get("text")
    body = {k: v for k, v in record.items() if k not in ("text", "parent")}  # parent: the column (link_parents)
    parent = parent if parent is not None else record.get("parent")
    return (record["doc_id"], record["source"], parent, content_hash, pipeline, record.get("format"),
            record.get("encoding"),
            record.get("script"), md.get("title"), "；".join(issuer) if isinstance(issuer, list) else issuer,
            md.get("doc_number"), md.get("issued_date"), md.get("published_date"), reg.get("name"), reg.get("level"),
            reg.get("province"), reg.get("code"), len(text) if text is not None else None, run_id, created,
            text, json.dumps(body, ensure_ascii=False))


_DOC_INSERT = _insert_sql("documents", [c for c, _, _ in COLUMNS["documents"] + DOCUMENT_BLOBS])
_ROW_INSERT = {t: _insert_sql(t, [c for c, _, _ in COLUMNS[t]]) for t in RECORD_TABLES}


def _with_column_values(rec: str, text: str | None, parent: str | None) -> dict:
    """A stored record with its ``text`` and ``parent`` (kept in their own columns) put back."""
    r = json.loads(rec)
    if parent is not None:
        r["parent"] = parent
    if text is not None:
        r["text"] = text
    return r


def is_sqlite(path: str | Path) -> bool:
    """True when the file starts with SQLite's 16-byte header (whatever its name)."""
    try:
        with open(path, "rb") as fp:
            return fp.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _locked(e: sqlite3.Error, path, lock_timeout: float) -> StoreError:
    """The StoreError for a failed write: locked by another writer, or cannot be written at all."""
    msg = str(e)
    if isinstance(e, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg):
        return StoreError(f"the store is locked by another writer (waited {lock_timeout:g} s; see --lock-timeout)",
                          source=str(path))
    return StoreError(f"cannot write the store: {msg}", source=str(path))


def connect_readonly(path: str | Path, *, lock_timeout: float = 30.0) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``) that never writes the file nor creates ``-wal``/``-shm`` files;
    when SQLite cannot read that way (a file or folder we may not write, no shared-memory file),
    ``immutable=1``: the file is read as it is on disk. Raises StoreError."""
    uri = Path(path).resolve().as_uri()
    last: Exception | None = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=lock_timeout, isolation_level=None)
        except sqlite3.DatabaseError as e:
            last = e
            continue
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.DatabaseError as e:
            db.close()
            last = e
            if "locked" in str(e) or "busy" in str(e):
                raise _locked(e, path, lock_timeout) from e
            if "not a database" in str(e) or "malformed" in str(e):
                break
    raise StoreError(f"cannot open the store: {last}", source=str(path)) from last


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)
    return os.access(path.resolve().parent, os.W_OK)


class Store:
    """A policytext SQLite store. Opening creates it (empty or missing file), upgrades an older schema in
    place, and refuses a newer schema or a SQLite file that is not a policytext store.

    ``lock_timeout``: seconds to wait for another writer's lock before a write raises StoreError.
    ``readonly``: True opens the file for reading only (``mode=ro``, or ``immutable`` where SQLite cannot
    read otherwise; writes raise StoreError); None: read-only when the file or its folder is not writable.
    ``create``: False for a reader: a missing or empty file is refused, never made into a store."""

    def __init__(self, path: str | Path, *, lock_timeout: float = 30.0, readonly: bool | None = False,
                 create: bool = True):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        if not create and (not self.path.exists() or (self.path.is_file() and self.path.stat().st_size == 0)):
            # a reader (export, report) never turns a missing or empty file into a store
            raise StoreError("no such file" if not self.path.exists() else "not a policytext store (an empty file)",
                             source=str(path))
        if readonly is None:
            readonly = self.path.exists() and not _writable(self.path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise StoreError("no such file", source=str(path))
            self.db = connect_readonly(self.path, lock_timeout=lock_timeout)
        else:
            try:
                self.db = sqlite3.connect(self.path, timeout=lock_timeout, isolation_level=None)
            except sqlite3.DatabaseError as e:
                raise StoreError(f"cannot open the store: {e}", source=str(path)) from e
        try:
            try:
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            except sqlite3.OperationalError as e:
                if "locked" in str(e) or "busy" in str(e):
                    raise _locked(e, path, lock_timeout) from e
                raise StoreError(f"cannot open the store: {e}", source=str(path)) from e
            except sqlite3.DatabaseError as e:
                raise StoreError(f"cannot open the store: {e}", source=str(path)) from e
            if version > SCHEMA_VERSION:
                raise StoreError(f"store schema version {version} is newer than this policytext supports "
                                 f"({SCHEMA_VERSION}); upgrade policytext", source=str(path))
            if version == 0 and tables - {"sqlite_sequence"}:
                raise StoreError("not a policytext store (a SQLite file with other tables)", source=str(path))
            if readonly:
                if version != SCHEMA_VERSION:
                    raise StoreError(f"store schema version {version} cannot be read without writing (it needs "
                                     f"an upgrade to {SCHEMA_VERSION}, and the file is opened read-only)",
                                     source=str(path))
                return
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute("PRAGMA foreign_keys=ON")
            except sqlite3.OperationalError as e:
                raise _locked(e, path, lock_timeout) from e
            if version == 0:
                self._create()
            elif version == 1:
                self._migrate_v1()
            elif version == 2:
                self._migrate_v2()
        except BaseException:
            self.db.close()
            raise

    # ---- schema -------------------------------------------------------------------------------------
    def _create(self) -> None:
        with self._tx():
            for stmt in _ddl():
                self.db.execute(stmt)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _migrate_v1(self) -> None:
        """Version 1 → 2 in one transaction: move the old tables aside, create the new ones, re-insert every
        stored record (which fills the flat tables), carry failures and runs over, drop the old tables."""
        try:
            with self._tx():
                for t in ("documents", "failures", "runs"):
                    self.db.execute(f"ALTER TABLE {t} RENAME TO {t}_v1")
                for stmt in _ddl():
                    self.db.execute(stmt)
                for doc_id, source, pipeline, rec, created in self.db.execute(
                        "SELECT doc_id, source, pipeline, record, created FROM documents_v1").fetchall():
                    record = {**json.loads(rec), "doc_id": doc_id, "source": source}
                    self._insert(record, content_hash=None, pipeline=pipeline, run_id=None, created=created)
                self.db.execute("INSERT INTO failures (source, code, message, created) "
                                "SELECT source, code, message, created FROM failures_v1")
                self.db.execute("INSERT INTO runs (id, engine, config, started, finished, inputs, done, failed) "
                                "SELECT id, engine, json_object('engine', engine), started, finished, inputs, done, "
                                "failed FROM runs_v1")
                for t in ("documents", "failures", "runs"):
                    self.db.execute(f"DROP TABLE {t}_v1")
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as e:
            raise StoreError(f"cannot upgrade the store from schema version 1: {e}", source=str(self.path)) from e

    def _migrate_v2(self) -> None:
        """Version 2 → 3 in one transaction: ``documents.parent`` and the ``links`` table (filled from the
        stored records that carry links)."""
        try:
            with self._tx():
                self.db.execute("ALTER TABLE documents ADD COLUMN parent TEXT")
                self.db.execute(_table_ddl("links"))
                self.db.execute("CREATE INDEX links_doc ON links(doc_id)")
                for stmt in _V3_INDEXES:
                    self.db.execute(stmt)
                for rec in self.db.execute("SELECT record FROM documents WHERE record LIKE '%\"links\"%'").fetchall():
                    record = json.loads(rec[0])
                    if record.get("links"):
                        self.db.executemany(_ROW_INSERT["links"], record_rows(record)["links"])
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as e:
            raise StoreError(f"cannot upgrade the store from schema version 2: {e}", source=str(self.path)) from e

    # ---- life cycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self):
        """One write transaction; a lock held by another writer past ``lock_timeout`` (or a file that cannot
        be written: read-only, disk full) raises StoreError, and nothing of the transaction is kept."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise _locked(e, self.path, self.lock_timeout) from e
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException as e:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(e, sqlite3.OperationalError):
                raise _locked(e, self.path, self.lock_timeout) from e
            raise

    # ---- documents ----------------------------------------------------------------------------------
    def has(self, doc_id: str, *, content_hash: str | None = None, pipeline: str = PIPELINE_VERSION) -> bool:
        """Is this document stored, produced by ``pipeline`` (and from these exact bytes when ``content_hash``
        is given; rows migrated from version 1 have no stored hash and match on ``doc_id``, its prefix)?"""
        row = self.db.execute("SELECT pipeline, content_hash FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None or row[0] != pipeline:
            return False
        return content_hash is None or row[1] is None or row[1] == content_hash

    def _insert(self, record: dict, *, content_hash, pipeline, run_id, created, parent=None) -> None:
        doc_id = record["doc_id"]
        for t in RECORD_TABLES:
            self.db.execute(f"DELETE FROM {t} WHERE doc_id=?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
        self.db.execute(_DOC_INSERT, _document_row(record, content_hash=content_hash, pipeline=pipeline,
                                                   run_id=run_id, created=created, parent=parent))
        for t, rows in record_rows(record).items():
            if rows:
                self.db.executemany(_ROW_INSERT[t], rows)

    def put(self, record: dict, *, content_hash: str | None = None, pipeline: str = PIPELINE_VERSION,
            run_id: int | None = None, parent: str | None = None) -> None:
        """Insert or replace one document with all its rows in one transaction; clears an earlier failure of
        its source. ``parent``: the page it is attached to (else the record's ``parent``, else none yet)."""
        with self._tx():
            self._insert(record, content_hash=content_hash, pipeline=pipeline, run_id=run_id, created=time.time(),
                         parent=parent)
            self.db.execute("DELETE FROM failures WHERE source=?", (record["source"],))

    def set_parent(self, doc_id: str, parent: str) -> bool:
        """Record ``parent`` for a stored document that has none yet; whether it changed."""
        with self._tx():
            cur = self.db.execute("UPDATE documents SET parent=? WHERE doc_id=? AND parent IS NULL", (parent, doc_id))
        return cur.rowcount > 0

    def count_parents(self, run_id: int | None = None) -> int:
        """Documents (of run ``run_id``, or all) stored with the page they are attached to."""
        if run_id is None:
            return self.db.execute("SELECT COUNT(*) FROM documents WHERE parent IS NOT NULL").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM documents WHERE run_id=? AND parent IS NOT NULL",
                               (run_id,)).fetchone()[0]

    def link_parents(self) -> int:
        """Give each stored document without a parent the stored page whose attachment or image link resolves to
        its source (the first such page by source); returns how many documents got one."""
        with self._tx():
            cur = self.db.execute(
                "UPDATE documents SET parent = (SELECT p.source FROM links l JOIN documents p ON p.doc_id = l.doc_id "
                "WHERE l.resolved = documents.source AND l.doc_id <> documents.doc_id ORDER BY p.source LIMIT 1) "
                "WHERE parent IS NULL AND EXISTS (SELECT 1 FROM links l WHERE l.resolved = documents.source "
                "AND l.doc_id <> documents.doc_id)")
        return cur.rowcount

    def put_failure(self, f: Failed, *, run_id: int | None = None) -> None:
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO failures (source, code, message, run_id, created) "
                            "VALUES (?,?,?,?,?)", (f.source, f.code, f.message, run_id, time.time()))

    def records(self) -> Iterator[dict]:
        """The stored document records (the record contract of docs/CONTRACTS.md, with ``text``), by source."""
        cur = self.db.cursor()
        for rec, text, parent in cur.execute("SELECT record, text, parent FROM documents ORDER BY source, doc_id"):
            yield _with_column_values(rec, text, parent)

    def failures(self) -> list[Failed]:
        return [Failed(source=s, code=c, message=m)
                for s, c, m in self.db.execute("SELECT source, code, message FROM failures ORDER BY source")]

    def count(self, table: str = "documents") -> int:
        if table not in COLUMNS:
            raise ValueError(f"no table {table!r}")
        return self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def rows(self, table: str) -> Iterator[dict]:
        """The rows of a flat table as dicts (booleans as bool), in a stable order."""
        if table not in COLUMNS:
            raise ValueError(f"no table {table!r}; one of {', '.join(COLUMNS)}")
        cols = COLUMNS[table]
        names = [c for c, _, _ in cols]
        bools = [i for i, (_, _, j) in enumerate(cols) if j == "boolean"]
        order = {"failures": "source", "runs": "id", "documents": "source, doc_id"}.get(table)
        if order is None:
            order = "doc_id, mechanism_idx, idx" if table == "mechanism_components" else "doc_id, idx"
        cur = self.db.cursor()
        for row in cur.execute(f"SELECT {', '.join(_q(c) for c in names)} FROM {table} ORDER BY {order}"):
            row = list(row)
            for i in bools:
                if row[i] is not None:
                    row[i] = bool(row[i])
            yield dict(zip(names, row, strict=True))

    # ---- runs ---------------------------------------------------------------------------------------
    def start_run(self, engine: str, inputs: int | None = None, *, config: dict | None = None) -> int:
        with self._tx():
            cur = self.db.execute(
                "INSERT INTO runs (tool_version, pipeline, engine, config, started, inputs) VALUES (?,?,?,?,?,?)",
                (__version__, PIPELINE_VERSION, engine, json.dumps(config or {}, ensure_ascii=False, sort_keys=True),
                 time.time(), inputs))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, done: int, failed: int, *, skipped: int | None = None,
                   inputs: int | None = None) -> None:
        with self._tx():
            self.db.execute("UPDATE runs SET finished=?, done=?, failed=?, skipped=?, inputs=COALESCE(?, inputs) "
                            "WHERE id=?", (time.time(), done, failed, skipped, inputs, run_id))


def iter_documents(path: str | Path) -> Iterator[dict]:
    """The document records stored by ``policytext batch`` (with ``text``), as ``policytext.compare`` takes
    them. Opens the file read-only: an older schema, a newer one, or a SQLite file that is not a policytext
    store raises StoreError (nothing is changed)."""
    path = Path(path)
    if not is_sqlite(path):
        raise StoreError("not a SQLite file", source=str(path))
    db = connect_readonly(path)
    try:
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot read the store: {e}", source=str(path)) from e
        if "documents" not in tables or version == 0:
            raise StoreError("not a policytext store (no documents table or no schema version)", source=str(path))
        if version > SCHEMA_VERSION:
            raise StoreError(f"store schema version {version} is newer than this policytext supports "
                             f"({SCHEMA_VERSION}); upgrade policytext", source=str(path))
        if version < SCHEMA_VERSION:
            raise StoreError(f"store schema version {version} is older than {SCHEMA_VERSION}; upgrade it in place "
                             f"by opening it once with `policytext export --db {path} ...` or `policytext batch`",
                             source=str(path))
        try:
            for rec, text, parent in db.execute("SELECT record, text, parent FROM documents ORDER BY source, doc_id"):
                yield _with_column_values(rec, text, parent)
        except (sqlite3.DatabaseError, ValueError) as e:
            raise StoreError(f"cannot read the store: {e}", source=str(path)) from e
    finally:
        db.close()
