"""PDF reader (pdfplumber): text lines with positions → running headers/footers and page numbers dropped,
wrapped lines re-joined into paragraphs (across page breaks too), CJK joined without spaces.

A line wraps into the next one when it reaches the right margin, does not end a sentence (。！？；：),
and the next line is neither indented nor starts with a heading marker (一、（一）1. 第X条 …). When the
document indents its paragraphs, a full-width line that happens to end with 。 also continues into an
unindented next line.
"""
from __future__ import annotations

import functools
import re
import threading
import zlib
from collections import Counter
from io import BytesIO
from statistics import median

from policytext.errors import CorruptFileError, ScannedPDFError, TooLargeError
from policytext.read import RawDocument

__all__ = ["PAGE_NUMBER", "read_pdf"]

MAX_PAGES = 5000
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~\s]*\d{1,4}[-—–－~\s]*"
    r"|第\s*\d{1,4}\s*页(?:(?:\s*[,，/、])?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页(?:\s*[,，/、])?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|[-—–－]?\s*(?:[·•]\s*)?\d{1,4}\s*(?:[·•]\s*)?[-—–－]?)$")  # one \s* per gap: no quadratic split
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


# --- decompression counted before inflation -----------------------------------------------------------------
# pdfminer inflates a whole stream at once (a 1 MB stream of zeros becomes 1 GB) and keeps it cached with the
# document; its RunLength decoder builds a list of ints. Its decoders are replaced by capped ones: one stream
# may inflate to STREAM_CAP bytes, all streams of one document together to DOC_CAP; past either the PDF is a
# TooLargeError. Real text PDFs stay far below (an embedded full CJK font is 10-20 MB).
STREAM_CAP = 64_000_000
DOC_CAP = 256_000_000
_budget = threading.local()


class _InflateLimit(Exception):
    """Raised inside pdfminer when a stream passes a cap (turned into TooLargeError by read_pdf)."""


def _charge(n: int) -> None:
    if n > STREAM_CAP:
        raise _InflateLimit(f"a PDF stream inflates to more than {STREAM_CAP} bytes (a decompression bomb?)")
    left = getattr(_budget, "left", None)
    if left is not None:
        _budget.left = left - n
        if _budget.left < 0:
            raise _InflateLimit(f"the PDF's streams inflate to more than {DOC_CAP} bytes in all (a decompression "
                                "bomb?)")


def _inflate(data: bytes, tolerant: bool = False) -> bytes:
    """zlib-inflate at most STREAM_CAP bytes (and what is left of the document's budget), 1 MB at a time.
    ``tolerant``: keep what came out before a damaged or missing end (pdfminer's ``decompress_corrupted``, here
    linear instead of byte by byte); else a damaged or truncated stream is a zlib.error, as zlib.decompress."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    total = 0
    buf = data
    try:
        while buf and not d.eof:
            chunk = d.decompress(buf, 1 << 20)
            out.append(chunk)
            total += len(chunk)
            _charge_partial(total)
            buf = d.unconsumed_tail
        if not d.eof:
            rest = d.flush()
            out.append(rest)
            total += len(rest)
            if not tolerant:
                raise zlib.error("incomplete or truncated stream")
    except zlib.error:
        if not tolerant:
            raise
    _charge(total)
    return b"".join(out)


def _limit_in(exc: BaseException) -> _InflateLimit | None:
    """The _InflateLimit behind ``exc`` (pdfplumber wraps pdfminer's errors in its own exception)."""
    seen = 0
    stack = [exc]
    while stack and seen < 20:
        e = stack.pop()
        seen += 1
        if isinstance(e, _InflateLimit):
            return e
        stack += [a for a in (e.__cause__, e.__context__, *e.args) if isinstance(a, BaseException)]
    return None


def _charge_partial(total: int) -> None:
    left = getattr(_budget, "left", None)
    if total > STREAM_CAP or (left is not None and total > left):
        _charge(total)


class _ZlibShim:
    """What pdfminer.pdftypes sees as ``zlib``: the same module with a capped ``decompress``."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes, *args) -> bytes:
        return _inflate(data)


def _rldecode(data: bytes) -> bytes:
    """RunLength decoding (PDF 1.7 §7.4.5) into a bytearray, capped."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1:i + 2 + length]
            i += 2 + length
        else:
            out += data[i + 1:i + 2] * (257 - length)
            i += 2
        if len(out) > STREAM_CAP:
            _charge(len(out))
    _charge(len(out))
    return bytes(out)


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    total = 0
    for chunk in LZWDecoder(BytesIO(data)).run():
        out.append(chunk)
        total += len(chunk)
        _charge_partial(total)
    _charge(total)
    return b"".join(out)


def _install_caps() -> None:
    from pdfminer import pdftypes

    if getattr(pdftypes, "_policytext_capped", False):
        return
    pdftypes.zlib = _ZlibShim
    pdftypes.decompress_corrupted = lambda data: _inflate(data, tolerant=True)
    pdftypes.rldecode = _rldecode
    pdftypes.lzwdecode = _lzwdecode
    pdftypes._policytext_capped = True


def _open(data: bytes, name: str):
    import pdfplumber

    _install_caps()
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(BytesIO(data))
    except PDFPasswordIncorrect:
        raise CorruptFileError("encrypted PDF: a password is needed to read it", source=name) from None
    except _InflateLimit:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types on malformed files
        if any(isinstance(a, PDFPasswordIncorrect) for a in exc.args) or "password" in repr(exc).lower():
            raise CorruptFileError("encrypted PDF: a password is needed to read it", source=name) from None
        raise CorruptFileError(f"corrupt or truncated PDF ({type(exc).__name__})", source=name) from None


MAX_PAGE_CHARS = 200_000  # characters drawn on one page (a dense page of small print has a few thousand)
MAX_PAGE_PATHS = 20_000  # painted paths kept as objects per page (a ruled table needs a few hundred)
MAX_PAGE_CONTENT = 16_000_000  # bytes of one page's content streams (pdfminer parses about 1 MB/s of operators)


def _text_layout(page) -> None:
    """Lay out ``page`` with a device that keeps at most MAX_PAGE_PATHS painted paths (a map, or a hostile
    stream of millions of drawing operators, is not turned into millions of objects); more than
    MAX_PAGE_CONTENT bytes of operators or MAX_PAGE_CHARS characters on one page stop the reading
    (TooLargeError). pdfplumber then reads its characters (and lines and rects) from this layout."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class _Capped(PDFPageAggregatorWithMarkedContent):
        chars = 0

        paths = 0

        def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
            self.paths += 1
            if self.paths <= MAX_PAGE_PATHS:  # rules of tables and the like; past that, drawings are not kept
                super().paint_path(gstate, stroke, fill, evenodd, path)

        def render_char(self, *args, **kwargs):
            self.chars += 1
            if self.chars > MAX_PAGE_CHARS:
                raise _InflateLimit(f"a PDF page draws more than {MAX_PAGE_CHARS} characters")
            return super().render_char(*args, **kwargs)

    from pdfminer.pdftypes import stream_value

    size = 0
    for ref in page.page_obj.contents:
        size += len(stream_value(ref).get_data())
        if size > MAX_PAGE_CONTENT:
            raise _InflateLimit(f"a PDF page's content streams hold more than {MAX_PAGE_CONTENT} bytes")
    device = _Capped(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _page_lines(page) -> list[dict]:
    _text_layout(page)
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


def _capped(reader):
    """Runs a PDF reader with a fresh inflation budget; a cap passed anywhere inside pdfminer or pdfplumber
    (which wrap errors in their own) comes out as one TooLargeError naming the cap."""
    @functools.wraps(reader)
    def run(data: bytes, name: str = "", **kwargs) -> RawDocument:
        _budget.left = DOC_CAP
        try:
            return reader(data, name, **kwargs)
        except CorruptFileError as exc:
            limit = _limit_in(exc)
            if limit is not None:
                raise TooLargeError(str(limit), source=name or None) from None
            raise
        except _InflateLimit as exc:
            raise TooLargeError(str(exc), source=name or None) from None
        finally:
            _budget.left = None
    return run


@_capped
def read_pdf(data: bytes, name: str = "", *, max_bytes: int = 50_000_000, ocr=True) -> RawDocument:
    """Body text of a PDF; pages without a text layer but with an image are OCR'd (read/ocr.py; ``ocr``: True,
    False or an OcrOptions). ScannedPDFError when no page gives text, CorruptFileError if unreadable."""
    src = name or None
    pdf = _open(data, src)
    try:
        try:
            n = len(pdf.pages)
        except _InflateLimit:
            raise
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
        except (CorruptFileError, _InflateLimit):
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
