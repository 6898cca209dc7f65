"""policytext: Chinese policy documents → clean text, structured records and cross-region comparisons.

    >>> import policytext
    >>> doc = policytext.parse("corpora/seeds/000_a82124905486fb21.txt")   # clean text + metadata
    >>> doc = policytext.extract(doc)                                        # + targets, mechanisms, deadlines
    >>> table = policytext.compare([doc.to_dict(text=True), ...])            # cross-region rows
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# the library never prints; applications configure logging (trafilatura does the same)
logging.getLogger("policytext").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from policytext.records import Document

__all__ = ["__version__", "compare", "extract", "load_pipeline", "parse"]


def parse(source: str | Path | bytes, *, name: str | None = None) -> Document:
    """Parse a file path (or raw bytes with ``name``) into a normalized, structured Document."""
    from policytext.pipeline import parse_bytes, parse_path

    if isinstance(source, bytes):
        return parse_bytes(source, name or "<bytes>")
    return parse_path(source)


def extract(source: str | Path | bytes | Document, *, nlp=None, name: str | None = None) -> Document:
    """Parse (unless given a Document) and extract targets, mechanisms and deadlines."""
    from policytext.pipeline import extract_document
    from policytext.records import Document

    doc = source if isinstance(source, Document) else parse(source, name=name)
    return extract_document(doc, nlp)


def load_pipeline(path: str | Path | None = None):
    """The spaCy pipeline (blank zh + jieba + extraction components)."""
    from policytext.nlp import load_pipeline as _load

    return _load(path)


def compare(records: list[dict], **kwargs) -> dict:
    """Align the records of many documents (dicts with ``text``) side by side."""
    from policytext.compare import compare as _compare

    return _compare(records, **kwargs)
