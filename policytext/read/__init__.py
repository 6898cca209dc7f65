"""Readers: bytes → :class:`RawDocument` (decoded text + the file's own metadata + layout hints).

Format comes from the file extension (.txt .text .htm .html .shtml .xhtml .pdf .docx), else from sniffing the
bytes (``%PDF``, a zip holding ``word/document.xml``, an OLE2 .doc/.wps (read/legacy.py, via LibreOffice),
``<html`` / ``<!doctype``, otherwise decodable text only when the name has no extension). Every failure is a :mod:`policytext.errors` class naming the file.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from policytext.errors import EmptyInputError, InputError, TooLargeError, UnsupportedTypeError
from policytext.read.encoding import decode_text
from policytext.read.sniff import starts_like_html

__all__ = ["FORMATS", "RawDocument", "decode_text", "detect_format", "read_bytes", "read_file", "read_path"]

MAX_BYTES = 50_000_000
FORMATS = ("txt", "html", "pdf", "docx", "doc", "wps")
_EXT = {
    ".txt": "txt", ".text": "txt", ".htm": "html", ".html": "html", ".shtml": "html", ".xhtml": "html",
    # dynamic-page URLs saved as files (fetch, WARC records)
    ".jsp": "html", ".asp": "html", ".aspx": "html", ".php": "html", ".do": "html", ".action": "html",
    ".pdf": "pdf", ".docx": "docx",
}
_CONVERT = {
    ".ofd": "OFD file is not supported; export it to PDF first",
    ".xls": "Excel (.xls) file is not supported; policy text readers take .txt .html .pdf .docx",
    ".ppt": "PowerPoint (.ppt) file is not supported; convert it to PDF first",
}
# comments, then <!doctype html> or one of these tags (read/sniff.py: one pass, no backtracking)
_HTML_TAGS = (b"html", b"head", b"meta", b"title", b"body", b"script")


def _html_start(head: bytes) -> bool:
    """``head`` opens like an HTML page: optional BOM, whitespace and ``<!-- -->`` comments, then an HTML tag."""
    return starts_like_html(head, _HTML_TAGS)


@dataclass
class RawDocument:
    """What a reader returns. ``text`` is the body; ``meta`` fields read from the file; ``hints`` layout notes.

    hints keys (all optional): ``title_lines`` list[str]; ``removed`` list[(kind, text)] of dropped chrome;
    ``pages`` int; ``headings`` list[str]; ``container`` (html: how the body was found); ``replaced`` int
    (U+FFFD count after a lossy decode); ``tables`` int; ``links`` list[dict] (html: the page's attachment and
    image links, ``kind``/``url``/``text``/``ext``; a page with links and no text is read, with empty text).
    """

    text: str
    format: str
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    hints: dict = field(default_factory=dict)


def _is_docx_zip(data: bytes) -> bool:
    import zipfile  # only for zip files: a text or HTML read does not pay for the import
    from io import BytesIO

    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _sniff(data: bytes) -> str | None:
    """Format from the bytes alone: strong magic numbers first, then an HTML start."""
    if data[:1024].lstrip().startswith(b"%PDF") or data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx_zip(data) else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if _html_start(data[:4096]):
        return "html"
    return None


def detect_format(data: bytes, name: str = "") -> str:
    """``txt`` | ``html`` | ``pdf`` | ``docx`` | ``doc`` | ``wps``: magic bytes (PDF, docx zip, OLE2 → doc/wps,
    RTF named .doc/.wps/.rtf → doc) beat a wrong extension, then the extension, then an HTML start; a file without
    extension is text. Else UnsupportedTypeError."""
    src = name or None
    suffix = Path(name).suffix.lower() if name else ""
    if len(suffix) > 8 or not suffix[1:].isalnum():
        suffix = ""  # "政府工作报告(2026.1.25)" or a URL tail is not an extension
    if suffix in _CONVERT:
        raise UnsupportedTypeError(_CONVERT[suffix], source=src)
    sniffed = _sniff(data)
    if sniffed in ("pdf", "docx"):
        return sniffed
    if sniffed == "ole":  # Word 97-2003 .doc / Kingsoft .wps (read/legacy.py tells them from .xls/.ppt)
        return "wps" if suffix == ".wps" else "doc"
    if sniffed == "zip":
        if _EXT.get(suffix) == "docx":
            return "docx"  # the docx reader says what is wrong with the container
        raise UnsupportedTypeError("zip archive that is not a .docx (no word/document.xml)", source=src)
    if data[:5] == b"{\\rtf" and suffix in ("", ".doc", ".wps", ".rtf"):
        return "doc"  # a "Word" attachment saved as RTF: LibreOffice reads it like a .doc (read/legacy.py)
    if suffix in _EXT:
        return _EXT[suffix]
    if suffix in (".doc", ".wps") and sniffed != "html":
        raise UnsupportedTypeError(f"{suffix} file that is not an OLE2 (Word 97-2003 / WPS) container; "
                                   "convert it to .docx (or PDF) first", source=src)
    if sniffed == "html":
        return "html"
    if not suffix:
        return "txt"
    raise UnsupportedTypeError(f"unsupported file type {suffix!r} (readers: .txt .html .pdf .docx)", source=src)


def read_bytes(data: bytes, name: str, *, max_bytes: int = MAX_BYTES, charset: str | None = None,
               ocr=True, ocr_images: bool = False) -> RawDocument:
    """Read one document from bytes. ``name`` (a file name or path) picks the format and labels errors;
    ``charset`` (an HTTP Content-Type charset) is tried first for HTML; ``ocr`` (True, False or a
    read.ocr.OcrOptions) says whether PDF pages without a text layer are OCR'd; ``ocr_images`` reads image
    files (PNG, JPEG, GIF, TIFF, BMP) of text by OCR instead of refusing them."""
    if len(data) > max_bytes:
        raise TooLargeError(f"input is {len(data)} bytes, over the {max_bytes}-byte limit", source=name)
    if not data.strip():
        raise EmptyInputError("empty file (no bytes or only whitespace)", source=name)
    if ocr_images:  # images of text, on request (read/ocr.py)
        from policytext.read.ocr import image_kind, read_image

        if image_kind(data):
            return read_image(data, name, ocr)
    fmt = detect_format(data, name)
    if fmt == "txt":
        from policytext.read.text import read_text

        doc = read_text(data, name)
    elif fmt == "html":
        from policytext.read.html import read_html

        doc = read_html(data, name, charset=charset)
    elif fmt in ("doc", "wps"):
        from policytext.read.legacy import read_legacy

        doc = read_legacy(data, name, max_bytes=max_bytes)
    elif fmt == "pdf":
        from policytext.read.pdf import read_pdf

        doc = read_pdf(data, name, max_bytes=max_bytes, ocr=ocr)
    else:
        from policytext.read.docx import read_docx

        doc = read_docx(data, name, max_bytes=max_bytes)
    if not doc.text.strip() and not doc.hints.get("links"):  # a page of only attachment/image links is kept
        raise EmptyInputError(f"no text found in this {fmt} file", source=name)
    return doc


def read_file(path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` of them. A device (``/dev/zero``), FIFO or socket is an
    InputError before anything is read (opened without blocking, checked again on the open descriptor), and a
    file that grows past the cap while being read is a TooLargeError: nothing reads without bound."""
    src = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise InputError("is a directory, not a file", source=src) from None
    except FileNotFoundError:
        raise InputError("no such file", source=src) from None
    except PermissionError:
        raise InputError("permission denied", source=src) from None
    except OSError as exc:  # ENXIO: a FIFO without writer, a socket
        raise InputError(f"cannot open ({exc.strerror or type(exc).__name__})", source=src) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, not a file", source=src)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                    else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
            raise InputError(f"is {kind}, not a regular file", source=src)
        if st.st_size > max_bytes:
            raise TooLargeError(f"file is {st.st_size} bytes, over the {max_bytes}-byte limit", source=src)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise TooLargeError(f"file grew past the {max_bytes}-byte limit while being read", source=src)
        return b"".join(chunks)
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(exc.strerror or type(exc).__name__, source=src) from None
    finally:
        os.close(fd)


def read_path(path, *, max_bytes: int = MAX_BYTES, ocr=True, ocr_images: bool = False) -> RawDocument:
    """Read a file from disk: a regular file only, its size checked before reading (see :func:`read_file`)."""
    return read_bytes(read_file(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes, ocr=ocr,
                      ocr_images=ocr_images)
