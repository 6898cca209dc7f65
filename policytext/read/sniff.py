"""Telling an HTML page from its first bytes, in one linear pass (shared by the readers and the fetcher)."""
from __future__ import annotations

__all__ = ["HTML_START_TAGS", "starts_like_html"]

HTML_START_TAGS = (b"html", b"head", b"meta", b"title", b"body")  # what may open a page after comments
_SPACE = b" \t\n\r\f\v"  # what ``\s`` is in a bytes pattern
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_MAX_COMMENT = 2000  # a comment longer than this before the first tag: not taken as an HTML start


def starts_like_html(data: bytes, tags: tuple[bytes, ...] = HTML_START_TAGS) -> bool:
    """Whether ``data`` opens like an HTML page: an optional UTF-8 BOM, white space and ``<!-- … -->`` comments
    (each at most 2,000 bytes, ending at its first ``-->``), then ``<!doctype html`` or ``<TAG`` for one of
    ``tags`` (lower-case bytes), case-insensitive and followed by a non-word byte or the end.

    Plain byte scanning, one pass (linear in the length of ``data``): a pattern with a bounded lazy repeat inside
    a starred group backtracks exponentially over a run of comments that is not followed by a tag."""
    i = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    n = len(data)
    while True:
        while i < n and data[i] in _SPACE:
            i += 1
        if not data.startswith(b"<!--", i):
            break
        end = data.find(b"-->", i + 4, i + 4 + _MAX_COMMENT + 3)
        if end < 0:
            return False
        i = end + 3
    if not data.startswith(b"<", i):
        return False
    i += 1

    def word_at(j: int, word: bytes) -> int:
        """The index after ``word`` at ``j`` (ASCII case-insensitive) when a non-word byte or the end follows, else -1."""
        k = j + len(word)
        if data[j:k].lower() != word or (k < n and data[k] in _WORD):
            return -1
        return k

    if data.startswith(b"!", i):
        j = word_at(i + 1, b"doctype")
        if j < 0 or j >= n or data[j] not in _SPACE:
            return False
        while j < n and data[j] in _SPACE:
            j += 1
        return word_at(j, b"html") >= 0
    return any(word_at(i, t) >= 0 for t in tags)
