"""Reused passages: shared character runs between documents.

Seeds are character n-grams sampled at fixed strides in each document (an anchor index), looked up from
every position of the other documents; each hit is extended left and right to the longest common run, and
runs of at least ``min_chars`` are reported once per document pair and position.
"""
from __future__ import annotations

from collections import defaultdict

K = 12       # seed length in characters
STRIDE = 6   # every STRIDE-th seed of a document goes into the index (a match of ≥ K+STRIDE chars hits one)


def find_reuse(records: list[dict], *, min_chars: int = 30, max_pairs: int = 100_000) -> list[dict]:
    texts = [r.get("text") or "" for r in records]
    ids = [r["doc_id"] for r in records]
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for d, t in enumerate(texts):
        for p in range(0, max(0, len(t) - K + 1), STRIDE):
            index[t[p:p + K]].append((d, p))
    found: list[dict] = []
    for a, ta in enumerate(texts):
        n = len(ta)
        # a match extends along one diagonal (q - p); positions inside it give nothing new
        diag_end: dict[tuple[int, int], int] = {}
        for p in range(0, n - K + 1):
            hits = index.get(ta[p:p + K])
            if not hits:
                continue
            for b, q in hits:
                if b <= a or diag_end.get((b, q - p), -1) > p:
                    continue
                tb = texts[b]
                s1, s2 = p, q
                while s1 > 0 and s2 > 0 and ta[s1 - 1] == tb[s2 - 1]:
                    s1 -= 1
                    s2 -= 1
                e1, e2 = p + K, q + K
                while e1 < n and e2 < len(tb) and ta[e1] == tb[e2]:
                    e1 += 1
                    e2 += 1
                diag_end[(b, q - p)] = e1
                if e1 - s1 >= min_chars and ta[s1:e1].strip():
                    found.append({"a": ids[a], "b": ids[b], "a_start": s1, "a_end": e1, "b_start": s2,
                                  "b_end": e2, "text": ta[s1:e1]})
                    if len(found) >= max_pairs:
                        return found
    # one entry per (a, b, a-span): drop passages contained in a longer one
    found.sort(key=lambda r: (r["a"], r["b"], r["a_start"], -(r["a_end"] - r["a_start"])))
    out: list[dict] = []
    for r in found:
        if out and out[-1]["a"] == r["a"] and out[-1]["b"] == r["b"] and r["a_end"] <= out[-1]["a_end"] \
                and r["a_start"] >= out[-1]["a_start"]:
            continue
        out.append(r)
    return out
