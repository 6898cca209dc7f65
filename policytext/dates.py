"""Chinese date expressions → ISO ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY``.

Recognised surface forms (spaces, NBSP, en/em and ideographic spaces are allowed between the parts of the
年/月/日 forms; full-width digits count as digits):

- ``2019年9月10日`` (also ``号`` for 日), ``2019年9月``, ``2019年``;
- Chinese numerals: ``二〇一九年九月十日`` (year digits 〇/零/○/O, month 元月 = 1, day up to 三十一, 廿 = 20);
- separators: ``2019-09-10``, ``2019.9.10``, ``2019/9/10`` (a time after it is not part of the match);
- damaged forms whose separators were lost: ``20191217`` → 2019-12-17, ``20196月`` → 2019-06,
  ``201912月10日`` → 2019-12-10.

Ambiguity rules:
- years are 1900–2099 only; months 1–12; days must exist in that month (2019-02-30 is rejected). A match that
  fails validation is retried as a shorter form at the same place (``2019年13月`` → ``2019``).
- separator forms need all three parts: ``2019-2022`` (a range) and ``2019.12`` (a decimal?) are not dates;
- lost separators: an 8-digit run standing alone (no digit, ``.`` or ``%`` around it) is read as YYYYMMDD
  only when it validates; a lost 年 (``2019`` + 1–2 digits + ``月``) always takes the first four digits as the year,
  so ``201911月`` is 2019-11 and ``20191月`` 2019-01. Six-digit runs (``201912``) are never read as dates.
"""
from __future__ import annotations

import calendar
import re

from policytext.shape import YEAR

_FW = str.maketrans("０１２３４５６７８９", "0123456789")
_S = r"[ \t\u00a0\u2002\u2003\u2009\u3000]*"
_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "O": 0, "Ｏ": 0, "o": 0, "0": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_YEAR = r"[〇零○OＯ0０一二三四五六七八九]"  # a typed 0 stands for 〇 in 二0一一年 too
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九]|元)"
_CN_DAY = r"(?:三十一?|三十|廿[一二三四五六七八九]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_Y = r"(" + YEAR + r")"

# (kind, pattern) tried in this order at every candidate start
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("ymd", re.compile(_Y + _S + "年" + _S + r"(\d{1,2})" + _S + "月" + _S + r"(\d{1,2})" + _S + "[日号]")),
    ("ym", re.compile(_Y + _S + "年" + _S + r"(\d{1,2})" + _S + "月")),
    ("cymd", re.compile("(" + _CN_YEAR + "{4})" + _S + "年" + _S + "(" + _CN_MONTH + ")" + _S + "月" + _S
                        + "(" + _CN_DAY + ")" + _S + "[日号]")),
    ("cym", re.compile("(" + _CN_YEAR + "{4})" + _S + "年" + _S + "(" + _CN_MONTH + ")" + _S + "月")),
    ("sep", re.compile(_Y + r"([-./])(\d{1,2})\2(\d{1,2})(?![\d%]|\.\d)")),
    ("lost_ymd", re.compile(_Y + r"(\d{1,2})" + _S + "月" + _S + r"(\d{1,2})" + _S + "[日号]")),
    ("lost_ym", re.compile(_Y + r"(\d{1,2})" + _S + "月")),
    ("digits8", re.compile(_Y + r"(\d{2})(\d{2})(?![\d%]|\.\d)")),
    ("y", re.compile(_Y + _S + "年")),
    ("cy", re.compile("(" + _CN_YEAR + "{4})" + _S + "年")),
]
_STARTS = re.compile(r"(?<![\d.])(?=" + YEAR + r")|(?<!" + _CN_YEAR + r")(?=" + _CN_YEAR + "{4}" + _S + "年)")
# a clock time after a date (``2023-10-31 19:45:03``); the whitespace around it is stripped with str.strip, not a
# regex: ``\s*(time)?\s*$`` backtracks quadratically over long runs of \v, \f, \x85 or \u2028
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


def _only_time_after(t: str, end: int) -> bool:
    """Nothing but whitespace and at most one clock time after ``t[end:]`` (linear in the rest's length)."""
    rest = t[end:].strip()
    if rest in (".", "。"):
        return True
    return not rest or (len(rest) <= 8 and _TIME.fullmatch(rest) is not None)


def _cn_number(s: str) -> int:
    """一..九, 十, 十二, 二十三, 三十一, 廿五, 元 → int."""
    if s == "元":
        return 1
    s = s.replace("廿", "二十")
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if not 1900 <= y <= 2099:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _convert(kind: str, g: tuple[str, ...]) -> str | None:
    if kind in ("ymd", "lost_ymd"):
        return _iso(int(g[0]), int(g[1]), int(g[2]))
    if kind in ("ym", "lost_ym"):
        return _iso(int(g[0]), int(g[1]))
    if kind == "sep":
        return _iso(int(g[0]), int(g[2]), int(g[3]))
    if kind == "digits8":
        return _iso(int(g[0]), int(g[1]), int(g[2]))
    if kind == "y":
        return _iso(int(g[0]))
    year = int("".join(str(_CN_DIGIT[c]) for c in g[0]))
    if kind == "cymd":
        return _iso(year, _cn_number(g[1]), _cn_number(g[2]))
    if kind == "cym":
        return _iso(year, _cn_number(g[1]))
    return _iso(year)  # cy


def find_dates(text: str) -> list[tuple[int, int, str, str]]:
    """All date expressions in ``text`` as ``(start, end, iso, raw)``, left to right, non-overlapping."""
    norm = text.translate(_FW)  # same length: spans index ``text``
    out: list[tuple[int, int, str, str]] = []
    last = 0
    for s in _STARTS.finditer(norm):
        pos = s.start()
        if pos < last:
            continue
        for kind, pat in _PATTERNS:
            m = pat.match(norm, pos)
            if not m:
                continue
            if kind == "digits8" and m.end() < len(norm) and norm[m.end()] in "年月日":
                continue
            iso = _convert(kind, m.groups())
            if iso:
                out.append((pos, m.end(), iso, text[pos: m.end()]))
                last = m.end()
                break
    return out


def parse_date(s: str) -> str | None:
    """ISO form of ``s`` when ``s`` is one date expression (surrounding spaces and a trailing time allowed;
    a trailing ``.`` or ``。`` after a signature date, ``2021.3.15.``, is allowed too)."""
    if not s:
        return None
    t = s.strip()
    found = find_dates(t)
    if not found:
        return None
    start, end, iso, _ = found[0]
    if start != 0 or not _only_time_after(t, end):
        return None
    return iso
