"""The per-document functions everything else calls: bytes → parsed Document → records.

``parse_bytes`` reads, decodes, normalizes, structures and reads metadata; ``extract_document`` runs
the spaCy pipeline's extractors. ``process_bytes`` does both and returns the contract dict, which is
what batch workers call (it is a plain top-level function, so process pools and Dask can ship it).
"""
from __future__ import annotations

import dataclasses
import gc
import re
from contextlib import contextmanager
from pathlib import Path

from policytext.errors import EmptyInputError, InputError
from policytext.records import Document, Link, Metadata
from policytext.shape import YEAR

MAX_BYTES = 50_000_000
# above this many characters (spaCy's own default max_length) the extractors run on the text without a spaCy Doc
SPACY_DOC_CHARS = 1_000_000
_PAGE_DATE = re.compile(r"(" + YEAR + r")[-/.年](\d{1,2})[-/.月](\d{1,2})")


def doc_id_of(data: bytes) -> str:
    import hashlib  # (its OpenSSL binding costs ~3 ms of start-up; ``policytext parse`` prints no doc_id)

    return hashlib.sha256(data).hexdigest()[:16]


def _page_date(removed: list[str]) -> str | None:
    """Posting date from removed page chrome (时间: / 发布时间: lines): published, never issued."""
    from policytext.normalize.convert import t2s

    # one call for all: no dictionary key holds NUL, and no description operator (⿰) may take it as operand
    joined = "\0".join(removed)
    if removed and joined.count("\0") == len(removed) - 1 and not re.search("[\u2ff0-\u2fff]", joined):
        removed = t2s(joined)[0].split("\0")
    else:
        removed = [t2s(x)[0] for x in removed]
    for i, line in enumerate(removed):
        if re.search(r"(?:时间|日期|發布|发布)", line) and not _PAGE_DATE.search(line) and i + 1 < len(removed):
            line = line + removed[i + 1]  # "发表时间：" on one line, the timestamp on the next
        bare = re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+[\d:]+)?\s*", line)  # a page's date line
        if bare or re.search(r"(?:时间|日期|發布|发布)", line):
            m = _PAGE_DATE.search(line)
            if m:
                y, mo, d = (int(x) for x in m.groups())
                if 1 <= mo <= 12 and 1 <= d <= 31:
                    return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


@contextmanager
def _gc_paused():
    """The cyclic garbage collector paused while a document is parsed: parsing makes tens of thousands of small
    acyclic objects (repairs, paragraphs, sentences), and each collection they trigger walks every live object
    (~20% of the parse time of a large file). Reference counting still frees everything; the collector resumes
    (if it was running) when the parse ends."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_bytes(data: bytes, source: str, *, max_bytes: int = MAX_BYTES, charset: str | None = None,
                ocr=True, ocr_images: bool = False) -> Document:
    """Read, decode, normalize and structure one document. Raises a PolicytextError on bad input.
    ``charset``: the HTTP Content-Type charset, when the bytes came from the web (tried first for HTML).
    ``ocr``: OCR scanned PDF pages (True, False = CLI ``--no-ocr``, or a read.ocr.OcrOptions); ``ocr_images``:
    read image files of text by OCR (CLI ``--ocr-images``) instead of refusing them."""
    with _gc_paused():
        return _parse_bytes(data, source, max_bytes=max_bytes, charset=charset, ocr=ocr, ocr_images=ocr_images)


def _blank(s: str | bytes) -> bool:
    """``not s.strip()``, without the stripped copy of a long text (isspace stops at the first other character)."""
    return not s or s.isspace()


def _parse_bytes(data: bytes, source: str, *, max_bytes: int, charset: str | None, ocr,
                 ocr_images: bool) -> Document:
    from policytext.normalize import normalize
    from policytext.read import read_bytes

    if _blank(data):
        raise EmptyInputError("empty file", source=source)
    raw = read_bytes(data, source, max_bytes=max_bytes, charset=charset, ocr=ocr, ocr_images=ocr_images)
    links = (raw.hints or {}).get("links") or []  # a page whose body is only attachments or images is a document
    if _blank(raw.text) and not links:
        raise EmptyInputError(f"no text found in this {raw.format} file", source=source)
    norm = normalize(raw.text)
    if _blank(norm.text) and not links:
        raise InputError("nothing left after removing page boilerplate", source=source)
    hints = dict(raw.hints or {})
    reader_removed = [t for _, t in hints.get("removed", [])]
    hints["removed"] = reader_removed + norm.removed

    # what the normalized text alone does not need is computed when first read (Document.defer), with the
    # collector paused as the parse itself
    def metadata(_) -> dict:
        from policytext.metadata import extract_metadata

        with _gc_paused():
            meta = extract_metadata(norm.text, hints=hints, html_meta=raw.meta)
            if meta.published_date is None:
                page = _page_date(hints["removed"])
                if page:
                    meta = dataclasses.replace(meta, published_date=page)
        return {"metadata": meta}

    def structure(_) -> dict:
        from policytext.structure import analyse

        with _gc_paused():
            struct = analyse(norm.text)
        return {"paragraphs": struct.paragraphs, "sections": struct.sections, "sentences": struct.sentences}

    def repairs(_) -> dict:
        with _gc_paused():
            if hints.get("ocr"):  # OCR'd pages → "ocr" repairs, low-confidence words → damaged spans (read/ocr.py)
                from policytext.read.ocr import ocr_marks

                found, damaged = ocr_marks(hints["ocr"], norm)
            else:
                found, damaged = norm.repairs, norm.damaged
        return {"repairs": found, "damaged": damaged}

    def tables(doc: Document) -> dict:
        from policytext.extractors.tables import tables_of

        with _gc_paused():
            return {"tables": tables_of(doc)}  # tab-separated rows the reader wrote → Table/Cell structure on doc.text

    def doc_id(_) -> dict:
        return {"doc_id": doc_id_of(data)}

    doc = Document(
        doc_id="", source=source, format=raw.format, encoding=raw.encoding, script=norm.script,
        text=norm.text, raw_text=raw.text, metadata=None, offsets=norm.chain, links=[Link(**x) for x in links],
    )
    doc.defer({"doc_id": doc_id, "metadata": metadata, "paragraphs": structure, "sections": structure, "sentences": structure,
               "repairs": repairs, "damaged": repairs, "tables": tables})
    return doc


def parse_path(path: str | Path, *, max_bytes: int = MAX_BYTES, ocr=True, ocr_images: bool = False) -> Document:
    """Parse a file from disk: a regular file only (a FIFO or device is refused before anything is read), at
    most ``max_bytes`` of it (``read.read_file``)."""
    from policytext.read import read_file

    return parse_bytes(read_file(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes, ocr=ocr,
                       ocr_images=ocr_images)


_TITLE_YEAR = re.compile(r"(?<!\d)(" + YEAR + r")(?!\d)\s*(?:年|—|-|–|至)")


def _doc_year(meta: Metadata) -> int | None:
    """The year the policy was written: its issued date, else the first year its title names (2025年生态环境保护工作
    会议, …三年行动方案（2025—2027年）: the year it speaks from). Never the page's posting date, which can be years
    later (a 2017 plan re-posted in 2023 would turn its targets into past results)."""
    d = meta.issued_date
    if d and d[:4].isdigit():
        return int(d[:4])
    m = _TITLE_YEAR.search(meta.title or "")
    return int(m.group(1)) if m else None


_NLP = None


def default_pipeline():
    global _NLP
    if _NLP is None:
        from policytext.nlp import load_pipeline

        _NLP = load_pipeline()
    return _NLP


def extract_document(doc: Document, nlp=None) -> Document:
    """Run the extraction components over ``doc.text``; fills targets / mechanisms / deadlines."""
    nlp = nlp or default_pipeline()
    from policytext.extractors.components import RecordsComponent
    from policytext.extractors.context import TextContext

    year = _doc_year(doc.metadata)
    # the context every extractor reads (sentences, headings, genre, year), built once, with structure's sections
    ctx = TextContext(doc.text, year, title=doc.metadata.title, sections=list(doc.sections or []))
    published = doc.metadata.published_date or ""
    if year is None and published[:4].isdigit() and (ctx.genre == "report" or re.search(r"解读|问答", doc.metadata.title or "")):
        # a news item, report or 政策解读 states no date of its own: it speaks from the day it was posted (a
        # policy never does: a plan re-posted years later keeps its targets)
        year = ctx.doc_year = int(published[:4])
    found: dict[str, list] = {}
    if len(doc.text) > SPACY_DOC_CHARS and all(isinstance(p, RecordsComponent) for _, p in nlp.pipeline):
        # a long text: the extractors read the text itself; a spaCy Doc (one token object per character) would
        # cost about 75 MB per MB of text for spans the records do not need (same records)
        for _, proc in nlp.pipeline:
            found[proc.key] = proc.records(doc.text, year, ctx)
    else:
        sdoc = nlp.make_doc(doc.text)
        sdoc._.doc_year = year
        sdoc._.context = ctx
        for _, proc in nlp.pipeline:
            sdoc = proc(sdoc)
        found = {k: getattr(sdoc._, k) for k in ("targets", "mechanisms", "deadlines")}

    def flag(records):
        out = []
        for r in records or []:
            if doc.is_damaged(r.start, r.end) and hasattr(r, "damaged") and not r.damaged:
                r = dataclasses.replace(r, damaged=True)
            out.append(r)
        return out

    from policytext.extractors.tables import merge_table_targets

    # inside an indicator table (基期值/目标值/属性 columns), the table's own rows replace what the text rules read
    # from its flattened cells
    doc.targets = merge_table_targets(doc, flag(found.get("targets")), genre=ctx.genre)
    doc.mechanisms = flag(found.get("mechanisms"))
    doc.deadlines = flag(found.get("deadlines"))
    return doc


def extract_bytes(data: bytes, source: str, nlp=None, *, charset: str | None = None, ocr=True,
                  ocr_images: bool = False) -> Document:
    return extract_document(parse_bytes(data, source, charset=charset, ocr=ocr, ocr_images=ocr_images), nlp)


def process_bytes(data: bytes, source: str, *, charset: str | None = None, ocr=True,
                  ocr_images: bool = False) -> dict:
    """parse + extract → the record dict of the contract in docs/CONTRACTS.md (with ``text``, the normalized text).
    ``functools.partial(process_bytes, ocr=False)`` is the batch function of ``--no-ocr`` (it pickles)."""
    doc = extract_bytes(data, source, charset=charset, ocr=ocr, ocr_images=ocr_images)
    return doc.to_dict(records=True, structure=False, text=True)
