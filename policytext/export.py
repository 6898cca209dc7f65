"""Records out of the store: JSONL (one document record a line), CSV or Parquet (flat tables)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from policytext.store import Store

TABLES = {
    "documents": ["doc_id", "source", "script", "title", "issuer", "doc_number", "issued_date", "published_date",
                  "region", "region_level", "province", "region_code"],
    "targets": ["doc_id", "indicator", "scope", "value", "unit", "comparator", "year", "recurring", "kind", "text",
                "start", "end"],
    "mechanisms": ["doc_id", "name", "count", "component", "text", "start", "end"],
    "deadlines": ["doc_id", "date", "type", "what", "text", "start", "end"],
}


def flat_tables(records) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {k: [] for k in TABLES}
    for r in records:
        md = r.get("metadata") or {}
        reg = md.get("region") or {}
        out["documents"].append({"doc_id": r["doc_id"], "source": r["source"], "script": r.get("script"),
                                 "title": md.get("title"), "issuer": "；".join(md.get("issuer") or []),
                                 "doc_number": md.get("doc_number"), "issued_date": md.get("issued_date"),
                                 "published_date": md.get("published_date"), "region": reg.get("name"),
                                 "region_level": reg.get("level"), "province": reg.get("province"),
                                 "region_code": reg.get("code")})
        for t in r.get("targets") or []:
            out["targets"].append({"doc_id": r["doc_id"], **{k: t.get(k) for k in TABLES["targets"][1:]}})
        for m in r.get("mechanisms") or []:
            for c in m.get("components") or [None]:
                out["mechanisms"].append({"doc_id": r["doc_id"], "name": m["name"], "count": m.get("count"),
                                          "component": c, "text": m.get("text"), "start": m.get("start"),
                                          "end": m.get("end")})
        for d in r.get("deadlines") or []:
            out["deadlines"].append({"doc_id": r["doc_id"], **{k: d.get(k) for k in TABLES["deadlines"][1:]}})
    return out


def export(store_path: str | Path, out: str | Path, fmt: str = "jsonl") -> list[Path]:
    """Write the store's records; returns the files written. CSV and Parquet write one file per table
    into the directory ``out``."""
    out = Path(out)
    with Store(store_path) as store:
        records = list(store.records())
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fp:
            for r in records:
                fp.write(json.dumps(r, ensure_ascii=False) + "\n")
        return [out]
    tables = flat_tables(records)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        if fmt == "csv":
            p = out / f"{name}.csv"
            with p.open("w", encoding="utf-8", newline="") as fp:
                w = csv.DictWriter(fp, fieldnames=TABLES[name])
                w.writeheader()
                w.writerows(rows)
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            p = out / f"{name}.parquet"
            cols = {k: [str(r[k]) if isinstance(r[k], list) else r[k] for r in rows] for k in TABLES[name]}
            pq.write_table(pa.table(cols) if rows else pa.table({k: pa.array([], pa.string()) for k in TABLES[name]}), p)
        else:
            raise ValueError(f"format must be jsonl, csv or parquet, not {fmt!r}")
        written.append(p)
    return written
