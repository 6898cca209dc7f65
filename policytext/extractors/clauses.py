"""Clause bounds and the shape words the extractors share (clause and sentence ends, section-heading markers),
which live in :mod:`policytext.shape`."""
from __future__ import annotations

from policytext.shape import CLAUSE_END, SENT_END, SUB_HEADING, TOP_HEADING

__all__ = ["CLAUSE_END", "SENT_END", "TOP_HEADING", "SUB_HEADING", "clause_bounds", "is_heading"]


def clause_bounds(text: str, s: int, e: int, ends: str = CLAUSE_END) -> tuple[int, int]:
    """The clause around ``text[s:e]``: from after the previous clause end to the next one."""
    a = s
    while a > 0 and text[a - 1] not in ends:
        a -= 1
    b = e
    while b < len(text) and text[b] not in ends:
        b += 1
    return a, b


def is_heading(line: str) -> bool:
    """A line opening with a section number of either level."""
    s = line.lstrip()
    return bool(TOP_HEADING.match(s) or SUB_HEADING.match(s))
