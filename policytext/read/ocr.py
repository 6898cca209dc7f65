"""OCR of PDF pages without a text layer (scans), with Tesseract's ``chi_sim`` model.

Pages are rendered one at a time with pypdfium2 (a pdfplumber dependency) to a grayscale bitmap, deskewed, sent as
PGM to the ``tesseract`` program (Debian packages ``tesseract-ocr`` and ``tesseract-ocr-chi-sim``) in its own
process with a time limit, and its TSV output (words with boxes and confidences) becomes text lines with
positions in PDF points — the same line records the PDF reader builds from a text layer, so running headers,
page numbers and wrapped lines are handled alike for scanned and born-digital pages (a mixed PDF is read
page by page).

Caps: at most ``max_pages`` pages are OCR'd and OCR stops when ``time_budget`` seconds have passed; a capped
result says which pages were left unread. What was OCR'd is reported in ``RawDocument.hints["ocr"]`` with
raw-text offsets: one entry per page (mean word confidence) and the words under ``low_confidence``.
:func:`ocr_marks` turns that into ``Repair(kind="ocr")`` records and ``DamagedSpan`` records on the normalized
text, so extraction records quoting a low-confidence passage are flagged ``damaged`` like any other.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["DEBIAN_PACKAGES", "IMAGE_MAGIC", "OcrOptions", "OcrResult", "image_kind", "ocr_available", "ocr_image",
           "ocr_lines", "ocr_marks", "ocr_pdf_pages", "ocr_wanted", "read_image", "skew_angle"]

DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim"


@dataclass(frozen=True)
class OcrOptions:
    """How scanned pages are OCR'd. ``enabled=False`` (CLI ``--no-ocr``) leaves them unread."""

    enabled: bool = True
    lang: str = "chi_sim"
    dpi: int = 300               # render resolution; 300 dpi is what Tesseract is tuned for
    max_pages: int = 100         # pages OCR'd per document, at most
    time_budget: float = 600.0   # seconds of OCR per document, at most
    page_timeout: float = 120.0  # seconds for one page
    low_confidence: float = 60.0  # words under this Tesseract confidence (0-100) are flagged as damaged
    psm: int = 6                 # Tesseract page segmentation: 6 = one block of text (3, automatic, lost whole lines)
    max_pixels: int = 40_000_000  # a page rendered larger than this is rendered at a lower dpi


def options_of(ocr) -> OcrOptions:
    """``True``/``None`` → defaults, ``False`` → disabled, an :class:`OcrOptions` as is."""
    if isinstance(ocr, OcrOptions):
        return ocr
    return OcrOptions(enabled=ocr is None or bool(ocr))


@lru_cache(maxsize=4)
def _languages(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(x.strip() for x in out.splitlines()[1:] if x.strip())


def ocr_available(lang: str = "chi_sim") -> str | None:
    """None when OCR can run, else a one-line reason naming the Debian packages to install."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"the tesseract program is not installed (apt-get install {DEBIAN_PACKAGES})"
    if lang not in _languages(exe):
        return f"the tesseract {lang} model is not installed (apt-get install {DEBIAN_PACKAGES})"
    return None


@dataclass
class OcrLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float
    low: list[tuple[int, int, float]] = field(default_factory=list)  # (start, end, conf) within text


@dataclass
class OcrPage:
    lines: list[OcrLine]
    confidence: float  # character-weighted mean word confidence, 0-100
    seconds: float


# Chinese text sets its punctuation full width; an ASCII mark that OCR reads between or after CJK characters
# is the full-width one (同意:现 → 同意：现). Digits on both sides keep it (1:1, 3,000).
_FULL_PUNCT = {":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}


def _cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"


def _fix_punct(text: str) -> str:
    if not any(c in _FULL_PUNCT for c in text):
        return text
    out = list(text)
    for i, c in enumerate(text):
        if c in _FULL_PUNCT:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if (before and _cjk(before)) and (not after or _cjk(after) or after in "“‘"):
                out[i] = _FULL_PUNCT[c]
    return "".join(out)


def _is_word_char(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _parse_tsv(tsv: str, scale: float, low: float) -> OcrPage:
    groups: dict[tuple, list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        groups.setdefault(key, []).append(row)
    lines: list[OcrLine] = []
    total = weight = 0.0
    for key in groups:  # tesseract's reading order
        words = sorted(groups[key], key=lambda r: int(r["left"]))
        text, spans, confs = "", [], []
        for w in words:
            t = w["text"].strip()
            if text and _is_word_char(text[-1]) and _is_word_char(t[0]):
                text += " "
            conf = max(0.0, float(w["conf"]))
            spans.append((len(text), len(text) + len(t), conf))
            text += t
            confs.append((conf, len(t)))
        n = sum(k for _, k in confs)
        mean = sum(c * k for c, k in confs) / n if n else 0.0
        total += mean * n
        weight += n
        x0 = min(int(w["left"]) for w in words)
        x1 = max(int(w["left"]) + int(w["width"]) for w in words)
        top = min(int(w["top"]) for w in words)
        bottom = max(int(w["top"]) + int(w["height"]) for w in words)
        merged: list[tuple[int, int, float]] = []
        for s, e, c in spans:
            if c >= low:
                continue
            if merged and s - merged[-1][1] <= 1:
                ps, _, pc = merged[-1]
                merged[-1] = (ps, e, min(pc, c))
            else:
                merged.append((s, e, c))
        lines.append(OcrLine(text=text, x0=x0 / scale, x1=x1 / scale, top=top / scale, bottom=bottom / scale,
                             conf=mean, low=merged))
    lines = _merge_fragments(lines)
    for ln in lines:
        ln.text = _fix_punct(ln.text)  # same length: the low-confidence spans stay put
    return OcrPage(lines=lines, confidence=total / weight if weight else 0.0, seconds=0.0)


def _merge_fragments(lines: list[OcrLine]) -> list[OcrLine]:
    """Visual rows, top to bottom: Tesseract may cut one printed line into pieces in different blocks (a
    two-column reading order for a one-column page). On the deskewed page, pieces that overlap vertically by
    more than half their height form one row, joined left to right."""
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda x: (x.top, x.x0)):
        row = rows[-1] if rows else None
        if row is not None:
            top, bottom = min(x.top for x in row), max(x.bottom for x in row)
            overlap = min(bottom, ln.bottom) - max(top, ln.top)
            height = min(bottom - top, ln.bottom - ln.top)
            if height > 0 and overlap > 0.5 * height:
                row.append(ln)
                continue
        rows.append([ln])
    out: list[OcrLine] = []
    for row in rows:
        row.sort(key=lambda x: x.x0)
        cur = row[0]
        for ln in row[1:]:
            sep = " " if _is_word_char(cur.text[-1]) and _is_word_char(ln.text[0]) else ""
            shift = len(cur.text) + len(sep)
            n = len(cur.text) + len(ln.text)
            conf = (cur.conf * len(cur.text) + ln.conf * len(ln.text)) / n if n else 0.0
            cur = OcrLine(text=cur.text + sep + ln.text, x0=cur.x0, x1=max(cur.x1, ln.x1), top=min(cur.top, ln.top),
                          bottom=max(cur.bottom, ln.bottom), conf=conf,
                          low=cur.low + [(s + shift, e + shift, c) for s, e, c in ln.low])
        out.append(cur)
    return out


def skew_angle(image, *, max_angle: float = 3.0, step: float = 0.1) -> float:
    """Rotation (degrees, PIL's counter-clockwise sense) that makes the text lines of a page image level:
    the angle whose row projection of dark pixels is sharpest (largest sum of squares), on a ~1000 px wide
    copy, searched in ``step`` degrees up to ``max_angle`` either way."""
    import numpy as np
    from PIL import Image

    small = image.convert("L")
    if small.width > 1000:
        small = small.resize((1000, max(1, round(small.height * 1000 / small.width))), Image.BILINEAR)
    a = np.asarray(small, dtype=np.uint8)
    ink = a < min(128, int(a.mean()) - 40)
    ys, xs = np.nonzero(ink)
    if len(ys) < 50:
        return 0.0
    cx, cy = a.shape[1] // 2, a.shape[0] // 2  # integers: a .5 centre would pair rows at angle 0 when rounding
    best, best_score = 0.0, -1.0
    for k in range(-round(max_angle / step), round(max_angle / step) + 1):
        t = np.deg2rad(k * step)
        rows = np.round((ys - cy) * np.cos(t) - (xs - cx) * np.sin(t)).astype(np.int64)
        hist = np.bincount(rows - rows.min()).astype(np.float64)
        score = float(np.dot(hist, hist))  # sum of squares: peaks when each text line falls in few rows
        if score > best_score:
            best, best_score = k * step, score
    return best


def ocr_image(image, *, lang: str = "chi_sim", timeout: float = 120.0, scale: float = 1.0,
              low_confidence: float = 60.0, psm: int = 6) -> OcrPage:
    """OCR one PIL image with the tesseract program; boxes are divided by ``scale`` (pixels per PDF point).
    Raises ``TimeoutError`` when tesseract runs over ``timeout`` and ``RuntimeError`` when it fails."""
    angle = skew_angle(image)
    if abs(angle) >= 0.2:
        image = image.convert("L").rotate(angle, resample=2, expand=False, fillcolor=255)  # 2: bilinear
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PPM")  # uncompressed PGM: PNG-encoding a noisy scan takes seconds
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LANG": "C.UTF-8"}
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "tsv"],
                              input=buf.getvalue(), capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"tesseract ran over {timeout:g} s on one page") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed: {msg[-1] if msg else proc.returncode}")
    page = _parse_tsv(proc.stdout.decode("utf-8", "replace"), scale, low_confidence)
    page.seconds = time.perf_counter() - t0
    return page


@dataclass
class OcrResult:
    """What OCR did for one PDF: ``pages`` (0-based index → OcrPage), pages left unread and why."""

    pages: dict[int, OcrPage] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)
    reason: str | None = None  # why pages were skipped (cap, time, tool missing, disabled)
    engine: str = "tesseract"

    def locate(self, text: str) -> dict:
        """``hints["ocr"]``: raw-text spans of each OCR'd page (found in reading order) and of its
        low-confidence words."""
        pages, low = [], []
        pos = 0
        for index in sorted(self.pages):
            page = self.pages[index]
            start = end = None
            for ln in page.lines:
                at = text.find(ln.text, pos)
                if at < 0 or not ln.text:
                    continue  # a line dropped as a running header or page number
                start = at if start is None else start
                end = pos = at + len(ln.text)
                low.extend((at + s, at + e, round(c, 1), index + 1) for s, e, c in ln.low)
            if start is not None:
                pages.append({"page": index + 1, "start": start, "end": end,
                              "confidence": round(page.confidence, 1), "seconds": round(page.seconds, 2)})
        return {"engine": self.engine, "pages": pages, "low_confidence": low,
                "skipped": [i + 1 for i in self.skipped], "reason": self.reason}


STAMP_CHARS = 40  # a scan may carry a few characters of real text: a page number, a "仅供参考" watermark


def ocr_wanted(page, lines: list[dict]) -> float:
    """The scan resolution (dpi) of a pdfplumber page that is a scan, else 0. A scan: images cover at least
    half of the page and its text layer (if any) is only a stamp of a few characters; such a page is OCR'd and
    its OCR lines replace the stamp. The resolution is the largest image's pixels per inch on the page (0.0
    becomes 1 when unknown): rendering a 150 dpi scan at 300 dpi blows its noise up and ruins OCR."""
    if sum(len(ln["text"]) for ln in lines) >= STAMP_CHARS:
        return 0.0
    area = max(1.0, float(page.width) * float(page.height))
    covered, best, dpi = 0.0, 0.0, 1.0
    for im in page.images:
        w = max(0.0, min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0))
        h = max(0.0, min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0))
        covered += w * h
        src = im.get("srcsize") or (0, 0)
        if w * h > best and w > 0 and src[0]:
            best, dpi = w * h, float(src[0]) / ((float(im["x1"]) - float(im["x0"])) / 72)
    return dpi if covered >= 0.5 * area else 0.0


def ocr_lines(page: OcrPage) -> list[dict]:
    """An OCR'd page as the PDF reader's line records (text and box in PDF points)."""
    return [{"text": ln.text, "x0": ln.x0, "x1": ln.x1, "top": ln.top, "bottom": ln.bottom}
            for ln in page.lines if ln.text.strip()]


def _render(pdf, index: int, opts: OcrOptions, native: float = 0.0):
    page = pdf[index]
    try:
        w, h = page.get_size()
        dpi = opts.dpi if native <= 1 else max(100, min(opts.dpi, round(native)))
        if (w * dpi / 72) * (h * dpi / 72) > opts.max_pixels:
            dpi = int(72 * (opts.max_pixels / (w * h)) ** 0.5)
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        try:
            return bitmap.to_pil(), dpi / 72
        finally:
            bitmap.close()
    finally:
        page.close()


def ocr_pdf_pages(data: bytes, scans: list, options, src: str | None = None) -> OcrResult:
    """OCR the pages ``scans`` of the PDF ``data`` within the page and time caps: 0-based page indices, or
    (index, scan dpi) pairs as :func:`ocr_wanted` measures them (pages are rendered at the scan's resolution,
    at most ``options.dpi``)."""
    opts = options_of(options)
    native = {s[0]: s[1] for s in scans if isinstance(s, tuple)}
    indices = [s[0] if isinstance(s, tuple) else s for s in scans]
    result = OcrResult(engine=f"tesseract {opts.lang}")
    if not indices:
        return result
    if not opts.enabled:
        result.skipped, result.reason = list(indices), "OCR turned off (--no-ocr)"
        return result
    missing = ocr_available(opts.lang)
    if missing:
        result.skipped, result.reason = list(indices), missing
        return result
    import pypdfium2 as pdfium

    deadline = time.monotonic() + opts.time_budget
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - pdfium may refuse a file pdfminer could parse
        result.skipped, result.reason = list(indices), f"pdfium cannot open the file ({type(exc).__name__})"
        return result
    try:
        for k, index in enumerate(indices):
            left = deadline - time.monotonic()
            if k >= opts.max_pages or left <= 0:
                result.skipped.extend(indices[k:])
                result.reason = (f"OCR page cap of {opts.max_pages} pages reached" if k >= opts.max_pages
                                 else f"OCR time cap of {opts.time_budget:g} s reached")
                break
            try:
                image, scale = _render(pdf, index, opts, native.get(index, 0.0))
            except Exception as exc:  # noqa: BLE001 - pdfium raises its own error on a broken page
                result.skipped.append(index)
                result.reason = f"page {index + 1} could not be rendered ({type(exc).__name__})"
                continue
            try:
                result.pages[index] = ocr_image(image, lang=opts.lang, timeout=min(opts.page_timeout, left),
                                                scale=scale, low_confidence=opts.low_confidence, psm=opts.psm)
            except TimeoutError:
                if left <= opts.page_timeout:  # the document's budget ran out during this page
                    result.skipped.extend(indices[k:])
                    result.reason = f"OCR time cap of {opts.time_budget:g} s reached"
                    break
                result.skipped.append(index)
                result.reason = f"OCR of page {index + 1} took over {opts.page_timeout:g} s"
            except RuntimeError as exc:  # tesseract failed on this page: the other pages still count
                result.skipped.append(index)
                result.reason = f"page {index + 1}: {exc}"
            finally:
                image.close()
    finally:
        pdf.close()
    return result


def ocr_marks(info: dict, norm) -> tuple[list, list]:
    """``hints["ocr"]`` (raw offsets) → (repairs, damaged) on the normalized text of ``norm`` (a
    NormalizedText), merged with and sorted like ``norm.repairs`` / ``norm.damaged``.

    Each OCR'd page is a ``Repair(kind="ocr")`` whose span is the page's text (``before`` is empty: the page
    had no text layer) and whose ``detail`` gives the page number and mean confidence; pages left unread
    (caps, OCR off) are a zero-length ``ocr`` repair at the end of the text saying so. Each low-confidence
    passage is a ``DamagedSpan`` (reason ``ocr low confidence``)."""
    from policytext.records import DamagedSpan, Repair

    text = norm.text
    repairs, damaged = list(norm.repairs), list(norm.damaged)
    for p in info.get("pages", []):
        s, e = norm.chain.to_normalized(p["start"], p["end"])
        repairs.append(Repair(kind="ocr", start=s, end=e, raw_start=p["start"], raw_end=p["end"], before="",
                              after=text[s:e], detail=f"OCR ({info.get('engine', 'tesseract')}) of page "
                              f"{p['page']}, mean confidence {p['confidence']:g}"))
    for rs, re_, conf, page in info.get("low_confidence", []):
        s, e = norm.chain.to_normalized(rs, re_)
        if e > s:
            damaged.append(DamagedSpan(start=s, end=e, raw_start=rs, raw_end=re_, text=text[s:e],
                                       reason=f"ocr low confidence {conf:g} (page {page})"))
    if info.get("skipped"):
        pages = info["skipped"]
        shown = ", ".join(str(x) for x in pages[:10]) + (f" … ({len(pages)} pages)" if len(pages) > 10 else "")
        n, raw_n = len(text), len(norm.raw)
        repairs.append(Repair(kind="ocr", start=n, end=n, raw_start=raw_n, raw_end=raw_n, before="", after="",
                              detail=f"scanned pages not read: {shown}; {info.get('reason') or 'OCR capped'}"))
    repairs.sort(key=lambda r: (r.start, r.raw_start))
    damaged.sort(key=lambda d: (d.start, d.end))
    return repairs, damaged


IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
               (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"BM", "bmp"))


def image_kind(data: bytes) -> str | None:
    """``png`` | ``jpeg`` | ``gif`` | ``tiff`` | ``bmp`` from the magic bytes, else None."""
    for magic, kind in IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def read_image(data: bytes, name: str = "", options=True):
    """An image of text (a notice posted as a JPG, a faxed TIFF) read by OCR: every frame a page, lines
    joined into paragraphs by the PDF reader's rules. Used when the user asks for it (``ocr_images``)."""
    from PIL import Image, UnidentifiedImageError

    from policytext.errors import CorruptFileError, ScannedPDFError, TooLargeError
    from policytext.read import RawDocument
    from policytext.read.pdf import _paragraphs, _strip_running

    src = name or None
    opts = options_of(options)
    missing = ocr_available(opts.lang) if opts.enabled else "OCR turned off (--no-ocr)"
    if missing:
        raise ScannedPDFError(f"image of text not read: {missing}", source=src)
    try:
        img = Image.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CorruptFileError(f"unreadable image ({type(exc).__name__})", source=src) from None
    result = OcrResult(engine=f"tesseract {opts.lang}")
    pages: list[tuple[float, float, list[dict]]] = []
    deadline = time.monotonic() + opts.time_budget
    for k in range(frames):
        left = deadline - time.monotonic()
        if k >= opts.max_pages or left <= 0:
            result.skipped = list(range(k, frames))
            result.reason = "OCR page cap reached" if k >= opts.max_pages else "OCR time cap reached"
            break
        try:
            img.seek(k)
            if img.width * img.height > opts.max_pixels:
                raise TooLargeError(f"image is {img.width}x{img.height} pixels, over the "
                                    f"{opts.max_pixels}-pixel limit", source=src)
            frame = img.convert("L")
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise CorruptFileError(f"unreadable image ({type(exc).__name__})", source=src) from None
        dpi = float((img.info.get("dpi") or (150, 150))[0]) or 150.0
        scale = dpi / 72
        try:
            page = ocr_image(frame, lang=opts.lang, timeout=min(opts.page_timeout, left), scale=scale,
                             low_confidence=opts.low_confidence, psm=opts.psm)
        except (TimeoutError, RuntimeError) as exc:
            result.skipped.append(k)
            result.reason = str(exc)
            continue
        finally:
            frame.close()
        result.pages[k] = page
        pages.append((img.width / scale, img.height / scale, ocr_lines(page)))
    img.close()
    if not any(lines for _, _, lines in pages):
        raise ScannedPDFError("OCR found no text in this image", source=src)
    removed: list = []
    paras, headings = _paragraphs(_strip_running(pages, removed))
    text = "\n".join(paras)
    hints = {"pages": frames, "removed": removed, "headings": headings, "ocr": result.locate(text),
             "title_lines": [p for p in paras[:1] if len(p) <= 80]}
    return RawDocument(text=text, format="image", encoding=None, meta={}, hints=hints)
