"""The target matrix planning tools load: one row per (group, indicator, measure, year, kind), and its wide form.

``target_table(comparison)`` flattens the target rows of :func:`policytext.compare.compare` (or, with
``target_table_from_records(records)``, of records straight from a store) into rows whose columns are those of
``comparison_targets`` in ``data/tables.schema.json``; ``wide_table(rows)`` pivots them to group ×
indicator. Groups are the documents' region, issuer, site or the document itself (``group_by``); a
document without one goes to the single group ``unknown``, never to a group named after its file.

Mentions that repeat one figure (same group, indicator, measure, year, kind, value and comparator) collapse
into one row whose ``mentions`` counts them; differing figures stay separate rows, so a conflict is visible.
"""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

GROUP_BY = ("region", "issuer", "site", "document")
UNKNOWN = "unknown"

# (column, JSON type) — the order of the CSV/Parquet columns and of comparison_targets in tables.schema.json
TARGET_COLUMNS: list[tuple[str, str]] = [
    ("group", "string"), ("region", "string"), ("doc_id", "string"), ("source", "string"),
    ("row", "string"), ("indicator_id", "string"), ("indicator", "string"), ("domain", "string"),
    ("measure", "string"), ("unit_family", "string"), ("year", "integer"), ("kind", "string"),
    ("column", "string"), ("comparator", "string"), ("value", "number"), ("low", "number"), ("high", "number"),
    ("unit", "string"), ("written_value", "string"), ("written_unit", "string"), ("canonical_value", "string"),
    ("canonical_low", "string"), ("canonical_high", "string"), ("canonical_unit", "string"),
    ("rule", "string"), ("confidence", "number"), ("mentions", "integer"), ("quote", "string"),
    ("start", "integer"), ("end", "integer"),
]


def group_of(doc: dict, group_by: str = "region") -> str:
    """The group a document of the comparison (``documents`` entry, or a record) belongs to."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")
    meta = doc.get("metadata") or {}
    if group_by == "region":
        reg = doc.get("region") if "region" in doc else (meta.get("region") or {})
        name = reg.get("name") if isinstance(reg, dict) else reg
        return name or UNKNOWN
    if group_by == "issuer":
        iss = doc.get("issuer") if "issuer" in doc else meta.get("issuer")
        if isinstance(iss, list):
            iss = "；".join(x for x in iss if x)
        return iss or UNKNOWN
    if group_by == "site":
        site = doc.get("site") if "site" in doc else meta.get("source_site")
        if isinstance(site, dict):
            site = site.get("name") or site.get("domain")
        if not site:
            src = str(doc.get("source") or "")
            site = urlparse(src).netloc if "://" in src else None
        return site or UNKNOWN
    return str(doc.get("doc_id"))


def document_info(records: list[dict]) -> list[dict]:
    """What the comparison's ``documents`` list keeps of each record, plus issuer and site for grouping."""
    out = []
    for r in records:
        meta = r.get("metadata") or {}
        out.append({"doc_id": r["doc_id"], "source": r.get("source"),
                    "region": (meta.get("region") or {}).get("name"), "title": meta.get("title"),
                    "issuer": "；".join(x for x in (meta.get("issuer") or []) if x) or None,
                    "site": group_of(r, "site") if (meta.get("source_site") or "://" in str(r.get("source")))
                    else None})
    return out


def _num(v):
    if v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def target_table(comparison: dict, *, group_by: str = "region", kinds: tuple[str, ...] | None = None) -> list[dict]:
    """Rows of the long target table from a comparison (see the module docstring)."""
    docs = {d["doc_id"]: d for d in comparison.get("documents") or []}
    rows: list[dict] = []
    seen: dict[tuple, dict] = {}
    for trow in comparison.get("target_rows") or []:
        for doc_id, cells in (trow.get("cells") or {}).items():
            d = docs.get(doc_id, {"doc_id": doc_id})
            grp = group_of(d, group_by)
            for c in cells:
                kind = c.get("kind") or trow.get("kind") or "target"
                if kinds and kind not in kinds:
                    continue
                low = c.get("value")
                high = c.get("value_max")
                comp = c.get("comparator")
                if high is None:
                    low, high = (low, None) if comp in (">=", ">") else (None, low) if comp in ("<=", "<") \
                        else (low, low)
                key = (grp, trow.get("dimension"), c.get("year"), kind, c.get("value"), c.get("value_max"), comp)
                if key in seen:
                    seen[key]["mentions"] += 1
                    continue
                canon = c.get("canonical_value")
                cmax = c.get("canonical_value_max")
                if cmax is None:
                    clow, chigh = (canon, None) if comp in (">=", ">") else (None, canon) \
                        if comp in ("<=", "<") else (canon, canon)
                else:
                    clow, chigh = canon, cmax
                row = {
                    "group": grp, "region": d.get("region") or UNKNOWN, "doc_id": doc_id, "source": d.get("source"),
                    "row": trow.get("dimension"), "indicator_id": trow.get("indicator_id"),
                    "indicator": trow.get("indicator"), "domain": trow.get("domain"),
                    "measure": trow.get("measure"), "unit_family": trow.get("unit_family"),
                    "year": c.get("year"), "kind": kind, "column": c.get("column"), "comparator": comp,
                    "value": _num(c.get("value")), "low": _num(low), "high": _num(high), "unit": c.get("unit"),
                    "written_value": c.get("written_value"), "written_unit": c.get("written_unit"),
                    "canonical_value": canon, "canonical_low": clow, "canonical_high": chigh,
                    "canonical_unit": c.get("canonical_unit"), "rule": c.get("rule"),
                    "confidence": c.get("confidence"), "mentions": 1, "quote": c.get("text"),
                    "start": c.get("start"), "end": c.get("end")}
                seen[key] = row
                rows.append(row)
    rows.sort(key=lambda r: (r["group"], r["row"] or "", -(r["year"] or 0), r["kind"], r["start"] or 0))
    return rows


def target_table_from_records(records: list[dict], *, group_by: str = "region",
                              kinds: tuple[str, ...] | None = None) -> list[dict]:
    """The long target table straight from document records (e.g. a batch store's), without the similarity
    and reuse parts of a full comparison."""
    from policytext.compare.align import target_rows

    return target_table({"documents": document_info(records), "target_rows": target_rows(records)},
                        group_by=group_by, kinds=kinds)


def wide_table(rows: list[dict], *, kind: str = "target") -> tuple[list[str], list[dict]]:
    """Group × indicator: one row per group, one column per indicator row and year (``gdp.growth 2026``),
    the cell the figure's canonical value (the lower bound of a range, the bound of a ≥/≤ target); a
    group with several figures for one column keeps the first in document order. Returns the column names
    (``group`` first) and the rows."""
    cols: dict[str, tuple] = {}
    table: dict[str, dict] = {}
    for r in rows:
        if r["kind"] != kind:
            continue
        # a class row (class.*) is one qualifier of the class: its column is the row's
        rid = r["row"] if not r["indicator_id"] or r["indicator_id"].startswith("class.") else r["indicator_id"]
        name = f"{rid}{' ' + str(r['year']) if r['year'] else ''}"
        cols.setdefault(name, (r["indicator_id"] is None, r["row"] or "", -(r["year"] or 0)))
        row = table.setdefault(r["group"], {"group": r["group"]})
        if name not in row:
            row[name] = r["canonical_low"] if r["canonical_low"] is not None else r["canonical_high"]
    names = ["group", *sorted(cols, key=lambda n: (cols[n], n))]
    return names, [table[g] for g in sorted(table, key=lambda g: (g == UNKNOWN, g))]


def to_csv(columns: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    return buf.getvalue()


def write_parquet(columns: list[str], rows: list[dict], out: str | Path, *, wide: bool = False) -> None:
    """Parquet with typed columns: the long table's JSON types, the wide table's cells as decimal strings
    (exact canonical values)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64()}
    if wide:
        schema = pa.schema([pa.field(c, pa.string()) for c in columns])
    else:
        jt = dict(TARGET_COLUMNS)
        schema = pa.schema([pa.field(c, types[jt[c]]) for c in columns])
    pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema), str(out))


def target_columns() -> list[str]:
    return [c for c, _ in TARGET_COLUMNS]
