"""DOCX reader (python-docx): body paragraphs and tables in document order; headers/footers left out.

Table rows become lines with cells joined by ``\\t`` (a merged cell that python-docx repeats across the
columns it spans is written once). Paragraphs whose style is a heading (Heading N / 标题 N / Title) are
listed in ``hints["headings"]``.
"""
from __future__ import annotations

import zipfile
from io import BytesIO

from policytext.errors import CorruptFileError, TooLargeError
from policytext.read import RawDocument

__all__ = ["read_docx"]

_INFLATE_RATIO = 200  # a zip bomb guard: document.xml may inflate to at most this many times the file size


def _check_zip(data: bytes, src: str | None, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = zf.namelist()
            if "word/document.xml" not in names:
                raise CorruptFileError("zip archive is not a Word document (no word/document.xml)", source=src)
            size = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise CorruptFileError("corrupt or truncated .docx (not a readable zip archive)", source=src) from None
    if size > max(max_bytes, 1) or size > _INFLATE_RATIO * max(len(data), 1024):
        raise TooLargeError(f".docx inflates to {size} bytes, over the size limit", source=src)


def _cell_text(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _table_lines(table, depth: int = 0) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
            if depth < 3:
                for inner in cell.tables:
                    lines.extend(_table_lines(inner, depth + 1))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def read_docx(data: bytes, name: str = "", *, max_bytes: int = 50_000_000) -> RawDocument:
    """Paragraphs (and table rows) of the document body, one per line."""
    src = name or None
    _check_zip(data, src, max_bytes)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError/ValueError/XMLSyntaxError on damage
        raise CorruptFileError(f"corrupt .docx ({type(exc).__name__})", source=src) from None
    lines: list[str] = []
    headings: list[str] = []
    tables = 0
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(block, document)
            text = para.text.strip()
            if not text:
                continue
            lines.append(text)
            style = (para.style.name if para.style is not None else "") or ""
            if style.lower().startswith(("heading", "title", "标题")):
                headings.append(text)
        elif tag == "tbl":
            tables += 1
            lines.extend(_table_lines(Table(block, document)))
    meta = {}
    cp = document.core_properties
    for key, value in (("title", cp.title), ("author", cp.author), ("created", cp.created)):
        if value:
            meta[key] = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    hints = {"headings": headings, "tables": tables, "title_lines": headings[:1]}
    return RawDocument(text="\n".join(lines), format="docx", encoding=None, meta=meta, hints=hints)
