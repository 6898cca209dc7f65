"""DOCX reader: body paragraphs and tables in document order; headers/footers left out.

``word/document.xml`` is read by streaming ``iterparse``: each body-level paragraph or table is turned into
lines when it ends and then dropped, so memory stays flat, and more than MAX_ELEMENTS XML elements is a
TooLargeError (a 400 KB file can hold millions of empty paragraphs). The text follows python-docx's rules:
a paragraph is its runs and hyperlink runs (``w:t``; ``w:tab``/``w:ptab`` → tab; ``w:br``/``w:cr`` → newline;
``w:noBreakHyphen`` → ``-``). Table rows become lines with cells joined by ``\\t`` (a merged cell that spans
columns is written once; a vertically merged cell repeats its first row's text). Paragraphs whose style is a
heading (Heading N / 标题 N / Title) are listed in ``hints["headings"]``.
"""
from __future__ import annotations

import posixpath
import zipfile
from io import BytesIO

from lxml import etree

from policytext.errors import CorruptFileError, TooLargeError
from policytext.read import RawDocument

__all__ = ["MAX_ELEMENTS", "read_docx"]

MAX_ELEMENTS = 3_000_000  # XML elements in word/document.xml (a 1000-page report has well under a million)
_SMALL_PART = 10_000_000  # styles.xml, core.xml and relationship parts are read whole up to this size
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_P, _TBL, _BODY, _R, _HYPERLINK = _W + "p", _W + "tbl", _W + "body", _W + "r", _W + "hyperlink"
_TR, _TC, _VAL = _W + "tr", _W + "tc", _W + "val"
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_PARSER = {"resolve_entities": False, "no_network": True, "huge_tree": False}


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


def _small_xml(zf: zipfile.ZipFile, name: str):
    """A small part parsed whole (None when missing, too big or broken: it only names styles and metadata)."""
    try:
        info = zf.getinfo(name)
        if info.file_size > _SMALL_PART:
            return None
        return etree.fromstring(zf.read(name), etree.XMLParser(**_PARSER))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError):
        return None


def _rel_target(zf: zipfile.ZipFile, rels: str, base: str, rel_type: str, default: str) -> str:
    root = _small_xml(zf, rels)
    if root is not None:
        for rel in root.iter(_R_NS + "Relationship"):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External" and rel.get("Target"):
                target = rel.get("Target")
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(base, target))
    return default


def _styles(zf: zipfile.ZipFile) -> tuple[dict[str, str], str]:
    """``({paragraph styleId: name}, default paragraph style name)`` (python-docx's lookup: an unknown id or a
    style of another type falls back to the last default paragraph style)."""
    root = _small_xml(zf, _rel_target(zf, "word/_rels/document.xml.rels", "word", _STYLES_REL, "word/styles.xml"))
    names: dict[str, str] = {}
    default = ""
    if root is None:
        return names, default
    for st in root.iterchildren(_W + "style"):
        name_el = st.find(_W + "name")
        name = (name_el.get(_VAL) if name_el is not None else None) or ""
        sid = st.get(_W + "styleId")
        if sid is not None and sid not in names:
            names[sid] = name if st.get(_W + "type") == "paragraph" else None
        if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true", "on"):
            default = name
    return names, default


def _core(zf: zipfile.ZipFile) -> dict[str, str]:
    from docx.oxml.coreprops import CT_CoreProperties
    from docx.oxml.parser import parse_xml

    name = _rel_target(zf, "_rels/.rels", "", _CORE_REL, "docProps/core.xml")
    try:
        info = zf.getinfo(name)
        if info.file_size > _SMALL_PART:
            return {}
        cp = parse_xml(zf.read(name))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError):
        return {}
    if not isinstance(cp, CT_CoreProperties):
        return {}
    meta = {}
    for key, attr in (("title", "title_text"), ("author", "author_text"), ("created", "created_datetime")):
        try:
            value = getattr(cp, attr)
        except (ValueError, TypeError):
            continue
        if value:
            meta[key] = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    return meta


def _count_tags(zf: zipfile.ZipFile, name: str) -> int:
    """About how many elements a part holds (start and empty-element tags), counted on the inflating stream
    in C (``bytes.count``) before any parsing: a cheap first check of the element cap."""
    n = 0
    last = b""
    with zf.open(name) as fp:
        while chunk := fp.read(1 << 20):
            n += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
            if last == b"<" and chunk[:1] in (b"/", b"?", b"!"):
                n -= 1
            last = chunk[-1:]
    return n


def _run_text(r) -> str:
    out = []
    for e in r:
        tag = e.tag
        if tag == _W + "t":
            out.append(e.text or "")
        elif tag == _W + "br":
            out.append("\n" if e.get(_W + "type", "textWrapping") == "textWrapping" else "")
        elif tag in _RUN_TEXT:
            out.append(_RUN_TEXT[tag])
    return "".join(out)


def _para_text(p) -> str:
    out = []
    for child in p:
        if child.tag == _R:
            out.append(_run_text(child))
        elif child.tag == _HYPERLINK:
            out.extend(_run_text(r) for r in child if r.tag == _R)
    return "".join(out)


def _para_style(p, styles: tuple[dict[str, str], str]) -> str:
    ppr = p.find(_W + "pPr")
    ps = ppr.find(_W + "pStyle") if ppr is not None else None
    sid = ps.get(_VAL) if ps is not None else None
    name = styles[0].get(sid) if sid else None
    return styles[1] if name is None else name


def _int_val(el, path: str, default: int) -> int:
    found = el.find(path)
    try:
        return int(found.get(_VAL)) if found is not None else default
    except (TypeError, ValueError):
        return default


def _cell_text(tc) -> str:
    return " ".join(t for t in (_para_text(p).strip() for p in tc.iterchildren(_P)) if t)


def _table_lines(tbl, depth: int = 0) -> list[str]:
    lines = []
    above: dict[int, object] = {}  # grid offset → the cell (tc) holding the content, in the row above
    for tr in tbl.iterchildren(_TR):
        cells, seen = [], set()
        here: dict[int, object] = {}
        offset = _int_val(tr, f"{_W}trPr/{_W}gridBefore", 0)
        for tc in tr.iterchildren(_TC):
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            root = tc
            if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
                root = above.get(offset, tc)  # the first row of a vertical merge holds its text
            here[offset] = root
            offset += max(1, _int_val(tc, f"{_W}tcPr/{_W}gridSpan", 1))
            if id(root) in seen:
                continue
            seen.add(id(root))
            cells.append(_cell_text(root))
            if depth < 3:
                for inner in root.iterchildren(_TBL):
                    lines.extend(_table_lines(inner, depth + 1))
        above = here
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def read_docx(data: bytes, name: str = "", *, max_bytes: int = 50_000_000) -> RawDocument:
    """Paragraphs (and table rows) of the document body, one per line."""
    src = name or None
    _check_zip(data, src, max_bytes)
    lines: list[str] = []
    headings: list[str] = []
    tables = 0
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            styles = _styles(zf)
            meta = _core(zf)
            if _count_tags(zf, "word/document.xml") > MAX_ELEMENTS:
                raise TooLargeError(f".docx body has more than {MAX_ELEMENTS} XML elements", source=src)
            with zf.open("word/document.xml") as fp:
                body = None
                count = 0
                for _, el in etree.iterparse(fp, events=("end",), **_PARSER):
                    count += 1
                    if count > MAX_ELEMENTS:
                        raise TooLargeError(f".docx body has more than {MAX_ELEMENTS} XML elements", source=src)
                    tag = el.tag
                    if tag != _P and tag != _TBL:
                        if body is not None and not count & 0xFFFF:
                            while len(body) > 1:  # finished body-level elements that are neither p nor tbl
                                del body[0]
                        continue
                    parent = el.getparent()
                    if parent is None or parent.tag != _BODY:
                        continue  # a paragraph or table inside a table: read with its table
                    body = parent
                    if tag == _P:
                        text = _para_text(el).strip()
                        if text:
                            lines.append(text)
                            if _para_style(el, styles).lower().startswith(("heading", "title", "标题")):
                                headings.append(text)
                    else:
                        tables += 1
                        lines.extend(_table_lines(el))
                    el.clear()
                    while el.getprevious() is not None:
                        del body[0]
    except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as exc:
        if isinstance(exc, TooLargeError):
            raise
        raise CorruptFileError(f"corrupt .docx ({type(exc).__name__})", source=src) from None
    hints = {"headings": headings, "tables": tables, "title_lines": headings[:1]}
    return RawDocument(text="\n".join(lines), format="docx", encoding=None, meta=meta, hints=hints)
