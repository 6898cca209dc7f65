"""Width and whitespace: full-width ASCII → half-width, odd spaces, stray spaces between CJK, blank runs.

Punctuation that Chinese text uses as full width (，。：；（）“”) is left alone; only full-width
letters, digits and ％ become ASCII (same length, so offsets do not move for those).
"""
from __future__ import annotations

import re

from policytext.normalize.offsets import Edit
from policytext.normalize.scan import ClassRun, matches_at

_FW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FW.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FW.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FW.update({"％": "%", "．": ".", "／": "/", "－": "-", "＋": "+"})
_FW_TABLE = str.maketrans(_FW)
# a run is written X X* rather than X+: a pattern that starts with a character class is searched by re's class scan
# (several times faster on a long text where the class is rare); same matches
_FW_CLASS = "[" + "".join(_FW) + "]"
_FW_RE = re.compile(_FW_CLASS + _FW_CLASS + "*")
_FW_START = ClassRun(_FW)  # where a run can start (one class scan; scan.matches_at)

_SPACE = r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]"
_CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’、，。：；！？（）《》【】〔〕]"
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_CR = re.compile(r"\r\n?")


def find_width(text: str) -> list[Edit]:
    """Full-width letters/digits → ASCII (same length)."""
    return [Edit(m.start(), m.end(), m.group(0).translate(_FW_TABLE), "width", "full-width")
            for m in matches_at(_FW_RE, text, _FW_START.hits(text))]


_SPACE_RUN = re.compile(_SPACE + _SPACE + "*")  # X X*, not X+: see _FW_RE
_CJK_CHAR = re.compile(_CJK)
_PUNCT_AFTER = set(",，、。;；:：%")
_PUNCT_BEFORE = set(",，、。;；:：")


def _is_cjk(c: str) -> bool:
    return bool(c) and _CJK_CHAR.match(c) is not None


def find_spaces(text: str) -> list[Edit]:
    """Line-edge spaces, spaces between CJK characters or inside dates, odd space runs → one space,
    ``\\r\\n`` → ``\\n``. One scan finds the space runs; each is judged by its neighbours."""
    out: list[Edit] = []
    if "\r" in text:
        out += [Edit(m.start(), m.end(), "\n", "width", "line ending") for m in _CR.finditer(text)]
    n = len(text)
    for m in _SPACE_RUN.finditer(text):
        s, e = m.span()
        prev = text[s - 1] if s else "\n"
        nxt = text[e] if e < n else "\n"
        if prev in "\r\n":
            out.append(Edit(s, e, "", "width", "indent"))
        elif nxt in "\r\n":
            out.append(Edit(s, e, "", "width", "trailing space"))
        elif "\t" in m.group():
            # a table's cell separator (the readers join a row's cells with a tab): one tab stays, so a table's
            # linearisation keeps its cells apart (森林覆盖率\t%\t40\t45)
            if m.group() != "\t":
                out.append(Edit(s, e, "\t", "width", "cell separator"))
        elif _is_cjk(prev) and _is_cjk(nxt):
            out.append(Edit(s, e, "", "width", "space inside CJK text"))
        elif ((("\u4e00" <= prev <= "\u9fff" or prev.isdigit()) and nxt in _PUNCT_AFTER)
              or (prev in _PUNCT_BEFORE and "\u4e00" <= nxt <= "\u9fff")):
            out.append(Edit(s, e, "", "width", "space around punctuation"))
        elif (prev.isdigit() and nxt in "年月日") or (prev in "年月" and nxt.isdigit()):
            out.append(Edit(s, e, "", "width", "space inside date"))
        elif m.group() != " ":
            out.append(Edit(s, e, " ", "width", "odd space"))
    out.sort(key=lambda x: x.start)
    res: list[Edit] = []
    for x in out:
        if res and x.start < res[-1].end:
            continue
        res.append(x)
    return res


def find_blank_lines(text: str) -> list[Edit]:
    """Three or more line breaks (after space cleanup) → one blank line; leading/trailing blank lines go."""
    # str.strip counts the same characters as the regex \s; a search for "\s+$" would be quadratic in a long
    # whitespace run that is not at the end
    lo = len(text) - len(text.lstrip())
    hi = len(text.rstrip()) if lo < len(text) else len(text)
    out = [Edit(0, lo, "", "width", "blank lines")] if lo else []
    out += [Edit(m.start(), m.end(), "\n\n", "width", "blank lines") for m in _BLANKS.finditer(text, lo, hi)
            if m.end() <= hi]
    if hi < len(text) and hi >= lo:
        out.append(Edit(hi, len(text), "", "width", "blank lines"))
    return out
