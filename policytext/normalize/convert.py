"""Traditional → simplified conversion identical to ``opencc.OpenCC("t2s").convert``, and much faster.

OpenCC (opencc-python-reimplemented) splits the text at separator characters and, in each segment,
matches the longest TSPhrases key anywhere, recursing left and right, then TSCharacters on the rest. A
segment holding no phrase key therefore converts character by character, which ``str.translate`` does at C
speed. Only segments that contain a phrase key go through OpenCC's own algorithm (on that segment alone).

``t2s`` also returns the length-changing replacements, so callers can keep an offset map: a few
phrases change length (``二噁英`` → ``二𫫇英`` is fine, but multi-candidate phrases are not).
"""
from __future__ import annotations

import re
from functools import lru_cache

# OpenCC's separators (PhraseExtract.cpp); none of them is part of a dictionary key
_SEPARATORS = set("-,.?!*　，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐［﹇］﹈︕︖︰︳︴︽︾︵︶｛︷｝︸﹃﹄【︻】︼")


def _is_sep(c: str) -> bool:
    return c in _SEPARATORS or c.isspace()


@lru_cache(maxsize=1)
def _tables():
    from opencc import OpenCC

    cc = OpenCC("t2s")
    cc._init_dict()
    group = cc._dict_chain_data[0]
    phrases = next(d for d in group if d[0] > 1)[2]
    chars = next(d for d in group if d[0] == 1)[2]
    # OpenCC takes the first of several candidates ("乾" → "干 乾" → "干")
    table = {ord(k): v.split(" ")[0] for k, v in chars.items() if not _is_sep(k)}
    multi = "".join(re.escape(k) for k, v in chars.items() if len(v.split(" ")[0]) != 1 and not _is_sep(k))
    multi_re = re.compile(f"[{multi}]") if multi else None
    keys = sorted(phrases, key=len, reverse=True)
    firsts = "".join(sorted({re.escape(k[0]) for k in keys}))
    # a first-character class up front lets the regex engine skip most positions at C speed
    phrase_re = re.compile(f"(?=[{firsts}])(?:" + "|".join(re.escape(k) for k in keys) + ")")
    # characters a simplified text would not contain / a traditional text would not contain
    trad_only = frozenset(k for k, v in chars.items() if v.split(" ")[0] != k)
    from opencc import OpenCC as _O

    st = _O("s2t")
    st._init_dict()
    s_chars = next(d for d in st._dict_chain_data[0] if d[0] == 1)[2]
    simp_only = frozenset(k for k, v in s_chars.items() if v.split(" ")[0] != k) - trad_only
    return cc, table, multi_re, phrase_re, trad_only, simp_only


@lru_cache(maxsize=1)
def _changing() -> frozenset[str]:
    table = _tables()[1]
    return frozenset(chr(k) for k, v in table.items() if v != chr(k))


def _translate(text: str, offset: int, table, multi_re, changes: list) -> str:
    if _changing().isdisjoint(text):
        return text  # nothing to convert: a set probe is cheaper than translating
    if multi_re is not None:
        for m in multi_re.finditer(text):
            changes.append((offset + m.start(), offset + m.end(), table[ord(m.group())]))
    return text.translate(table)


def t2s(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``(converted, changes)``: converted == ``OpenCC("t2s").convert(text)``; changes are the
    length-changing replacements ``(start, end, replacement)`` in ``text``'s coordinates."""
    cc, table, multi_re, phrase_re, _, _ = _tables()
    changes: list[tuple[int, int, str]] = []
    parts: list[str] = []
    pos = 0
    n = len(text)
    for m in phrase_re.finditer(text):
        if m.start() < pos:
            continue
        s = m.start()
        while s > pos and not _is_sep(text[s - 1]):
            s -= 1
        e = m.end()
        while e < n and not _is_sep(text[e]):
            e += 1
        parts.append(_translate(text[pos:s], pos, table, multi_re, changes))
        seg = text[s:e]
        conv = cc._convert(seg, cc._dict_chain_data)
        if len(conv) != len(seg):
            changes.append((s, e, conv))
        parts.append(conv)
        pos = e
    parts.append(_translate(text[pos:], pos, table, multi_re, changes))
    changes.sort()
    return "".join(parts), changes


@lru_cache(maxsize=1)
def _deletion_tables() -> tuple[dict, dict]:
    _, _, _, _, trad_only, simp_only = _tables()
    return dict.fromkeys(map(ord, trad_only)), dict.fromkeys(map(ord, simp_only))


def detect_script(text: str) -> str:
    """``simplified`` / ``traditional`` / ``mixed`` from characters only one script uses."""
    sample = text if len(text) <= 12_000 else text[:6_000] + text[-6_000:]
    del_trad, del_simp = _deletion_tables()
    trad = len(sample) - len(sample.translate(del_trad))  # counting by deletion runs at C speed
    simp = len(sample) - len(sample.translate(del_simp))
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= 0.8:
        return "traditional"
    if share <= 0.2:
        return "simplified"
    return "mixed"
