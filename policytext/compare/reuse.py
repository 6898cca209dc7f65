"""Reused passages: stretches of one document that reappear nearly verbatim in another.

Every document is first projected (:mod:`policytext.compare.text`): converted to simplified with
policytext's t2s and stripped of punctuation and whitespace, with an offset map back. Matching happens on
the projections, so a passage copied from a traditional-script page, or re-punctuated (commas for
semicolons, punctuation dropped or added, lines re-broken), still matches; spans are reported in each
document's own text.

1. **Seeds.** Every ``K``-character n-gram of a projection is hashed (numpy, 64-bit) and winnowed
   (the minimum hash of every ``W`` consecutive n-grams is kept), so any common run of at least
   ``K + W - 1`` characters shares a fingerprint. Fingerprints found in only one document, or in many
   (more than ``max(10, 5 % of the documents)``: boilerplate such as 认真贯彻落实党的十九大精神), are dropped.
2. **Candidate pairs.** Only documents sharing a fingerprint are compared; the hits ``(a, pa, b, pb)``
   come from the fingerprint groups, never from a document × document loop.
3. **Chains.** Hits on one diagonal (``pb - pa``) close to each other form segments; segments of a pair
   that follow each other with a small gap and a small diagonal shift (a few characters inserted or
   deleted) form a chain — one candidate passage.
4. **Local extension.** In each chain every hit is extended left and right to its exact common run
   (string-slice galloping, C speed); the passage then grows outwards through small edits (a character
   changed, inserted or dropped, when the text agrees again right after it).
5. **Acceptance.** A passage must hold at least ``min_chars`` projected characters (letters and digits;
   short boilerplate phrases never qualify) and an identity (characters in exact runs ÷ the longer side)
   of at least ``min_identity``. Chains are processed longest first; at most ``max_passages`` are kept.

The work grows with the number of shared fingerprints (the reuse actually present), not with the square
of the documents or of their length.
"""
from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from policytext.compare.text import Projection, _keep_table, project

K = 8                # n-gram (seed) length in projected characters
W = 8                # winnowing window: a common run of K + W - 1 = 15 characters always shares a seed
SEG_GAP = 3 * W + K  # hits on one diagonal at most this far apart belong to one segment
CHAIN_GAP = 40       # segments at most this far apart (projected characters) may chain …
MAX_SHIFT = 12       # … when their diagonals differ by at most this many characters (insertions/deletions)
EDIT_CONFIRM = 4     # an edit is stepped over at a passage edge only if this many characters agree after it
MAX_EDGE_EDITS = 3   # edits stepped over at each edge
PAIR_CHUNK = 2_000_000  # hit pairs generated per slice of fingerprint groups
COMMON_DOCS_FLOOR = 10
COMMON_DOCS_SHARE = 0.05

_B = np.uint64(0x100000001B3)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _fingerprints(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Winnowed ``K``-gram hashes of one projection: ``(hashes, positions)``."""
    n = len(codes) - K + 1
    if n <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    c = codes.astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(K):
        h = h * _B + c[j:j + n]
    # splitmix64 finaliser: well-spread bits, so the window minimum is not biased by the first character
    h ^= h >> np.uint64(30)
    h *= _M1
    h ^= h >> np.uint64(27)
    h *= _M2
    h ^= h >> np.uint64(31)
    if n <= W:
        pos = np.array([int(np.argmin(h))], dtype=np.int64)
    else:
        pos = np.unique(sliding_window_view(h, W).argmin(axis=1) + np.arange(n - W + 1))
    return h[pos], pos


def _hits(projs: list[Projection], common_docs: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """``(a, b, pa, pb)`` for every pair of occurrences of a shared fingerprint in documents ``a < b``, in
    chunks."""
    hs, ds, ps = [], [], []
    for d, p in enumerate(projs):
        h, pos = _fingerprints(p.codes)
        hs.append(h)
        ds.append(np.full(len(h), d, dtype=np.int32))
        ps.append(pos.astype(np.int32))
    if not hs:
        return []
    h = np.concatenate(hs)
    d = np.concatenate(ds)
    p = np.concatenate(ps)
    del hs, ds, ps
    order = np.lexsort((p, d, h))
    h, d, p = h[order], d[order], p[order]
    if len(h) < 2:
        return []
    new_group = np.empty(len(h), dtype=bool)
    new_group[0] = True
    np.not_equal(h[1:], h[:-1], out=new_group[1:])
    gid = np.cumsum(new_group) - 1
    new_doc = new_group.copy()
    new_doc[1:] |= d[1:] != d[:-1]
    df = np.bincount(gid, weights=new_doc)
    size = np.bincount(gid)
    ok = (df >= 2) & (df <= common_docs) & (size <= 4 * common_docs)
    keep = ok[gid]
    d, p, gid = d[keep], p[keep], gid[keep]
    if len(d) < 2:
        return []
    # pairs inside each group: element k pairs with the later elements of its group; generated a slice of
    # groups at a time so the temporaries stay small
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])
    ends = np.r_[starts[1:], len(gid)]
    group_end = np.repeat(ends, ends - starts)
    counts = group_end - np.arange(len(gid)) - 1
    cum = np.cumsum(counts)
    out_a, out_b, out_pa, out_pb = [], [], [], []
    lo = 0
    while lo < len(gid):
        # next slice: whole groups, about PAIR_CHUNK pairs
        target = (cum[lo - 1] if lo else 0) + PAIR_CHUNK
        hi = int(np.searchsorted(cum, target, side="right"))
        hi = max(hi, lo + 1)
        hi = int(group_end[hi - 1])  # finish the group
        c = counts[lo:hi]
        left = np.repeat(np.arange(lo, hi, dtype=np.int64), c)
        offs = np.arange(len(left), dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
        right = left + 1 + offs
        del offs
        da, db = d[left], d[right]
        cross = da != db  # inside a group documents are sorted, so da <= db
        out_a.append(da[cross])
        out_b.append(db[cross])
        out_pa.append(p[left[cross]])
        out_pb.append(p[right[cross]])
        del left, right, da, db, cross
        lo = hi
    return list(zip(out_a, out_b, out_pa, out_pb, strict=True))


def _sorted_hits(chunks: list, n_docs: int, max_len: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(pair, diagonal, pa)`` of the hit chunks sorted by pair, then diagonal, then position. One sort of
    a packed 64-bit key when the fields fit (the usual case), else a lexsort. Consumes ``chunks``."""
    len_bits = max(1, int(max_len).bit_length())
    pair_bits = max(1, int(n_docs * n_docs).bit_length())
    if pair_bits + 2 * len_bits + 1 <= 63:
        keys = []
        while chunks:
            a, b, pa, pb = chunks.pop(0)
            key = a.astype(np.int64)
            key *= n_docs
            key += b
            key <<= len_bits + 1
            key += pb
            key -= pa
            key += 1 << len_bits
            key <<= len_bits
            key += pa
            keys.append(key)
        key = np.concatenate(keys)
        del keys
        key.sort()
        pa = (key & ((1 << len_bits) - 1)).astype(np.int32)
        key >>= len_bits
        diag = (key & ((1 << (len_bits + 1)) - 1)).astype(np.int32) - (1 << len_bits)
        key >>= len_bits + 1
        return key, diag, pa
    a, b, pa, pb = (np.concatenate(x) for x in zip(*chunks, strict=True))
    chunks.clear()
    pair = a.astype(np.int64) * n_docs + b
    diag = pb.astype(np.int64) - pa
    order = np.lexsort((pa, diag, pair))
    return pair[order], diag[order], pa[order]


def _run_right(x: str, y: str, i: int, j: int) -> int:
    """Length of the common prefix of ``x[i:]`` and ``y[j:]`` (galloping slice comparisons)."""
    n = min(len(x) - i, len(y) - j)
    done, step = 0, 16
    while done < n:
        s = min(step, n - done)
        if x[i + done:i + done + s] == y[j + done:j + done + s]:
            done += s
            step *= 2
            continue
        lo, hi = 0, s
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if x[i + done:i + done + mid] == y[j + done:j + done + mid]:
                lo = mid
            else:
                hi = mid
        return done + lo
    return done


def _run_left(x: str, y: str, i: int, j: int) -> int:
    """Length of the common suffix of ``x[:i]`` and ``y[:j]``."""
    n = min(i, j)
    done, step = 0, 16
    while done < n:
        s = min(step, n - done)
        if x[i - done - s:i - done] == y[j - done - s:j - done]:
            done += s
            step *= 2
            continue
        lo, hi = 0, s
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if x[i - done - mid:i - done] == y[j - done - mid:j - done]:
                lo = mid
            else:
                hi = mid
        return done + lo
    return done


def _grow_right(x: str, y: str, i: int, j: int) -> tuple[int, int, int]:
    """Extend ``(i, j)`` rightwards through exact runs and up to ``MAX_EDGE_EDITS`` small edits, each
    confirmed by ``EDIT_CONFIRM`` agreeing characters after it. → ``(i, j, matched characters)``."""
    matched = 0
    for k in range(MAX_EDGE_EDITS + 1):
        r = _run_right(x, y, i, j)
        i, j, matched = i + r, j + r, matched + r
        c = EDIT_CONFIRM
        if k == MAX_EDGE_EDITS:
            break
        if x[i + 1:i + 1 + c] == y[j + 1:j + 1 + c] and len(x) - i > c and len(y) - j > c:
            i, j = i + 1, j + 1          # a character changed
        elif x[i + 1:i + 1 + c] == y[j:j + c] and len(x) - i > c and len(y) - j >= c:
            i += 1                       # a character inserted in x
        elif x[i:i + c] == y[j + 1:j + 1 + c] and len(x) - i >= c and len(y) - j > c:
            j += 1                       # a character inserted in y
        else:
            break
    return i, j, matched


def _grow_left(x: str, y: str, i: int, j: int) -> tuple[int, int, int]:
    matched = 0
    for k in range(MAX_EDGE_EDITS + 1):
        r = _run_left(x, y, i, j)
        i, j, matched = i - r, j - r, matched + r
        c = EDIT_CONFIRM
        if k == MAX_EDGE_EDITS:
            break
        if i - 1 >= c and j - 1 >= c and x[i - 1 - c:i - 1] == y[j - 1 - c:j - 1]:
            i, j = i - 1, j - 1
        elif i - 1 >= c and j >= c and x[i - 1 - c:i - 1] == y[j - c:j]:
            i -= 1
        elif i >= c and j - 1 >= c and x[i - c:i] == y[j - 1 - c:j - 1]:
            j -= 1
        else:
            break
    return i, j, matched


def _union(intervals: list[tuple[int, int]]) -> int:
    total, cur_s, cur_e = 0, None, None
    for s, e in sorted(intervals):
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def _punct_tail(ta: str, tb: str, ea: int, eb: int) -> int:
    """How many punctuation characters right after both spans agree (a copied 。 belongs to the passage)."""
    keep = _keep_table()
    k = 0
    while ea + k < len(ta) and eb + k < len(tb) and ta[ea + k] == tb[eb + k]:
        ch = ta[ea + k]
        if ch.isspace() or (ord(ch) < 0x10000 and keep[ord(ch)]) or ord(ch) >= 0x10000:
            break
        k += 1
    return k


def find_reuse(records: list[dict], *, min_chars: int = 30, min_identity: float = 0.8,
               max_passages: int = 100_000, projections: list[Projection] | None = None) -> list[dict]:
    """Reused passages between the documents of ``records`` (dicts with ``doc_id`` and ``text``).

    Each passage: ``a``/``b`` (doc ids, ``a`` earlier in ``records``), ``a_start``/``a_end``/``b_start``/
    ``b_end`` (offsets into each document's ``text``), ``text`` (the passage in ``a``), ``b_text`` (in ``b``),
    ``chars`` (projected characters in ``a``'s span) and ``identity``. Sorted by ``a``, ``b``, ``a_start``."""
    return reuse_with_stats(records, min_chars=min_chars, min_identity=min_identity, max_passages=max_passages,
                            projections=projections)[0]


def reuse_with_stats(records: list[dict], *, min_chars: int = 30, min_identity: float = 0.8,
                     max_passages: int = 100_000,
                     projections: list[Projection] | None = None) -> tuple[list[dict], dict]:
    """:func:`find_reuse` plus counts: candidate document pairs, chains examined, passages, truncated."""
    texts = [r.get("text") or "" for r in records]
    ids = [r["doc_id"] for r in records]
    projs = projections if projections is not None else [project(t) for t in texts]
    n_docs = len(texts)
    common = max(COMMON_DOCS_FLOOR, math.ceil(COMMON_DOCS_SHARE * n_docs))
    stats = {"candidate_pairs": 0, "chains": 0, "passages": 0, "truncated": False,
             "common_ngram_docs": common}
    chunks = _hits(projs, common)
    if not chunks or not sum(len(c[0]) for c in chunks):
        return [], stats
    pair, diag, pa = _sorted_hits(chunks, n_docs, max((len(p) for p in projs), default=0))
    stats["candidate_pairs"] = int(np.count_nonzero(pair[1:] != pair[:-1])) + 1  # pair is sorted
    brk = np.empty(len(pair), dtype=bool)
    brk[0] = True
    brk[1:] = (pair[1:] != pair[:-1]) | (diag[1:] != diag[:-1]) | (pa[1:] - pa[:-1] > SEG_GAP)
    seg_start = np.flatnonzero(brk)
    seg_end = np.r_[seg_start[1:], len(pair)]
    s_pair, s_diag = pair[seg_start], diag[seg_start]
    s_lo = pa[seg_start].astype(np.int64)
    s_hi = pa[seg_end - 1].astype(np.int64) + K
    so = np.lexsort((s_lo, s_pair))
    s_pair, s_diag, s_lo, s_hi = s_pair[so], s_diag[so], s_lo[so], s_hi[so]
    seg_start, seg_end = seg_start[so], seg_end[so]
    cb = np.empty(len(so), dtype=bool)
    cb[0] = True
    cb[1:] = (s_pair[1:] != s_pair[:-1]) | (s_lo[1:] - s_hi[:-1] > CHAIN_GAP) \
        | (np.abs(s_diag[1:] - s_diag[:-1]) > MAX_SHIFT)
    chain_of = np.cumsum(cb) - 1
    c_start = np.flatnonzero(cb)
    c_end = np.r_[c_start[1:], len(so)]
    est = np.bincount(chain_of, weights=s_hi - s_lo)
    floor = max(K, min_chars - 2 * W)
    cand = np.flatnonzero(est >= floor)
    cand = cand[np.argsort(-est[cand], kind="stable")]
    stats["chains"] = int(len(cand))

    pa_list = pa  # hit positions in a, grouped by segment
    accepted: dict[tuple[int, int], list[tuple[int, int, int, int]]] = defaultdict(list)
    found: list[dict] = []
    for ci in cand.tolist():
        if len(found) >= max_passages:
            stats["truncated"] = True
            break
        pid = int(s_pair[c_start[ci]])
        da, db = divmod(pid, n_docs)
        x, y = projs[da].text, projs[db].text
        runs: list[tuple[int, int, int]] = []  # (a start, a end, diagonal)
        for si in range(c_start[ci], c_end[ci]):
            d = int(s_diag[si])
            covered = -1
            for p in pa_list[seg_start[si]:seg_end[si]].tolist():
                if p < covered:
                    continue
                q = p + d
                left = _run_left(x, y, p, q)
                right = _run_right(x, y, p, q)
                if left + right >= K:
                    runs.append((p - left, p + right, d))
                covered = p + right
        if not runs:
            continue
        runs.sort()
        a0, d0 = runs[0][0], runs[0][2]
        a1, d1 = max((e, dd) for _, e, dd in runs)
        b0, b1 = a0 + d0, a1 + d1
        if b1 <= b0:
            continue
        a0, b0, m_left = _grow_left(x, y, a0, b0)
        a1, b1, m_right = _grow_right(x, y, a1, b1)
        la, lb = a1 - a0, b1 - b0
        if la < min_chars:
            continue
        matched = _union([(s, e) for s, e, _ in runs]) + m_left + m_right
        identity = min(1.0, matched / max(la, lb))
        if identity < min_identity:
            continue
        key = (da, db)
        if any(_overlap(a0, a1, s, e) and _overlap(b0, b1, t, u) for s, e, t, u in accepted[key]):
            continue  # the same passage through another chain
        accepted[key].append((a0, a1, b0, b1))
        ta, tb = texts[da], texts[db]
        as_, ae = projs[da].to_original(a0, a1)
        bs, be = projs[db].to_original(b0, b1)
        tail = _punct_tail(ta, tb, ae, be)
        ae, be = ae + tail, be + tail
        found.append({"a": ids[da], "b": ids[db], "a_start": as_, "a_end": ae, "b_start": bs, "b_end": be,
                      "text": ta[as_:ae], "b_text": tb[bs:be], "chars": la, "identity": round(identity, 3),
                      "_order": (da, db)})
    found.sort(key=lambda r: (r["_order"], r["a_start"], r["b_start"]))
    for r in found:
        del r["_order"]
    stats["passages"] = len(found)
    return found, stats


def _overlap(s: int, e: int, t: int, u: int) -> bool:
    """Spans overlapping by more than half of the shorter."""
    inter = min(e, u) - max(s, t)
    return inter > 0 and inter * 2 > min(e - s, u - t)
