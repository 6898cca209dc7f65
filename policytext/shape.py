"""The shape of policy text, in one place: numerals, years, plan periods, headings, sentence and clause ends.

Extractors build their patterns from these pieces instead of writing their own copies (a year, the numeral
class and the heading markers used to be written out in several modules, and the copies drifted apart).

    >>> bool(re.fullmatch(YEAR + "年", "2025年"))
    True
    >>> plan_period("十四五")
    (2021, 2025)
"""
from __future__ import annotations

import re

__all__ = ["YEAR", "CN_DIGITS", "CN_PLACES", "CN_NUMERAL", "CN_CAPITALS", "CLAUSE_END", "SENT_END", "TOP_HEADING",
           "SUB_HEADING", "PLAN_PERIOD", "plan_period", "DUE_FORM", "LIST_ITEM"]

# a calendar year as policy text writes it (1900-2099)
YEAR = r"(?:19|20)\d{2}"
# a year written in Chinese numerals (二〇二五年, 二零二六年), as news items and signatures write it
CN_YEAR = r"(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2}"


def year_value(s: str) -> int:
    """2025 → 2025; 二〇二五 → 2025."""
    if s.isdigit():
        return int(s)
    return int("".join(str("〇一二三四五六七八九".find(c)) if c in "一二三四五六七八九" else "0" for c in s))

# numeral characters: digits (with 〇/○ for zero and 两), places, capitals (大写, for money)
CN_DIGITS = "零〇○一二两兩三四五六七八九"
CN_PLACES = "十百千万亿"
CN_CAPITALS = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"
CN_NUMERAL = CN_DIGITS + CN_PLACES

# clause and sentence ends (a line break ends both)
CLAUSE_END = "，,；;。：:！？!?\n"
SENT_END = "。！？!?\n"

# numbered section headings: 第一部分 / 一、 (top level) and （一） (below it)
TOP_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]{1,3}(?:部分|章|篇)|[一二三四五六七八九十]{1,3}[、.．])")
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")
# items of a numbered list inside a section: 1. / （1） / 一是
# matched at a paragraph start within 8 characters: the blank runs are bounded to that (no rescanned runs)
LIST_ITEM = re.compile(r"\s{0,6}(?:\d{1,2}\s{0,5}[.．、](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]是)")

# five-year plan periods: “十四五” (the 3rd plan began in 1966)
PLAN_PERIOD = re.compile(r"“?十([一二三四五六七八九])五”?")

# a due date: 到2025年 / 2025年底前 / 2025年年底前 (截至2025年底 / 截止到2025年 date a status: "as of", not "by")
DUE_FORM = re.compile(rf"(?:(?<!截止)到|(?<!截)至){YEAR}年|{YEAR}年(?:年?底|末)?(?:前|以前)")


def plan_period(name: str) -> tuple[int, int] | None:
    """十四五 → (2021, 2025); None when ``name`` names no plan period."""
    m = PLAN_PERIOD.search(name)
    if not m:
        return None
    n = 10 + "一二三四五六七八九".index(m.group(1)) + 1
    start = 1966 + 5 * (n - 3)
    return start, start + 4
