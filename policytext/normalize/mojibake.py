"""GBK one-byte-shift mojibake: find it, repair it when the bytes say so, flag it when they do not.

How the damage arises (corpora/seeds/README.md): GB18030/GBK bytes were paired one byte off. An ASCII
character stands where a lead byte lost its high bit, and the characters after it are the following
bytes decoded in the wrong pairs — private-use characters (U+E000–U+F8FF) are the tell. Restoring the high
bit of the ASCII character and re-pairing the bytes recovers the text: ``;\\ue2a2緦崿F`` → ``基本實現``.

A repair is accepted only when every re-paired character is a common hanzi or CJK punctuation; anything
else (a lone private-use character, the ``?`` that stands for a byte that could not be decoded at all)
is reported as damage with no replacement, so extractors can flag records that quote it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_PUA = re.compile(r"[\ue000-\uf8ff]")
# the "?" first, the hanzi before it checked after (a lookbehind first was tried at every position; same matches)
_LOST = re.compile(r"\?(?<=[\u4e00-\u9fff]\?)\?*(?=[\u4e00-\u9fff\u3040-\u30ff;!A-Za-z])")
_MAX_LEAD_BACK = 10
_MAX_TAIL = 3
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》【】〔〕—…·")


@dataclass(frozen=True)
class MojibakeFix:
    start: int
    end: int
    replacement: str | None
    detail: str


def _common() -> frozenset[str]:
    from policytext.read.encoding import COMMON_HANZI

    return COMMON_HANZI


def _plausible(s: str) -> bool:
    common = _common()
    if not s:
        return False
    hanzi = 0
    for c in s:
        if c in _CJK_PUNCT:
            continue
        if "\u4e00" <= c <= "\u9fff":
            hanzi += 1
            # rare characters are what a wrong pairing produces: ask for common ones (traditional included,
            # through the t2s mapping of the common list)
            if c not in common and _simplified(c) not in common:
                return False
            continue
        return False
    return hanzi > 0


def _simplified(c: str) -> str:
    from policytext.normalize.convert import t2s

    return t2s(c)[0]


def _repair(lead: str, run: str) -> tuple[str, bool] | None:
    """Re-pair ``lead`` (high bit restored) + the bytes of ``run``; (text, dangling byte?) or None."""
    try:
        data = bytes([ord(lead) | 0x80]) + run.encode("gb18030")
    except (UnicodeEncodeError, ValueError):
        return None
    out = []
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if i + 1 >= n:
            return "".join(out), True
        try:
            out.append(data[i:i + 2].decode("gb18030"))
        except UnicodeDecodeError:
            return None
        i += 2
    return "".join(out), False


def find_mojibake(text: str) -> list[MojibakeFix]:
    fixes: list[MojibakeFix] = []
    taken_to = 0
    for m in _PUA.finditer(text):
        p = m.start()
        if p < taken_to:
            continue
        best: tuple[int, int, str, bool] | None = None
        lo = max(taken_to, p - _MAX_LEAD_BACK)
        for i in range(p - 1, lo - 1, -1):
            c = text[i]
            if c.isascii():
                if not ("!" <= c <= "~"):
                    break
                # the lead: ASCII right before a non-ASCII run that reaches the private-use character
                for j in range(p + 1, min(len(text), p + 1 + _MAX_TAIL) + 1):
                    run = text[i + 1:j]
                    if sum(ch.isascii() for ch in run) > 1 or (run and run[:-1] and any(x.isascii() for x in run[:-1])):
                        break
                    got = _repair(c, run)
                    if got is None:
                        continue
                    fixed, dangling = got
                    if _plausible(fixed) and (best is None or j - i > best[1] - best[0]):
                        best = (i, j, fixed, dangling)
                break
            if c.isspace() or c in _CJK_PUNCT:
                break  # wrongly paired bytes decode to letters of any script (惫ぷ鞯), never to spaces
        if best is not None:
            i, j, fixed, dangling = best
            if i > 0 and text[i - 1] == "?" and (not fixes or fixes[-1].end <= i - 1):
                fixes.append(MojibakeFix(i - 1, i, None, "undecodable character ('?') before a byte-shift run"))
            detail = f"gbk-shift: re-paired {len(text[i:j].encode('gb18030'))} bytes"
            if dangling:
                detail += "; last byte lost"
            fixes.append(MojibakeFix(i, j, fixed, detail))
            taken_to = j
            if dangling and j < len(text) and text[j] == "?":
                fixes.append(MojibakeFix(j, j + 1, None, "undecodable character ('?') after a byte-shift run"))
                taken_to = j + 1
        else:
            fixes.append(MojibakeFix(p, p + 1, None, "private-use character (encoding damage)"))
            taken_to = p + 1
    # a '?' inside a run of hanzi is a character the scraper could not decode (并??顚S?。): damage
    # (the fixes so far are sorted and do not overlap: the first one ending after the match start is the only
    # candidate for an overlap)
    starts = [f.start for f in fixes]
    ends = [f.end for f in fixes]
    for m in _LOST.finditer(text):
        k = bisect_right(ends, m.start())
        if not (k < len(starts) and starts[k] < m.end()):
            fixes.append(MojibakeFix(m.start(), m.end(), None, "undecodable character ('?')"))
    fixes.sort(key=lambda f: f.start)
    return fixes
