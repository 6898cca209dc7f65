"""What the extractors share about the shape of policy text: clause and sentence ends, clause bounds, and the
markers of numbered section headings (第一部分 / 一、 top-level; （一） below it)."""
from __future__ import annotations

import re

CLAUSE_END = "，,；;。：:！？!?\n"
SENT_END = "。！？!?\n"
TOP_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]{1,3}(?:部分|章|篇)|[一二三四五六七八九十]{1,3}[、.．])")
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")


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
