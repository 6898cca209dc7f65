"""Plain-text reader: decode (see :mod:`policytext.read.encoding`) and unify line ends."""
from __future__ import annotations

from policytext.errors import DecodeError
from policytext.read import RawDocument
from policytext.read.encoding import decode_text

__all__ = ["read_text"]


def read_text(data: bytes, name: str = "") -> RawDocument:
    """Decoded text with CRLF / CR turned into LF; nothing else is changed (boilerplate is normalize's job)."""
    text, enc = decode_text(data, name)
    if "\x00" in text:
        raise DecodeError("text holds NUL characters (binary data?)", source=name or None)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    hints: dict = {}
    replaced = text.count("\ufffd")
    if replaced:
        hints["replaced"] = replaced
    return RawDocument(text=text, format="txt", encoding=enc, meta={}, hints=hints)
