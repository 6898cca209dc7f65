"""Traditional → simplified conversion identical to ``opencc.OpenCC("t2s").convert``, and much faster.

How OpenCC (opencc-python-reimplemented) converts, which ``t2s`` reproduces exactly:

1. ``re.split`` at separator characters (whitespace runs and the punctuation of OpenCC's PhraseExtract.cpp);
   no dictionary key contains a separator, so every segment converts on its own.
2. In a segment, the TSPhrases/TSCharacters group runs as a parse tree: find the longest TSPhrases key
   anywhere in the string (the leftmost of that length), replace it with its first candidate, and repeat on
   the parts left and right of it (a key may not straddle an earlier match). Parts holding no phrase key go
   through TSCharacters the same way, which, its keys being single characters, is a character-by-character
   mapping to the first candidate (``乾`` → ``干 乾`` → ``干``).

Hence a segment whose phrase matches all convert exactly as their characters do converts character by
character, whatever phrases it holds. Only a segment containing a phrase key whose conversion differs from
the per-character one (``乾坤``, ``一目瞭然``; 258 of 277 keys) needs step 2 for real; every other stretch
of text goes through one ``str.translate`` at C speed.

``t2s`` also returns the length-changing replacements ``(start, end, replacement)`` in input coordinates,
per matched phrase or character, so callers can build an offset map. (With the dictionaries of
opencc-python-reimplemented 0.1.7 every replacement keeps the length, so the list is empty; the code does
not rely on that.)
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# OpenCC's separators (opencc.py, from PhraseExtract.cpp), whitespace aside: `\s` there is str.isspace()
_SEPARATORS = "-,.?!*　，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐［﹇］﹈︕︖︰︳︴︽︾︵︶｛︷｝︸﹃﹄【︻】︼"
_SEP_RE = re.compile(r"\s|[" + re.escape(_SEPARATORS) + "]")
_BMP = 0x10000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Tables(NamedTuple):
    cc: object  # the OpenCC("t2s") instance the tables come from
    table: dict[int, str]  # char → first candidate, for str.translate
    phrases: dict[str, str]  # phrase key → first candidate
    max_phrase: int
    min_phrase: int
    prefixes: frozenset[str]  # first two characters of every phrase key
    trigger_re: re.Pattern[str] | None  # keys converting unlike their characters
    bmp_list: list[str]  # the BMP part of ``table`` as a list: a faster translate (past its end: unchanged)
    resized_re: re.Pattern[str] | None  # characters whose replacement has another length
    trad_only: frozenset[str]
    simp_only: frozenset[str]


def _first(value: str) -> str:
    return value.split(" ")[0]  # OpenCC takes the first of several candidates


def _opencc(conversion: str):
    from opencc import OpenCC

    cc = OpenCC(conversion)
    cc._init_dict()
    return cc


def _group(cc) -> tuple[int, int, dict[str, str], dict[str, str]]:
    chain = cc._dict_chain_data
    if len(chain) != 1 or len(chain[0]) != 2 or chain[0][1][0] != 1 or chain[0][1][1] != 1:
        raise RuntimeError(f"unexpected OpenCC {cc.conversion} dictionary layout: this module expects one group "
                           "of a phrase dictionary and a single-character dictionary")
    (pmax, pmin, phrases), (_, _, chars) = chain[0]
    return pmax, pmin, phrases, chars


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return build_tables(_opencc("t2s"))


def build_tables(cc) -> _Tables:
    """Tables for :func:`t2s` from an initialised OpenCC t2s instance (tests pass altered dictionaries)."""
    pmax, pmin, phrases, chars = _group(cc)
    table = {ord(k): _first(v) for k, v in chars.items()}
    first_phrases = {k: _first(v) for k, v in phrases.items()}
    triggers = sorted((k for k, v in first_phrases.items() if v != k.translate(table)), key=len, reverse=True)
    trigger_re = None
    if triggers:
        firsts = "".join(sorted({re.escape(k[0]) for k in triggers}))
        # the first-character class lets the engine skip most positions at C speed
        trigger_re = re.compile(f"(?=[{firsts}])(?:" + "|".join(map(re.escape, triggers)) + ")")
    top = max((k for k in table if k < _BMP), default=0) + 1
    bmp_list = [chr(i) for i in range(top)]
    for k, v in table.items():
        if k < _BMP:
            bmp_list[k] = v
    resized = "".join(re.escape(chr(k)) for k, v in table.items() if len(v) != 1)
    trad_only = frozenset(k for k, v in chars.items() if _first(v) != k)
    # simplified-only: characters s2t changes that no traditional text uses (发 → 發 髮; not 后 → 後 后)
    s_chars = _group(_opencc("s2t"))[3]
    simp_only = frozenset(k for k, v in s_chars.items() if k not in v.split(" ")) - trad_only
    return _Tables(cc, table, first_phrases, pmax, pmin, frozenset(k[:2] for k in phrases), trigger_re,
                   bmp_list, re.compile(f"[{resized}]") if resized else None, trad_only, simp_only)


def _translate(text: str, offset: int, t: _Tables, changes: list[tuple[int, int, str]]) -> str:
    """Character-by-character conversion (TSCharacters, first candidates)."""
    if t.resized_re is not None:
        for m in t.resized_re.finditer(text):
            changes.append((offset + m.start(), offset + m.end(), t.table[ord(m.group())]))
    # a list indexed by code point is twice as fast as the dict, but covers the BMP only
    return text.translate(t.table if _ASTRAL.search(text) else t.bmp_list)


def _convert_segment(seg: str, offset: int, t: _Tables, changes: list[tuple[int, int, str]]) -> str:
    """OpenCC's parse-tree conversion of one separator-free segment, with match positions kept."""
    n = len(seg)
    phrases = t.phrases
    occ: list[tuple[int, int, int]] = []  # (-length, start, end) of every phrase key occurrence
    for i in range(n - t.min_phrase + 1):
        if seg[i:i + 2] not in t.prefixes:
            continue
        for ln in range(min(t.max_phrase, n - i), t.min_phrase - 1, -1):
            if seg[i:i + ln] in phrases:
                occ.append((-ln, i, i + ln))
    occ.sort()  # longest first, then leftmost: the order OpenCC tries them
    matches: list[tuple[int, int]] = []
    stack = [(0, n)]
    while stack:
        a, b = stack.pop()
        for _, s, e in occ:
            if a <= s and e <= b:
                matches.append((s, e))
                stack.append((a, s))
                stack.append((e, b))
                break
    matches.sort()
    parts: list[str] = []
    pos = 0
    for s, e in matches:
        if s > pos:
            parts.append(_translate(seg[pos:s], offset + pos, t, changes))
        rep = phrases[seg[s:e]]
        if len(rep) != e - s:
            changes.append((offset + s, offset + e, rep))
        parts.append(rep)
        pos = e
    if pos < n:
        parts.append(_translate(seg[pos:], offset + pos, t, changes))
    return "".join(parts)


def t2s(text: str, tables: _Tables | None = None) -> tuple[str, list[tuple[int, int, str]]]:
    """``(converted, changes)``: ``converted == OpenCC("t2s").convert(text)`` for every input; ``changes``
    are the length-changing replacements ``(start, end, replacement)`` in ``text``'s coordinates, sorted."""
    t = tables or _tables()
    changes: list[tuple[int, int, str]] = []
    if t.trigger_re is None:
        return _translate(text, 0, t, changes), changes
    parts: list[str] = []
    pos = 0
    for m in t.trigger_re.finditer(text):
        if m.start() < pos:
            continue  # inside the segment just converted
        s = m.start()
        while s > pos and not _SEP_RE.match(text[s - 1]):
            s -= 1
        nxt = _SEP_RE.search(text, m.end())
        e = nxt.start() if nxt else len(text)
        if s > pos:
            parts.append(_translate(text[pos:s], pos, t, changes))
        parts.append(_convert_segment(text[s:e], s, t, changes))
        pos = e
    if pos < len(text):
        parts.append(_translate(text[pos:], pos, t, changes))
    return "".join(parts), changes


@lru_cache(maxsize=1)
def _script_tables():
    """Boolean lookup tables over all code points: is it a traditional-only / simplified-only character."""
    import numpy as np

    t = _tables()
    trad = np.zeros(0x110000, dtype=bool)
    simp = np.zeros(0x110000, dtype=bool)
    trad[[ord(c) for c in t.trad_only]] = True
    simp[[ord(c) for c in t.simp_only]] = True
    return trad, simp


def script_counts(text: str) -> tuple[int, int]:
    """``(traditional, simplified)``: characters t2s changes, and characters only simplified text uses."""
    import numpy as np

    trad, simp = _script_tables()
    # code points as an array, looked up in the tables: vectorized, ~20x a dict-based str.translate
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return int(trad[cps].sum()), int(simp[cps].sum())


def detect_script(text: str) -> str:
    """``simplified`` / ``traditional`` / ``mixed`` from the characters only one script uses.

    A script wins when it holds at least 80% of the telling characters, or all but one of them when there
    are few (a stray character in a short text does not make it mixed). Text without telling characters
    (ASCII, or hanzi common to both scripts) counts as simplified.
    """
    # a sample from both ends decides as well as the whole text, at a fraction of the cost
    sample = text if len(text) <= 100_000 else text[:50_000] + text[-50_000:]
    trad, simp = script_counts(sample)
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= 0.8 or (simp <= 1 and trad >= 3):
        return "traditional"
    if share <= 0.2 or (trad <= 1 and simp >= 3):
        return "simplified"
    return "mixed"
