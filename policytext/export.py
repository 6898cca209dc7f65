"""Out of the store: one table's rows as JSONL, CSV or Parquet, or the full document records as JSONL.

Rows are streamed from SQLite (never all in memory). Every row of a table validates against that table's
JSON Schema (draft 2020-12) in ``policytext/data/tables.schema.json``; ``table_schema(name)`` returns it.
"""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from policytext.store import COLUMNS, Store

# export name → store table
TABLES = {"documents": "documents", "targets": "targets", "mechanisms": "mechanisms",
          "components": "mechanism_components", "deadlines": "deadlines", "repairs": "repairs",
          "links": "links", "failures": "failures", "runs": "runs"}
# tables computed from the stored records rather than stored: the target matrix of ``compare --table targets``
# (one row per group, indicator, measure, year and kind) and its wide form (group × indicator)
DERIVED = {"target_matrix": "comparison_targets", "target_matrix_wide": "comparison_targets_wide"}
GROUP_BY = ("region", "issuer", "site", "document")
FORMATS = ("jsonl", "csv", "parquet")
_PARQUET_BATCH = 5000


@cache
def _schemas() -> dict:
    return json.loads(resources.files("policytext").joinpath("data/tables.schema.json").read_text(encoding="utf-8"))


def _store_table(table: str) -> str:
    if table in TABLES:
        return TABLES[table]
    if table in TABLES.values():
        return table
    raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")


def columns(table: str) -> list[str]:
    if table in DERIVED:
        from policytext.compare.tables import target_columns

        return ["group", "…"] if table == "target_matrix_wide" else target_columns()
    return [c for c, _, _ in COLUMNS[_store_table(table)]]


def table_schema(table: str) -> dict:
    """The JSON Schema (draft 2020-12) of one exported row of ``table``, standalone."""
    all_ = _schemas()
    name = DERIVED.get(table) or _store_table(table)
    return {"$schema": all_["$schema"], "$id": f"{all_['$id']}/{name}", **all_["$defs"][name]}


def iter_rows(store_path: str | Path, table: str) -> Iterator[dict]:
    """A read-only store (a file or folder we may not write) is read without writing anything."""
    with Store(store_path, readonly=None, create=False) as store:
        yield from store.rows(_store_table(table))


# a spreadsheet reads a cell that starts with one of these as a formula (CSV injection: `=HYPERLINK(…)`,
# `@SUM(…)`, `-2+3`); for Excel (``bom``) such text cells get a leading apostrophe, which shows the text as is
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(v, excel: bool = False):
    if isinstance(v, bool):
        return "true" if v else "false"
    if excel and isinstance(v, str) and v.startswith(FORMULA_STARTS):
        return "'" + v
    return v


def _open_text(out: str | Path, encoding: str):
    if str(out) == "-":
        if encoding == "utf-8-sig":
            sys.stdout.write("\ufeff")
        return sys.stdout, False
    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p.open("w", encoding=encoding, newline=""), True


def _export_derived(store_path: str | Path, table: str, out: str | Path, fmt: str, bom: bool, group_by: str) -> int:
    """The target matrix (long or wide) of the stored records, written like a stored table."""
    from policytext.compare.tables import target_columns, target_table_from_records, wide_table, write_parquet
    from policytext.store import iter_documents

    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")
    rows = target_table_from_records(list(iter_documents(store_path)), group_by=group_by)
    wide = table == "target_matrix_wide"
    names, rows = wide_table(rows) if wide else (target_columns(), rows)
    if fmt == "parquet":
        if str(out) == "-":
            raise ValueError("parquet needs a file, not stdout")
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        write_parquet(names, rows, out, wide=wide)
        return len(rows)
    fp, close = _open_text(out, "utf-8-sig" if bom and fmt == "csv" else "utf-8")
    try:
        if fmt == "jsonl":
            for row in rows:
                fp.write(json.dumps({c: row.get(c) for c in names}, ensure_ascii=False) + "\n")
        else:
            w = csv.writer(fp)
            w.writerow(names)
            for row in rows:
                w.writerow(["" if row.get(c) is None else _csv_value(row.get(c), bom) for c in names])
    finally:
        if close:
            fp.close()
    return len(rows)


def export_table(store_path: str | Path, table: str, out: str | Path, fmt: str = "jsonl", *,
                 bom: bool = False, group_by: str = "region") -> int:
    """Write the rows of ``table`` to ``out`` (``-`` = stdout for jsonl/csv); returns the number of rows.
    ``bom`` starts a CSV with a UTF-8 byte-order mark so that Excel reads it as UTF-8, and neutralises
    text cells that Excel would run as formulas (a leading ``'`` before ``= + - @``, tab or CR).
    ``target_matrix`` and ``target_matrix_wide`` are computed from the stored records, grouped by
    ``group_by`` (region, issuer, site or document; documents without one share the group ``unknown``)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if table in DERIVED:
        return _export_derived(store_path, table, out, fmt, bom, group_by)
    name = _store_table(table)
    cols = COLUMNS[name]
    names = [c for c, _, _ in cols]
    n = 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        if str(out) == "-":
            raise ValueError("parquet needs a file, not stdout")
        types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
        schema = pa.schema([pa.field(c, types[j], nullable=True) for c, _, j in cols])
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(str(out), schema) as w:
            batch: list[dict] = []
            for row in iter_rows(store_path, name):
                batch.append(row)
                n += 1
                if len(batch) >= _PARQUET_BATCH:
                    w.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch or n == 0:
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
        return n
    fp, close = _open_text(out, "utf-8-sig" if bom and fmt == "csv" else "utf-8")
    try:
        if fmt == "jsonl":
            for row in iter_rows(store_path, name):
                fp.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        else:
            w = csv.writer(fp)
            w.writerow(names)
            for row in iter_rows(store_path, name):
                w.writerow([_csv_value(row[c], bom) for c in names])
                n += 1
    finally:
        if close:
            fp.close()
    return n


def export_records(store_path: str | Path, out: str | Path) -> int:
    """The full document records (the record contract of docs/CONTRACTS.md, with ``text``) as JSONL; returns how many."""
    fp, close = _open_text(out, "utf-8")
    n = 0
    try:
        with Store(store_path, readonly=None, create=False) as store:
            for r in store.records():
                fp.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
    finally:
        if close:
            fp.close()
    return n


def export(store_path: str | Path, out: str | Path, fmt: str = "jsonl", *, bom: bool = False) -> list[Path]:
    """Everything at once: ``jsonl`` writes the full records to the file ``out``; ``csv`` and ``parquet``
    write one file per table into the directory ``out``. Returns the files written."""
    out = Path(out)
    if fmt == "jsonl":
        export_records(store_path, out)
        return [out]
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in (*TABLES, "target_matrix"):
        p = out / f"{table}.{fmt}"
        export_table(store_path, table, p, fmt, bom=bom)
        written.append(p)
    return written
