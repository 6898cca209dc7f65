"""Offset maps between a text and the text an edit step made from it.

A step describes its changes as sorted, non-overlapping edits ``(start, end, replacement)`` on its
input. ``apply_edits`` builds the output and an :class:`OffsetMap`; maps chain through
:class:`OffsetChain` so any normalized span maps back to the raw text (and forward again).
Cost is proportional to the number of edits, not to the text length. The ``*_many`` methods map a whole
array of positions at once (numpy ``searchsorted``), for callers with thousands of spans.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    replacement: str
    kind: str = "other"
    detail: str = ""


@dataclass
class OffsetMap:
    """Piecewise map between ``old`` and ``new`` coordinates of one step.

    ``segments`` are ``(new_start, new_end, old_start, old_end, copied)``; copied segments map
    character for character, replaced ones map as a block.
    """

    old_len: int
    new_len: int
    segments: list[tuple[int, int, int, int, bool]] = field(default_factory=list)
    _new_starts: list[int] = field(default_factory=list, repr=False)
    _old_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        m = cls(n, n, [(0, n, 0, n, True)])
        m._index()
        return m

    def _index(self) -> None:
        self._new_starts = [s[0] for s in self.segments]
        self._old_starts = [s[2] for s in self.segments]
        self._arrays: tuple[np.ndarray, ...] | None = None

    def _arr(self) -> tuple[np.ndarray, ...]:
        """The segments as arrays ``(new_start, new_end, old_start, old_end, copied)``."""
        if getattr(self, "_arrays", None) is None:
            a = np.array(self.segments, dtype=np.int64).reshape(-1, 5)
            self._arrays = (a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4].astype(bool))
        return self._arrays

    def to_old_many(self, pos: np.ndarray, *, end: bool = False) -> np.ndarray:
        """:meth:`to_old` of every position in ``pos`` (segments are contiguous, as apply_edits makes them)."""
        pos = np.asarray(pos, dtype=np.int64)
        if not self.segments:
            return np.zeros_like(pos)
        ns, ne, os_, oe, copied = self._arr()
        pos = np.clip(pos, 0, self.new_len)
        # an end position sits at the end of the segment before the one starting there
        i = np.maximum(np.searchsorted(ns, pos, side="left" if end else "right") - 1, 0)
        s_ns, s_ne, s_os, s_oe = ns[i], ne[i], os_[i], oe[i]
        inside = s_oe if end else s_os
        block = np.where(pos <= s_ns, s_os, np.where(pos >= s_ne, s_oe, inside))
        return np.where(copied[i], s_os + (pos - s_ns), block)

    def to_new_many(self, pos: np.ndarray, *, end: bool = False) -> np.ndarray:
        """:meth:`to_new` of every position in ``pos``."""
        pos = np.asarray(pos, dtype=np.int64)
        if not self.segments:
            return np.zeros_like(pos)
        ns, ne, os_, oe, copied = self._arr()
        pos = np.clip(pos, 0, self.old_len)
        i = np.maximum(np.searchsorted(os_, pos, side="left" if end else "right") - 1, 0)
        s_ns, s_ne, s_os, s_oe = ns[i], ne[i], os_[i], oe[i]
        inside = s_ne if end else s_ns
        block = np.where(pos <= s_os, s_ns, np.where(pos >= s_oe, s_ne, inside))
        return np.where(copied[i], s_ns + np.minimum(pos - s_os, s_ne - s_ns), block)

    def _seg_new(self, pos: int, right: bool) -> tuple[int, int, int, int, bool]:
        starts = self._new_starts
        i = bisect_right(starts, pos) - 1
        if right:
            # an end position sits at the end of the segment before the one starting there
            while i > 0 and self.segments[i][0] == pos and self.segments[i - 1][1] == pos:
                i -= 1
        return self.segments[max(i, 0)]

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
        if not self.segments:
            return 0
        pos = max(0, min(pos, self.old_len))
        starts = self._old_starts
        i = bisect_right(starts, pos) - 1
        if end:
            while i > 0 and self.segments[i][2] == pos and self.segments[i - 1][3] == pos:
                i -= 1
        ns, ne, os_, oe, copied = self.segments[max(i, 0)]
        if copied:
            return ns + min(pos - os_, ne - ns)
        if pos <= os_:
            return ns
        if pos >= oe:
            return ne
        return ne if end else ns


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping ``edits`` to ``text``; return the new text and its map."""
    parts: list[str] = []
    segments: list[tuple[int, int, int, int, bool]] = []
    add_part, add_segment = parts.append, segments.append
    old = new = 0
    n = len(text)
    for e in edits:
        start, end, rep = e.start, e.end, e.replacement
        if start < old or end < start or end > n:
            raise ValueError(f"edits overlap or are out of order at {start}:{end}")
        if start > old:
            add_part(text[old:start])
            add_segment((new, new + start - old, old, start, True))
            new += start - old
        add_part(rep)
        add_segment((new, new + len(rep), start, end, False))
        new += len(rep)
        old = end
    if old < n or not segments:
        add_part(text[old:])
        add_segment((new, new + n - old, old, n, True))
        new += n - old
    m = OffsetMap(n, new, segments)
    m._index()
    return "".join(parts), m


@dataclass
class OffsetChain:
    """The maps of every step from raw text to normalized text, in order."""

    maps: list[OffsetMap] = field(default_factory=list)

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

    def to_raw_many(self, starts, ends, upto: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`to_raw` of many spans at once (arrays of starts and ends)."""
        starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
        maps = self.maps if upto is None else self.maps[:upto]
        for m in reversed(maps):
            starts, ends = m.to_old_many(starts), m.to_old_many(ends, end=True)
        return starts, ends

    def to_normalized_many(self, starts, ends, since: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`to_normalized` of many spans at once."""
        starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
        for m in self.maps[since:]:
            starts, ends = m.to_new_many(starts), m.to_new_many(ends, end=True)
        return starts, ends
