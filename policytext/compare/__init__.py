"""Cross-document comparison: aligned mechanism and target rows, similarity, reused passages.

``compare(records)`` takes document record dicts (DESIGN.md's contract, with ``text``) and returns the
comparison contract.
"""
from __future__ import annotations

from policytext.compare.align import mechanism_rows, target_rows
from policytext.compare.reuse import find_reuse
from policytext.compare.similarity import similarity

__all__ = ["compare"]


def compare(records: list[dict], *, reuse_min_chars: int = 30) -> dict:
    docs = [{"doc_id": r["doc_id"], "source": r.get("source"),
             "region": ((r.get("metadata") or {}).get("region") or {}).get("name"),
             "title": (r.get("metadata") or {}).get("title")} for r in records]
    return {
        "documents": docs,
        "mechanism_rows": mechanism_rows(records),
        "target_rows": target_rows(records),
        "similarity": similarity(records),
        "reuse": find_reuse(records, min_chars=reuse_min_chars),
    }
