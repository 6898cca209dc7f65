"""PDF reader (pdfplumber): text lines with positions → running headers/footers and page numbers dropped,
wrapped lines re-joined into paragraphs (across page breaks too), CJK joined without spaces.

A line wraps into the next one when it reaches the right margin, does not end a sentence (。！？；：),
and the next line is neither indented nor starts with a heading marker (一、（一）1. 第X条 …). When the
document indents its paragraphs, a full-width line that happens to end with 。 also continues into an
unindented next line.
"""
from __future__ import annotations

import re
from collections import Counter
from io import BytesIO
from statistics import median

from policytext.errors import CorruptFileError, ScannedPDFError, TooLargeError
from policytext.read import RawDocument

__all__ = ["PAGE_NUMBER", "read_pdf"]

MAX_PAGES = 5000
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~\s]*\d{1,4}[-—–－~\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|[-—–－]?\s*[·•]?\s*\d{1,4}\s*[·•]?\s*[-—–－]?)$")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)]|"
    r"第[一二三四五六七八九十百零〇\d]+[章节条部分篇]|附件|附表|[①-⑳]|[A-Z][.、])")
_SENT_END = re.compile(r"[。！？!?；;：:…][”’」』）)]?$")
_SPACE_IN_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")
_DIGITS = re.compile(r"\d+")


def _meta_str(v) -> str:
    if isinstance(v, bytes):
        if v.startswith((b"\xfe\xff", b"\xff\xfe")):
            return v.decode("utf-16", "replace")
        return v.decode("utf-8", "replace") if not v.isascii() else v.decode("ascii")
    return str(v)


def _open(data: bytes, name: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(BytesIO(data))
    except PDFPasswordIncorrect:
        raise CorruptFileError("encrypted PDF: a password is needed to read it", source=name) from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types on malformed files
        if any(isinstance(a, PDFPasswordIncorrect) for a in exc.args) or "password" in repr(exc).lower():
            raise CorruptFileError("encrypted PDF: a password is needed to read it", source=name) from None
        raise CorruptFileError(f"corrupt or truncated PDF ({type(exc).__name__})", source=name) from None


def _page_lines(page) -> list[dict]:
    out = []
    boxes, rows = _table_rows(page)
    for ln in page.extract_text_lines(return_chars=False, strip=True):
        if any(x0 <= (ln["x0"] + ln["x1"]) / 2 <= x1 and top <= (ln["top"] + ln["bottom"]) / 2 <= bottom
               for x0, top, x1, bottom in boxes):
            continue  # inside a ruled table: its rows come from the table finder
        text = _SPACE_IN_CJK.sub("", ln["text"]).strip()
        if text:
            out.append({"text": text, "x0": ln["x0"], "x1": ln["x1"], "top": ln["top"], "bottom": ln["bottom"]})
    out.extend(rows)
    out.sort(key=lambda d: (round(d["top"]), d["x0"]))
    return out


def _table_rows(page) -> tuple[list[tuple], list[dict]]:
    """Ruled tables (pdfplumber's table finder): their boxes, and one line per row with cells joined by a tab
    (marked ``table`` so that paragraph joining leaves them alone), as the HTML and docx readers write them."""
    if not (page.lines or page.rects):
        return [], []
    boxes, rows = [], []
    for table in page.find_tables():
        cells = table.extract()
        if len(cells) < 2 or max((len(r) for r in cells), default=0) < 2:
            continue
        boxes.append(table.bbox)
        for row, bbox in zip(cells, [r.bbox for r in table.rows], strict=False):
            texts = [_SPACE_IN_CJK.sub("", c.replace("\n", "")).strip() for c in row if c is not None]
            if any(texts):
                rows.append({"text": "\t".join(texts), "x0": bbox[0], "x1": bbox[2], "top": bbox[1],
                             "bottom": bbox[3], "table": True})
    return boxes, rows


def _zones(lines: list[dict], height: float) -> tuple[list[int], list[int]]:
    top = [i for i, ln in enumerate(lines[:2]) if ln["top"] < 0.15 * height]
    n = len(lines)
    bottom = [i for i in range(max(0, n - 2), n) if lines[i]["bottom"] > 0.85 * height and i not in top]
    return top, bottom


def _strip_running(pages: list[tuple[float, float, list[dict]]], removed: list) -> list[list[dict]]:
    keys: Counter = Counter()
    for _, h, lines in pages:
        top, bottom = _zones(lines, h)
        seen = {(_DIGITS.sub("#", lines[i]["text"]).replace(" ", ""), i in top) for i in top + bottom}
        keys.update(seen)
    n = len(pages)
    running = {k for k, c in keys.items() if n >= 2 and c >= max(2, 0.5 * n)}
    result = []
    for _, h, lines in pages:
        top, bottom = _zones(lines, h)
        drop = set()
        for i in top + bottom:
            text = lines[i]["text"]
            if PAGE_NUMBER.match(text.strip()):
                drop.add(i)
                removed.append(("page_number", text))
            elif (_DIGITS.sub("#", text).replace(" ", ""), i in top) in running:
                drop.add(i)
                removed.append(("header" if i in top else "footer", text))
        result.append([ln for i, ln in enumerate(lines) if i not in drop])
    return result


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def _paragraphs(pages: list[list[dict]]) -> tuple[list[str], list[str]]:
    lines = [ln for page in pages for ln in page]
    if not lines:
        return [], []
    sizes = [ln["bottom"] - ln["top"] for ln in lines if ln["bottom"] > ln["top"]]
    char = median(sizes) if sizes else 10.0
    margin = Counter(round(ln["x0"]) for ln in lines).most_common(1)[0][0]
    x1s = sorted(ln["x1"] for ln in lines)
    right = x1s[int(0.9 * (len(x1s) - 1))]
    indented = [ln["x0"] >= margin + 0.8 * char for ln in lines]
    uses_indent = sum(1 for ln in lines if abs(ln["x0"] - (margin + 2 * char)) <= 0.6 * char) >= 2
    paras: list[str] = []
    headings: list[str] = []
    cur = ""
    for i, ln in enumerate(lines):
        text = ln["text"]
        if not cur:
            cur = text
        else:
            cur = _join(cur, text)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None:
            break
        full = ln["x1"] >= right - 1.5 * char
        next_new = indented[i + 1] or bool(_HEADING.match(nxt["text"]))
        ends = bool(_SENT_END.search(text))
        cont = full and not next_new and (not ends or (uses_indent and not indented[i + 1]))
        cont = cont and not ln.get("table") and not nxt.get("table")  # table rows stay one per line
        if not cont:
            if _HEADING.match(cur) and len(cur) <= 40 and "。" not in cur[:-1]:
                headings.append(cur)
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return paras, headings


def read_pdf(data: bytes, name: str = "", *, max_bytes: int = 50_000_000, ocr=True) -> RawDocument:
    """Body text of a PDF; pages without a text layer but with an image are OCR'd (read/ocr.py; ``ocr``: True,
    False or an OcrOptions). ScannedPDFError when no page gives text, CorruptFileError if unreadable."""
    src = name or None
    pdf = _open(data, src)
    try:
        try:
            n = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001
            raise CorruptFileError(f"corrupt or truncated PDF ({type(exc).__name__})", source=src) from None
        if n == 0:
            raise CorruptFileError("PDF has no pages", source=src)
        if n > MAX_PAGES:
            raise TooLargeError(f"PDF has {n} pages, over the {MAX_PAGES}-page limit", source=src)
        meta = {}
        try:
            for key in ("Title", "Author", "CreationDate", "Subject", "Keywords"):
                v = (pdf.metadata or {}).get(key)
                if v not in (None, "", b""):
                    meta[key] = _meta_str(v).strip()
        except Exception:  # noqa: BLE001 - broken metadata never stops reading the text
            meta = {}
        pages = []
        from policytext.read.ocr import ocr_wanted

        scans: list[tuple] = []  # scanned pages (an image, no text layer but stamps): (index, scan dpi)
        try:
            for page in pdf.pages:
                pages.append((page.width, page.height, _page_lines(page)))
                dpi = ocr_wanted(page, pages[-1][2]) if page.images else 0
                if dpi:
                    scans.append((len(pages) - 1, dpi))
                page.flush_cache()
        except CorruptFileError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise CorruptFileError(f"corrupt PDF page ({type(exc).__name__})", source=src) from None
    finally:
        pdf.close()
    scanned = None
    if scans:  # OCR hook (read/ocr.py): scanned pages get lines with positions like a text layer's
        from policytext.read.ocr import ocr_lines, ocr_pdf_pages

        scanned = ocr_pdf_pages(data, scans, ocr, src)
        for index, page in scanned.pages.items():
            pages[index] = (pages[index][0], pages[index][1], ocr_lines(page))
    if not any(lines for _, _, lines in pages):
        why = f" ({scanned.reason})" if scanned is not None and scanned.reason else ""
        raise ScannedPDFError(f"no text layer on any of its {n} pages and no text from OCR{why}", source=src)
    removed: list = []
    kept = _strip_running(pages, removed)
    paras, headings = _paragraphs(kept)
    hints = {"pages": n, "removed": removed, "headings": headings,
             "title_lines": [p for p in paras[:1] if len(p) <= 80]}
    if scanned is not None:
        hints["ocr"] = scanned.locate("\n".join(paras))
    total = sum(len(p) for p in paras)
    if total > max_bytes:
        raise TooLargeError(f"PDF text is {total} characters, over the limit", source=src)
    return RawDocument(text="\n".join(paras), format="pdf", encoding=None, meta=meta, hints=hints)
