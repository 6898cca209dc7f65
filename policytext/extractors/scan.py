"""Looking back from a position for the nearest line break or sentence end, in time that does not grow with
the position.

The extractors ask this once per figure, date or name; ``text.rfind("\\n", 0, pos)`` scans back to the start
of the line, which on a page of one long line (a web page saved without its breaks) is the start of the text:
such a page was quadratic. A near answer comes from a short window before ``pos``; a far one (only on pages of
very long lines) from the sorted positions of the characters, found once per text.

    >>> rfind_any("一、总则\\n为加强管理。到2025年", "。\\n", 12)
    10
    >>> line_start("一、总则\\n为加强管理", 8)
    5
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

__all__ = ["line_start", "rfind_any"]

_WINDOW = 4096  # characters searched before falling back on the positions of the whole text


@lru_cache(maxsize=4)
def _marks(text: str, chars: str) -> list[int]:
    """Sorted positions of the characters ``chars`` in ``text``, found once per text (and set of characters)."""
    return [m.start() for m in re.finditer("[" + re.escape(chars) + "]", text)]


def rfind_any(text: str, chars: str, pos: int, lo: int = 0) -> int:
    """``max(text.rfind(c, lo, pos) for c in chars)``: the last of ``chars`` in ``text[lo:pos]``, or -1."""
    pos = min(pos, len(text))
    a = max(lo, pos - _WINDOW)
    i = max(text.rfind(c, a, pos) for c in chars)
    if i >= 0 or a <= lo:
        return i
    marks = _marks(text, chars)
    k = bisect_left(marks, pos) - 1
    return marks[k] if k >= 0 and marks[k] >= lo else -1


def line_start(text: str, pos: int) -> int:
    """``text.rfind("\\n", 0, pos) + 1``: where the line holding ``pos`` starts."""
    return rfind_any(text, "\n", pos) + 1
