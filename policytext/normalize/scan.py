"""Two per-character passes of the conversion, compiled when the optional extension ``policytext._speedups`` is
built (``pip install`` builds it when a C compiler is there), else in Python (``str.translate`` and ``re``); both
give the same results (tests/test_scan.py).

- :class:`BmpMap`: a one-character-to-one map of the BMP applied to a whole text (characters past it kept);
- :class:`ClassRun`: the positions where a run of character classes occurs (``[A](?=[B][C])`` in re's terms).
"""
from __future__ import annotations

import os
import re

try:
    from policytext import _speedups
except ImportError:  # no compiler when the package was installed: the Python versions
    _speedups = None

#: whether the compiled passes are used (tests set it to False to check the Python versions; so does the environment
#: variable POLICYTEXT_NO_SPEEDUPS, for a benchmark of the Python versions)
COMPILED = _speedups is not None and not os.environ.get("POLICYTEXT_NO_SPEEDUPS")

_BMP = 0x10000


def _class_regex(chars: frozenset[str]) -> str:
    """A regex character class of ``chars``; characters past the BMP become the range of all of them (see
    ClassRun). An empty set gives a pattern that matches nothing."""
    body = "".join(sorted(re.escape(c) for c in chars if ord(c) < _BMP))
    if any(ord(c) >= _BMP for c in chars):
        body += "\U00010000-\U0010ffff"
    return f"[{body}]" if body else "(?!)"


def _class_bytes(chars: frozenset[str]) -> bytes:
    """The compiled form of a class: a bitmap of the BMP, and a last byte set when any character past it is in
    ``chars`` (then all of them count, as in _class_regex)."""
    bits = bytearray(_BMP // 8 + 1)
    for c in chars:
        o = ord(c)
        if o < _BMP:
            bits[o >> 3] |= 1 << (o & 7)
        else:
            bits[_BMP // 8] = 1
    return bytes(bits)


def matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)`` for a pattern that matches no empty string and only at one of the sorted positions
    ``starts`` (found by a class scan, say): the same matches, the pattern tried at those positions alone (re's
    match at a position sees the text before it, as lookbehinds need)."""
    end = 0
    for i in starts:
        if i >= end:
            m = pattern.match(text, i)
            if m:
                yield m
                end = m.end()


class ClassRun:
    """Where ``text[i]`` is in the first class, ``text[i + 1]`` in the second, …: the positions ``i`` in order.
    A class holding any character past the BMP holds all of them (a superset: callers check what they find)."""

    __slots__ = ("_bytes", "_regex", "classes")

    def __init__(self, *classes):
        if not 1 <= len(classes) <= 8:
            raise ValueError("one to eight classes")
        self.classes = tuple(frozenset(c) for c in classes)
        self._regex: re.Pattern | None = None
        self._bytes: tuple[bytes, ...] | None = None

    def regex(self) -> re.Pattern:
        """The run as a regex: the first class, the others in a lookahead (one match per position)."""
        if self._regex is None:
            first, *rest = map(_class_regex, self.classes)
            self._regex = re.compile(first + ("(?=" + "".join(rest) + ")" if rest else ""))
        return self._regex

    def hits(self, text: str, limit: int = -1) -> list[int]:
        """The positions, at most ``limit`` of them (negative: all)."""
        if COMPILED:
            if self._bytes is None:
                self._bytes = tuple(map(_class_bytes, self.classes))
            return _speedups.class_hits(text, self._bytes, limit)
        if limit == 0:
            return []
        out: list[int] = []
        for m in self.regex().finditer(text):
            out.append(m.start())
            if len(out) == limit:
                break
        return out


_IDENTITY: list[str] = []  # every BMP character in code point order, as one string (built on first use)


def _identity() -> str:
    if not _IDENTITY:
        _IDENTITY.append("".join(map(chr, range(_BMP))))
    return _IDENTITY[0]


class BmpMap:
    """A map of BMP characters to one character each (``changes``: the characters that change) applied to a whole
    text; every other character, and every one past the BMP, is kept: ``text.translate(table)`` for the table
    list of every BMP code point's image."""

    __slots__ = ("_joined", "_table", "changes")

    def __init__(self, changes: dict[str, str]):
        for k, v in changes.items():
            if type(k) is not str or type(v) is not str or len(k) != 1 or len(v) != 1 or ord(k) >= _BMP:
                raise ValueError(f"a BmpMap maps one BMP character to one character, not {k!r} → {v!r}")
        self.changes = changes
        self._joined: str | None = None
        self._table: list[str] | None = None

    def table(self) -> list[str]:
        """Every BMP code point's image, indexed by code point (for ``str.translate``)."""
        if self._table is None:
            table = list(_identity())
            for k, v in self.changes.items():
                table[ord(k)] = v
            self._table = table
        return self._table

    def joined(self) -> str:
        """The table as one string of 65536 characters (what the compiled map reads)."""
        if self._joined is None:
            ident = _identity()
            parts: list[str] = []
            pos = 0
            for cp, v in sorted((ord(k), v) for k, v in self.changes.items()):
                parts += [ident[pos:cp], v]
                pos = cp + 1
            parts.append(ident[pos:])
            self._joined = "".join(parts)
        return self._joined

    def apply(self, text: str) -> str:
        if COMPILED:
            return _speedups.map_bmp(text, self._joined or self.joined())
        return text.translate(self._table or self.table())
