"""Repairs of scraping damage that keep an offset map: pinyin annotations, lost date separators.

Each finder returns sorted, non-overlapping ``Edit``s on its input text.
"""
from __future__ import annotations

import re
from functools import partial
from itertools import repeat

from policytext.normalize.offsets import Edit
from policytext.normalize.scan import ClassRun, matches_at

# --- pinyin annotations: 發(fā)展 → 發展 -------------------------------------------------------------
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PLAIN = "aaaaeeeeiiiioooouuuuüüüünnnm"
_DETONE = str.maketrans(_TONED, _PLAIN)
_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|er|in|un|ün|vn|ia|ie|iu|"
    r"ua|uo|ui|üe|ve|ue|a|o|e|i|u|ü|v|ng|n|m)"
)
_SYLLABLE = re.compile(f"^{_INITIAL}{_FINAL}$")
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# an annotation is a bracketed word right after a hanzi: the bracket is found first (a fast scan), the hanzi before it
# checked once the bracket is found (a lookbehind at every position made this 4× slower)
_ANNOT = re.compile(r"[(（](?<=" + _HAN + r"[(（])([a-zA-Z" + _TONED + r"ü]{1,7})[)）]")
_TONED_CHARS = frozenset(_TONED)
# each distinct word judged once: 0 not pinyin (or not lowercase), 1 toneless syllable, 2 tone-marked syllable
_WORDS: dict[str, int] = {}


def _word_kind(word: str) -> int:
    if not word.islower() or not is_pinyin(word):
        return 0
    return 2 if any(c in _TONED_CHARS for c in word) else 1


def is_pinyin(word: str) -> bool:
    w = word.lower().translate(_DETONE)
    return bool(_SYLLABLE.match(w))


def find_pinyin(text: str) -> list[Edit]:
    """Parenthesised pinyin right after a hanzi. Tone-marked syllables always count; toneless ones
    (``(de)``) only when the document carries at least three tone-marked annotations."""
    found = list(_ANNOT.finditer(text))
    if not found:
        return []
    words = [m.group(1) for m in found]
    kinds = _WORDS
    new = set(words).difference(kinds)
    if len(kinds) + len(new) > 10_000:  # bounded: forget the words of earlier documents
        kinds.clear()
        new = set(words)
    for w in new:
        kinds[w] = _word_kind(w)
    kind = [kinds[w] for w in words]
    floor = 1 if kind.count(2) >= 3 else 2  # toneless ones count only with three tone-marked ones
    if min(kind) < floor:
        found = [m for m, k in zip(found, kind, strict=True) if k >= floor]
    # tens of thousands in a long annotated page: made by C-level maps
    return list(map(_new_edit, zip([m.start() for m in found], [m.end() for m in found], repeat(""),
                                   repeat("pinyin"), [m.group() for m in found])))


_new_edit = partial(tuple.__new__, Edit)


# --- dates whose separators were lost: 20196月 → 2019年6月, 20191217 → 2019年12月17日 ------------------
# the century digits come first and the "no digit before" check after them (a lookbehind tried at every position
# of the text made these scans 6× slower); same matches
_YM_LOST = re.compile(r"((?:19|20)(?<![0-9０-９](?:19|20))\d{2})(1[0-2]|0?[1-9])月")
_YMD_LOST = re.compile(r"((?:19|20)(?<![0-9０-９.\-/](?:19|20))\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![0-9０-９%.])")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DATE_CONTEXT = re.compile(r"(?:印发|发布|日期|成文|签发|^\s*$)")
_AFTER_DATE = ("印发", "发布", "签发")


# both patterns start with 19 or 20: the places a match can start, from one class scan
_CENTURY = ClassRun("12", "09")


def find_lost_dates(text: str) -> list[Edit]:
    edits: list[Edit] = []
    starts = [i for i in _CENTURY.hits(text) if text.startswith(("19", "20"), i)]
    if not starts:
        return edits
    for m in matches_at(_YM_LOST, text, starts):
        edits.append(Edit(m.start(), m.end(), f"{m.group(1)}年{int(m.group(2))}月", "date", m.group(0)))
    for m in matches_at(_YMD_LOST, text, starts):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if d > _DAYS[mo - 1]:
            continue
        # only where the 8 digits stand as a date: alone on their line, or next to 印发/日期 words. Only the six
        # characters before, the blanks around and the word after are looked at: slicing the whole line for
        # every match would be quadratic in a long line of dates
        s, e = m.span()
        i = s
        while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
            i -= 1
        blank_before = i == 0 or text[i - 1] == "\n"
        if not (blank_before or _DATE_CONTEXT.search(text[max(text.rfind("\n", max(0, s - 6), s) + 1, s - 6):s])):
            continue
        j = e
        while j < len(text) and text[j] != "\n" and text[j].isspace():
            j += 1
        if not (j == len(text) or text[j] == "\n" or text.startswith(_AFTER_DATE, j)):
            continue
        edits.append(Edit(m.start(), m.end(), f"{y}年{mo}月{d}日", "date", m.group(0)))
    edits.sort(key=lambda e: e.start)
    out: list[Edit] = []
    for e in edits:
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


# --- markup left in text: tag fragments and character entities ---------------------------------------
_TAGS = ("a|abbr|b|br|center|div|em|font|h[1-6]|hr|i|img|li|ol|p|script|section|small|span|strong|style|sub|sup|"
         "table|tbody|td|th|thead|tr|u|ul|o:p")
# both alternatives start with a character ("<" or "/"; the letter check before a bare "/tag>" comes after it):
# a lookbehind first made re try the pattern at every position of the text (same matches)
_TAG = re.compile(r"</?(?:" + _TAGS + r")(?:\s[^<>\n]{0,300})?/?>|/(?<![A-Za-z<]/)(?:" + _TAGS + r")>", re.IGNORECASE)
_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&ldquo;": "“",
             "&rdquo;": "”", "&mdash;": "—", "&middot;": "·", "&hellip;": "…", "&emsp;": " ", "&ensp;": " "}
_ENTITY = re.compile("|".join(re.escape(k) for k in _ENTITIES) + r"|&#(\d{2,6});|&#x([0-9a-fA-F]{2,5});")


_TAG_START = ClassRun("</")  # every match of _TAG starts with one of them


def find_markup(text: str) -> list[Edit]:
    """HTML tag fragments (known tag names only, so ``<5%`` stays) and entities left in scraped text."""
    edits = [Edit(m.start(), m.end(), "", "other", "markup") for m in matches_at(_TAG, text, _TAG_START.hits(text))]
    for m in _ENTITY.finditer(text):
        if m.group(1) or m.group(2):
            code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
            if not (0x20 <= code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
                continue
            rep = chr(code)
        else:
            rep = _ENTITIES[m.group(0)]
        edits.append(Edit(m.start(), m.end(), rep, "other", "entity"))
    edits.sort(key=lambda e: e.start)
    out: list[Edit] = []
    for e in edits:
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out
