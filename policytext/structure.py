"""Document structure on normalized text: paragraphs, the heading tree, sentences.

Heading markers of Chinese official documents, outermost first:
第一章 > 一、 > （一） > 1. / 1、 > （1） > ①; 第一条 articles sit under chapters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from policytext.records import Paragraph, Section

_CN = "一二三四五六七八九十百零〇两"
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^第[{_CN}\d]{{1,4}}[章编部分]+\s*")),
    ("article", re.compile(rf"^第[{_CN}\d]{{1,4}}条\s*")),
    ("cn", re.compile(rf"^[{_CN}]{{1,3}}\s*[、.．]\s*")),
    ("dash", re.compile(r"^(?:——|－－|--)\s*(?=\S)")),
    ("cn_paren", re.compile(rf"^[（(]\s*[{_CN}]{{1,3}}\s*[）)]\s*[、.．]?\s*")),
    ("num", re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))\s*(?!年|月|日|%)")),
    ("num_paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
    ("circled", re.compile(r"^[\u2460-\u2473\u2776-\u277f]\s*")),
]
RANK = {name: i for i, (name, _) in enumerate(MARKERS)}
_HEADING_MAX = 40


@dataclass(frozen=True)
class Structure:
    paragraphs: list[Paragraph]
    sections: list[Section]
    sentences: list[tuple[int, int]]


# all markers in one alternation, in order (the first that matches wins, as the loop over MARKERS finds it)
_ANY_MARKER = re.compile("|".join(f"(?P<{name}>{rx.pattern.removeprefix('^')})" for name, rx in MARKERS))


def heading_marker(line: str) -> tuple[str, str] | None:
    """(marker kind, marker text) when the line starts with a heading/list marker."""
    m = _ANY_MARKER.match(line)
    if m is None:
        return None
    if m.end() < len(line):
        return m.lastgroup, m.group().strip()  # type: ignore[return-value]
    # the first marker took the whole line: a later one may still leave text after it
    for name, rx in MARKERS:
        m = rx.match(line)
        if m and m.end() < len(line):
            return name, m.group(0).strip()
    return None


def _is_heading(line: str, kind: str) -> bool:
    body = line.rstrip("。.;；:：")
    if kind == "dash":
        return len(line) <= 60 and not any(c in line for c in "。；;")
    if kind in ("chapter",):
        return len(line) <= 60
    if len(body) > _HEADING_MAX:
        return False
    inner = body[:-1] if body else body
    return not any(c in inner for c in "。；;！？")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    add = out.append
    pos = 0
    for line in text.split("\n"):
        e = pos + len(line)
        if line.strip():
            add((pos + len(line) - len(line.lstrip()), e - (len(line) - len(line.rstrip()))))
        pos = e + 1
    return out


_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”’\"'）)》」』】]*)?|[。！？!?；;]+[”’\"'）)》」』】]*")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans: split after 。！？；(+ closing quotes) and at line breaks; spaces trimmed."""
    end = len(text) if end is None else end
    res = []
    add = res.append
    for m in _SENTENCE.finditer(text, start, end):
        a, b = m.span()
        if text[a].isspace() or text[b - 1].isspace():  # rare: trim the blanks at the ends
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                add((a, b))
        else:
            add((a, b))
    return res


# every marker starts with one of these characters or a digit (\d: str.isdecimal): other lines skip the tests
_MARKER_FIRST = frozenset("第" + _CN + "—－-（(" + "".join(map(chr, [*range(0x2460, 0x2474), *range(0x2776, 0x2780)])))
_TITLE_END = re.compile(r"[。；;:：]")


def analyse(text: str) -> Structure:
    rows: list[tuple] = []  # paragraphs: (start, end, section path, heading level, heading marker)
    sections: list[tuple] = []  # (title, marker, level, start, end, path) with end filled in below
    stack: list[tuple[int, str]] = []  # (rank, title) of open headings
    titles: list[str] = []  # the titles of the open headings
    first, rank_of = _MARKER_FIRST, RANK
    for s, e in split_paragraphs(text):
        line = text[s:e]
        c = line[0]
        hm = heading_marker(line) if c in first or c.isdecimal() else None
        if hm:
            kind, marker = hm
            rank = rank_of[kind]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            title = line if _is_heading(line, kind) else _TITLE_END.split(line, maxsplit=1)[0]
            level = len(stack) + 1
            path = [t for _, t in stack] + [title]
            sections.append([title, marker, level, s, e, path])
            stack.append((rank, title))
            titles = [t for _, t in stack]
            rows.append((s, e, titles.copy(), level, marker))
        else:
            rows.append((s, e, titles.copy(), None, None))
    # a section ends where the next section of the same or higher level starts (one pass with a stack of the
    # sections still open; slicing the list after each section was quadratic in the number of sections)
    n = len(text)
    still_open: list[int] = []
    for i, sec in enumerate(sections):
        while still_open and sections[still_open[-1]][2] >= sec[2]:
            sections[still_open.pop()][4] = sec[3]
        still_open.append(i)
    for i in still_open:
        sections[i][4] = n
    return Structure(paragraphs=Paragraph.from_rows(rows), sections=Section.from_rows(sections),
                     sentences=split_sentences(text))
