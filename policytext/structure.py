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


def heading_marker(line: str) -> tuple[str, str] | None:
    """(marker kind, marker text) when the line starts with a heading/list marker."""
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
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if line.strip():
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            out.append((s + lead, e - trail))
    return out


_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”’\"'）)》」』】]*)?|[。！？!?；;]+[”’\"'）)》」』】]*")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans: split after 。！？；(+ closing quotes) and at line breaks; spaces trimmed."""
    end = len(text) if end is None else end
    res = []
    for m in _SENTENCE.finditer(text, start, end):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            res.append((a, b))
    return res


def analyse(text: str) -> Structure:
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    stack: list[tuple[int, Section]] = []  # (rank, section) of open headings
    for s, e in split_paragraphs(text):
        line = text[s:e]
        hm = heading_marker(line)
        level = marker = None
        if hm:
            kind, marker = hm
            rank = RANK[kind]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            title = line if _is_heading(line, kind) else re.split(r"[。；;:：]", line, maxsplit=1)[0]
            level = len(stack) + 1
            path = [sec.title for _, sec in stack] + [title]
            sec = Section(title=title, marker=marker, level=level, start=s, end=e, path=path)
            sections.append(sec)
            stack.append((rank, sec))
        paragraphs.append(Paragraph(start=s, end=e, section=[sec.title for _, sec in stack],
                                    heading_level=level, heading_marker=marker))
    # a section ends where the next section of the same or higher level starts (one pass with a stack of the
    # sections still open; slicing the list after each section was quadratic in the number of sections)
    ends = [len(text)] * len(sections)
    still_open: list[int] = []
    for i, sec in enumerate(sections):
        while still_open and sections[still_open[-1]].level >= sec.level:
            ends[still_open.pop()] = sec.start
        still_open.append(i)
    fixed = [Section(title=sec.title, marker=sec.marker, level=sec.level, start=sec.start, end=end, path=sec.path)
             for sec, end in zip(sections, ends, strict=True)]
    return Structure(paragraphs=paragraphs, sections=fixed, sentences=split_sentences(text))
