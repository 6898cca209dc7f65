"""Offset maps between a text and the text an edit step made from it.

A step describes its changes as sorted, non-overlapping edits ``(start, end, replacement)`` on its
input. ``apply_edits`` builds the output and an :class:`OffsetMap`; maps chain through
:class:`OffsetChain` so any normalized span maps back to the raw text (and forward again).
Cost is proportional to the number of edits, not to the text length.

Many positions at once: ``to_old_sorted`` / ``to_new_sorted`` map a sorted list in runs (every position
between two edits moves by the same shift: one list comprehension per run; only positions touching an edit
take the one-by-one path), which is what normalization uses for its tens of thousands of repairs. The
``*_many`` methods take any array of positions and return numpy arrays (numpy imported on first use only).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter, le, lt
from typing import NamedTuple


class Edit(NamedTuple):
    """One change a step makes: ``text[start:end]`` becomes ``replacement`` (a tuple: cheap to make by the
    ten thousand)."""

    start: int
    end: int
    replacement: str
    kind: str = "other"
    detail: str = ""


class OffsetMap:
    """Piecewise map between ``old`` and ``new`` coordinates of one step.

    ``segments`` are ``(new_start, new_end, old_start, old_end, copied)``; copied segments map
    character for character, replaced ones map as a block. A map made by :func:`apply_edits` keeps its edits
    (old span → new span, sorted) and builds ``segments`` only when asked.
    """

    __slots__ = ("old_len", "new_len", "_segments", "_new_starts", "_old_starts", "_arrays",
                 "_es", "_ee", "_ns", "_ne")

    def __init__(self, old_len: int, new_len: int, segments: list[tuple[int, int, int, int, bool]] | None = None):
        self.old_len = old_len
        self.new_len = new_len
        self._segments = list(segments) if segments is not None else []
        self._new_starts: list[int] | None = None
        self._old_starts: list[int] | None = None
        self._arrays = None
        # the edits, when the map comes from apply_edits: old starts / ends, new starts / ends (None: unknown)
        self._es: list[int] | None = None
        self._ee: list[int] | None = None
        self._ns: list[int] | None = None
        self._ne: list[int] | None = None

    def __repr__(self) -> str:
        return f"OffsetMap(old_len={self.old_len}, new_len={self.new_len}, segments={self.segments!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetMap):
            return NotImplemented
        return (self.old_len, self.new_len, self.segments) == (other.old_len, other.new_len, other.segments)

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        return cls._from_edits(n, n, [], [], [], [])

    @classmethod
    def _from_edits(cls, old_len: int, new_len: int, es: list[int], ee: list[int], ns: list[int],
                    ne: list[int]) -> OffsetMap:
        m = cls(old_len, new_len)
        m._es, m._ee, m._ns, m._ne = es, ee, ns, ne
        m._segments = None  # type: ignore[assignment]
        return m

    @property
    def segments(self) -> list[tuple[int, int, int, int, bool]]:
        if self._segments is None:
            self._segments = self._build_segments()
        return self._segments

    @segments.setter
    def segments(self, value: list[tuple[int, int, int, int, bool]]) -> None:
        self._segments = list(value)
        self._es = self._ee = self._ns = self._ne = None
        self._new_starts = self._old_starts = self._arrays = None

    def _build_segments(self) -> list[tuple[int, int, int, int, bool]]:
        """The segments ``apply_edits`` describes: a copied one before each edit (when there is text between),
        the edit's, and the copied tail (also when there are no segments at all)."""
        segs: list[tuple[int, int, int, int, bool]] = []
        add = segs.append
        old = new = 0
        for s, e, ns, ne in zip(self._es, self._ee, self._ns, self._ne, strict=True):  # type: ignore[arg-type]
            if s > old:
                add((new, ns, old, s, True))
            add((ns, ne, s, e, False))
            old, new = e, ne
        n = self.old_len
        if old < n or not segs:
            add((new, new + n - old, old, n, True))
        return segs

    def _index(self) -> None:
        segs = self.segments
        self._new_starts = [s[0] for s in segs]
        self._old_starts = [s[2] for s in segs]

    def _arr(self):
        """The segments as numpy arrays ``(new_start, new_end, old_start, old_end, copied)``."""
        if self._arrays is None:
            import numpy as np

            a = np.array(self.segments, dtype=np.int64).reshape(-1, 5)
            self._arrays = (a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4].astype(bool))
        return self._arrays

    def to_old_many(self, pos, *, end: bool = False):
        """:meth:`to_old` of every position in ``pos`` (a numpy array back; segments are contiguous, as
        apply_edits makes them)."""
        return self._map_many(pos, end, to_old=True)

    def to_new_many(self, pos, *, end: bool = False):
        """:meth:`to_new` of every position in ``pos`` (a numpy array back)."""
        return self._map_many(pos, end, to_old=False)

    def _map_many(self, pos, end: bool, *, to_old: bool):
        """Both directions of the segment map at once: from the new side to the old (``to_old``) or back. An end
        position sits at the end of the segment before the one starting there; a position inside a replaced block
        goes to the block's start (or end, for an end); copied text keeps its offset (clamped going to new)."""
        import numpy as np

        pos = np.asarray(pos, dtype=np.int64)
        if not self.segments:
            return np.zeros_like(pos)
        ns, ne, os_, oe, copied = self._arr()
        fs, fe, ts, te = (ns, ne, os_, oe) if to_old else (os_, oe, ns, ne)
        pos = np.clip(pos, 0, self.new_len if to_old else self.old_len)
        i = np.maximum(np.searchsorted(fs, pos, side="left" if end else "right") - 1, 0)
        s_fs, s_fe, s_ts, s_te = fs[i], fe[i], ts[i], te[i]
        inside = s_te if end else s_ts
        block = np.where(pos <= s_fs, s_ts, np.where(pos >= s_fe, s_te, inside))
        offset = pos - s_fs if to_old else np.minimum(pos - s_fs, s_te - s_ts)
        return np.where(copied[i], s_ts + offset, block)

    def _seg_new(self, pos: int, right: bool) -> tuple[int, int, int, int, bool]:
        if self._new_starts is None:
            self._index()
        segs = self.segments
        i = bisect_right(self._new_starts, pos) - 1  # type: ignore[arg-type]
        if right:
            # an end position sits at the end of the segment before the one starting there
            while i > 0 and segs[i][0] == pos and segs[i - 1][1] == pos:
                i -= 1
        return segs[max(i, 0)]

    def to_old(self, pos: int, *, end: bool = False) -> int:
        """Old position of new ``pos``; ``end=True`` for the end of a span."""
        if not self.segments:
            return 0
        pos = max(0, min(pos, self.new_len))
        ns, ne, os_, oe, copied = self._seg_new(pos, end)
        if copied:
            return os_ + (pos - ns)
        if pos <= ns:
            return os_
        if pos >= ne:
            return oe
        return oe if end else os_

    def to_new(self, pos: int, *, end: bool = False) -> int:
        """New position of old ``pos`` (deleted text collapses to the point where it was)."""
        segs = self.segments
        if not segs:
            return 0
        pos = max(0, min(pos, self.old_len))
        if self._old_starts is None:
            self._index()
        i = bisect_right(self._old_starts, pos) - 1  # type: ignore[arg-type]
        if end:
            while i > 0 and segs[i][2] == pos and segs[i - 1][3] == pos:
                i -= 1
        ns, ne, os_, oe, copied = segs[max(i, 0)]
        if copied:
            return ns + min(pos - os_, ne - ns)
        if pos <= os_:
            return ns
        if pos >= oe:
            return ne
        return ne if end else ns

    # -- many sorted positions at once ---------------------------------------------------------------------
    def _runs(self, pos: list[int], starts: list[int], ends: list[int], shift_from: list[int],
              shift_to: list[int], limit: int, one) -> list[int]:
        """Sorted ``pos`` mapped in runs: a position strictly between edit ``j-1`` (its span ``starts/ends``
        in the coordinates of ``pos``) and edit ``j`` moves by ``shift_to[j-1] - shift_from[j-1]`` (0 before the
        first edit); a position touching an edit, or outside ``0 … limit``, goes through ``one(index, pos)``."""
        out: list[int] = []
        add, extend = out.append, out.extend
        i, n, k = 0, len(pos), len(starts)
        while i < n:
            p = pos[i]
            j = bisect_right(starts, p)
            if (j and p <= ends[j - 1]) or p < 0 or p > limit:
                add(one(i, p))
                i += 1
                continue
            stop = bisect_left(pos, starts[j], i) if j < k else bisect_right(pos, limit, i)
            d = shift_to[j - 1] - shift_from[j - 1] if j else 0
            if d:
                extend([x + d for x in pos[i:stop]])
            else:
                extend(pos[i:stop])
            i = stop
        return out

    def to_new_sorted(self, pos: list[int], *, end: bool = False, presorted: bool = False) -> list[int]:
        """:meth:`to_new` of each position of the sorted list ``pos`` (``presorted``: the caller knows it is
        sorted; an unsorted list is otherwise mapped one position at a time)."""
        if self._es is None or not (presorted or all(map(le, pos, pos[1:]))):
            return [self.to_new(p, end=end) for p in pos]
        return self._runs(pos, self._es, self._ee, self._ee, self._ne, self.old_len,
                          lambda _, p: self.to_new(p, end=end))

    def to_old_sorted(self, pos: list[int], *, end: bool = False, presorted: bool = False) -> list[int]:
        """:meth:`to_old` of each position of the sorted list ``pos`` (``presorted`` as in to_new_sorted)."""
        if self._es is None or not (presorted or all(map(le, pos, pos[1:]))):
            return [self.to_old(p, end=end) for p in pos]
        return self._runs(pos, self._ns, self._ne, self._ne, self._ee, self.new_len,  # type: ignore[arg-type]
                          lambda _, p: self.to_old(p, end=end))

    def spans_to_new(self, flat: list[int], *, presorted: bool = False) -> list[int]:
        """Spans ``[s0, e0, s1, e1, …]`` (sorted: disjoint spans in order) mapped old → new, starts as starts and
        ends as ends (``to_new(s)``, ``to_new(e, end=True)``; ``presorted`` as in to_new_sorted)."""
        if self._es is None or not (presorted or all(map(le, flat, flat[1:]))):
            return [self.to_new(p, end=bool(i & 1)) for i, p in enumerate(flat)]
        return self._runs(flat, self._es, self._ee, self._ee, self._ne, self.old_len,
                          lambda i, p: self.to_new(p, end=bool(i & 1)))

    def spans_to_old(self, flat: list[int], *, presorted: bool = False) -> list[int]:
        """Spans ``[s0, e0, s1, e1, …]`` (sorted) mapped new → old (``to_old(s)``, ``to_old(e, end=True)``;
        ``presorted`` as in to_new_sorted)."""
        if self._es is None or not (presorted or all(map(le, flat, flat[1:]))):
            return [self.to_old(p, end=bool(i & 1)) for i, p in enumerate(flat)]
        return self._runs(flat, self._ns, self._ne, self._ne, self._ee, self.new_len,  # type: ignore[arg-type]
                          lambda i, p: self.to_old(p, end=bool(i & 1)))

    def edit_new_starts(self) -> list[int] | None:
        """Where each applied edit's replacement starts in the new text (None: not made by apply_edits)."""
        return self._ns


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping ``edits`` to ``text``; return the new text and its map."""
    n = len(text)
    if not edits:
        return text, OffsetMap.identity(n)
    es = list(map(_START, edits))
    ee = list(map(_END, edits))
    reps = list(map(_REPLACEMENT, edits))
    # sorted, non-overlapping, inside the text: each edit starts at or after the previous end, ends after its start
    prev = [0, *ee[:-1]]
    if any(map(lt, es, prev)) or any(map(lt, ee, es)) or ee[-1] > n:
        for e, p in zip(edits, prev, strict=True):
            if e[0] < p or e[1] < e[0] or e[1] > n:
                raise ValueError(f"edits overlap or are out of order at {e[0]}:{e[1]}")
    gaps = [text[a:b] for a, b in zip(prev, es, strict=True)]
    gaps.append(text[ee[-1]:])
    if not any(reps):  # deletions only (pinyin annotations, boilerplate lines): the text is the gaps, and each
        ns: list[int] = []  # edit's new span is the point where the gaps before it end
        add = ns.append
        new = 0
        for s, p in zip(es, prev, strict=True):
            new += s - p
            add(new)
        new += n - ee[-1]
        return "".join(gaps), OffsetMap._from_edits(n, new, es, ee, ns, ns.copy())
    parts = [""] * (2 * len(edits) + 1)
    parts[0::2] = gaps
    parts[1::2] = reps
    # new coordinates: each replacement starts after all gaps and replacements before it
    ns = []
    ne: list[int] = []
    new = 0
    add_s, add_e = ns.append, ne.append
    for s, p, r in zip(es, prev, reps, strict=True):
        new += s - p
        add_s(new)
        new += len(r)
        add_e(new)
    new += n - ee[-1]
    return "".join(parts), OffsetMap._from_edits(n, new, es, ee, ns, ne)


_START, _END, _REPLACEMENT = itemgetter(0), itemgetter(1), itemgetter(2)


class OffsetChain:
    """The maps of every step from raw text to normalized text, in order."""

    __slots__ = ("maps",)

    def __init__(self, maps: list[OffsetMap] | None = None):
        self.maps: list[OffsetMap] = list(maps) if maps is not None else []

    def __repr__(self) -> str:
        return f"OffsetChain(maps={self.maps!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetChain):
            return NotImplemented
        return self.maps == other.maps

    __hash__ = None  # type: ignore[assignment]

    def append(self, m: OffsetMap) -> None:
        self.maps.append(m)

    def to_raw(self, start: int, end: int, upto: int | None = None) -> tuple[int, int]:
        """Raw span of a span in the text after ``upto`` steps (default: all)."""
        maps = self.maps if upto is None else self.maps[:upto]
        for m in reversed(maps):
            start, end = m.to_old(start), m.to_old(end, end=True)
        return start, end

    def to_normalized(self, start: int, end: int, since: int = 0) -> tuple[int, int]:
        """Normalized span of a span in the text before step ``since``."""
        for m in self.maps[since:]:
            start, end = m.to_new(start), m.to_new(end, end=True)
        return start, end

    def to_raw_many(self, starts, ends, upto: int | None = None):
        """:meth:`to_raw` of many spans at once (arrays of starts and ends; numpy arrays back)."""
        import numpy as np

        starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
        maps = self.maps if upto is None else self.maps[:upto]
        for m in reversed(maps):
            starts, ends = m.to_old_many(starts), m.to_old_many(ends, end=True)
        return starts, ends

    def to_normalized_many(self, starts, ends, since: int = 0):
        """:meth:`to_normalized` of many spans at once (numpy arrays back)."""
        import numpy as np

        starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
        for m in self.maps[since:]:
            starts, ends = m.to_new_many(starts), m.to_new_many(ends, end=True)
        return starts, ends
