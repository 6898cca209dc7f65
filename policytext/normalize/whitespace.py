"""Width and whitespace: full-width ASCII → half-width, odd spaces, stray spaces between CJK, blank runs.

Punctuation that Chinese text uses as full width (，。：；（）“”) is left alone; only full-width
letters, digits and ％ become ASCII (same length, so offsets do not move for those).
"""
from __future__ import annotations

import re

from policytext.normalize.offsets import Edit

_FW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FW.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FW.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FW.update({"％": "%", "．": ".", "／": "/", "－": "-", "＋": "+"})
_FW_TABLE = str.maketrans(_FW)
_FW_RE = re.compile("[" + "".join(_FW) + "]+")

_SPACE = r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]"
_CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’、，。：；！？（）《》【】〔〕]"
_LEAD = re.compile(r"(?m)^" + _SPACE + r"+")
_TRAIL = re.compile(r"(?m)" + _SPACE + r"+$")
_BETWEEN_CJK = re.compile(r"(?<=" + _CJK + r")" + _SPACE + r"+(?=" + _CJK + r")")
_AROUND_PUNCT = re.compile(
    r"(?<=[\u4e00-\u9fff0-9])" + _SPACE + r"+(?=[,，、。;；:：%])|(?<=[,，、。;；:：])" + _SPACE + r"+(?=[\u4e00-\u9fff])"
)
_DIGIT_CJK = re.compile(r"(?<=[0-9])" + _SPACE + r"+(?=[年月日])|(?<=[年月])" + _SPACE + r"+(?=[0-9])")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+|  +")
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_CR = re.compile(r"\r\n?")


def find_width(text: str) -> list[Edit]:
    """Full-width letters/digits → ASCII (same length)."""
    return [Edit(m.start(), m.end(), m.group(0).translate(_FW_TABLE), "width", "full-width")
            for m in _FW_RE.finditer(text)]


def find_spaces(text: str) -> list[Edit]:
    """Line-edge spaces, spaces between CJK characters or inside dates, odd space runs → one space,
    ``\\r\\n`` → ``\\n``, three or more line breaks → one blank line."""
    spans: list[tuple[int, int, str, str]] = []
    for rx, repl, why in (
        (_CR, "\n", "line ending"),
        (_LEAD, "", "indent"),
        (_TRAIL, "", "trailing space"),
        (_BETWEEN_CJK, "", "space inside CJK text"),
        (_AROUND_PUNCT, "", "space around punctuation"),
        (_DIGIT_CJK, "", "space inside date"),
    ):
        for m in rx.finditer(text):
            spans.append((m.start(), m.end(), repl, why))
    for m in _ODD_SPACE.finditer(text):
        spans.append((m.start(), m.end(), " ", "odd space"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[Edit] = []
    for s, e, r, why in spans:
        if out and s < out[-1].end:
            continue
        if text[s:e] == r:
            continue
        out.append(Edit(s, e, r, "width", why))
    return out


def find_blank_lines(text: str) -> list[Edit]:
    """Three or more line breaks (after space cleanup) → one blank line; leading/trailing blank lines go."""
    lead = re.match(r"\s+", text)
    tail = re.search(r"\s+$", text)
    lo = lead.end() if lead else 0
    hi = tail.start() if tail else len(text)
    out = [Edit(0, lo, "", "width", "blank lines")] if lo else []
    out += [Edit(m.start(), m.end(), "\n\n", "width", "blank lines") for m in _BLANKS.finditer(text, lo, hi)
            if m.end() <= hi]
    if hi < len(text) and hi >= lo:
        out.append(Edit(hi, len(text), "", "width", "blank lines"))
    return out
