"""Cross-document comparison: aligned mechanism and target rows, similarity, reused passages.

``compare(records)`` takes document record dicts (``data/document.schema.json``, with ``text``) and returns
the comparison of ``data/comparison.schema.json``: ``documents``, ``mechanism_rows``, ``target_rows`` (by
indicator catalog id, measure, unit family and kind), ``similarity``, ``neighbours``, ``reuse`` and
``reuse_stats``. The fields are explained in docs/CONTRACTS.md; the target matrix built from a comparison
is in :mod:`policytext.compare.tables`.
"""
from __future__ import annotations

from policytext.compare.align import mechanism_rows, target_rows
from policytext.compare.reuse import find_reuse, reuse_with_stats
from policytext.compare.similarity import similarity
from policytext.compare.tables import document_info, target_table, target_table_from_records, wide_table
from policytext.compare.text import project

__all__ = ["compare", "find_reuse", "similarity", "target_table", "target_table_from_records", "wide_table"]


def compare(records: list[dict], *, reuse_min_chars: int = 30, neighbours: int = 5,
            max_passages: int = 100_000) -> dict:
    docs = document_info(records)
    projections = [project(r.get("text") or "") for r in records]  # shared by similarity and reuse
    sim = similarity(records, neighbours=neighbours, projections=projections)
    near = sim.pop("neighbours")
    reuse, stats = reuse_with_stats(records, min_chars=reuse_min_chars, max_passages=max_passages,
                                    projections=projections)
    return {
        "documents": docs,
        "mechanism_rows": mechanism_rows(records),
        "target_rows": target_rows(records),
        "similarity": sim,
        "neighbours": near,
        "reuse": reuse,
        "reuse_stats": stats,
    }
