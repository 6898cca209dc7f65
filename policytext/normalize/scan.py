"""Two per-character passes of the conversion, compiled when the optional extension ``policytext._speedups`` is
built (``pip install`` builds it when a C compiler is there), else in Python (``str.translate`` and ``re``); both
give the same results (tests/test_scan.py).

- :class:`BmpMap`: a one-character-to-one map of the BMP applied to a whole text (characters past it kept);
- :class:`ClassRun`: the positions where a run of character classes occurs (``[A](?=[B][C])`` in re's terms).
"""
from __future__ import annotations

import re

try:
    from policytext import _speedups
except ImportError:  # no compiler when the package was installed: the Python versions
    _speedups = None

#: whether the compiled passes are used (tests set it to False to check the Python versions)
COMPILED = _speedups is not None

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


class BmpMap:
    """A map of every BMP character to one character (``table[cp]``, a list of 65536 one-character strings) applied
    to a whole text; characters past the BMP are kept: ``text.translate(table)``."""

    __slots__ = ("_joined", "table")

    def __init__(self, table: list[str]):
        joined = "".join(table)  # a TypeError for anything but strings
        if len(table) != _BMP or len(joined) != _BMP or min(map(len, table)) != 1:
            raise ValueError("a BmpMap table maps each of the 65536 BMP code points to one character")
        self.table = table
        self._joined = joined

    def apply(self, text: str) -> str:
        if COMPILED:
            return _speedups.map_bmp(text, self._joined)
        return text.translate(self.table)
