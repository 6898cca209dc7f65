"""Polite downloader into WARC: robots.txt, per-host concurrency and delay, retries with backoff, bounded
redirects, a size cap, content-type sniffing, resume.

    summary = fetch(["http://…/a.html", …], "crawl.warc.gz")
    for r in iter_responses("crawl.warc.gz"): ...   # what batch reads back

What goes into the WARC (warcio; gzip when the name ends in ``.gz``): a ``warcinfo`` record when the file is
new, then for every HTTP exchange a ``request`` record (the headers httpx sent) and a ``response`` record (status
line, the server's headers, the body), linked by ``WARC-Concurrent-To``. Every exchange is kept: robots.txt,
each redirect hop, each retried 5xx/429 attempt, 404 pages. The body is stored decoded: each gzip / deflate
``Content-Encoding`` layer is undone while it streams in, with the size cap applied to the output of every
layer (a few KB of ``gzip, gzip`` cannot grow to gigabytes); ``Transfer-Encoding`` and the undone encodings are
dropped (one we cannot undo, e.g. ``br``, stays named) and ``Content-Length`` is the stored length; the
``Content-Type`` header (with the server's charset) is kept as sent. The type found by sniffing the body is in
``WARC-Identified-Payload-Type`` (``application/pdf`` …); a body cut at the size cap carries
``WARC-Truncated: length``.

Reading (``iter_responses``, ``iter_warc``, what ``batch`` uses): a record's HTTP payload is de-chunked and each
Content-Encoding layer undone with the same cap, so third-party WARCs (wget, Heritrix, browsertrix keep gzip
bodies) are read too; a record over the cap is one failed document, the rest of the file is read.

Addresses (:mod:`policytext.netpolicy`): only public unicast addresses are connected to. Loopback, private,
link-local (cloud metadata), multicast, reserved and unspecified ones, in any spelling (``2130706433``,
``::ffff:127.0.0.1``), are refused before a socket opens; a host name is resolved once at connect time, every
address checked, and the connection made to a checked address (DNS rebinding cannot slip in). ``allow_private``
lets the hosts of the URLs given be private — never a host first reached by a redirect. No proxy from the
environment is used.

Resume: before fetching, the existing WARC at the output path (and any ``skip_from`` WARCs) is read; a URL whose
stored response is a complete 2xx, directly or through stored redirects, is skipped; new records are appended
to the same file. A tail left broken by a crash (a partial gzip member) is cut off first.

Attachments (``follow_attachments``): after an HTML page, the files its content block attaches (附件：XX.doc, a
.pdf link; read/links.py finds them, never in menus or 上一篇/下一篇 bars) are fetched when they are on the page's
host, under the same robots.txt, delay, size and address rules, with the page as the request's ``Referer``: the
request record in the WARC says which page each attachment came from (``iter_warc(referers=True)``; batch stores
it as the document's ``parent``). ``follow_images`` adds the page's content images (for ``batch --ocr-images``).

Politeness: robots.txt (RFC 9309: 4xx = no rules, 5xx/unreachable = stay away) for the User-Agent's product
token, incl. its Crawl-delay; at most ``per_host`` (1–2) requests in flight per host, and request starts to one
host at least ``delay`` seconds apart (retries and redirect hops included); hosts are crawled in parallel by
``workers`` threads. Retries: timeouts, connection errors, 429 and 5xx, with exponential backoff
(``backoff * 2**attempt``, capped) or the server's ``Retry-After`` (seconds or HTTP date) when it says more;
other 4xx are final. Every failure is a :class:`Failure` (url, status, reason) in the summary, never raised.
"""
from __future__ import annotations

import email.utils
import re
import threading
import time
import urllib.robotparser
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from policytext import __version__
from policytext.errors import CorruptFileError, InputError, TooLargeError
from policytext.netpolicy import AddressPolicy, AddressRefused, guarded_transport

USER_AGENT = (f"policytext/{__version__} (research crawler for published government policy documents; "
              "obeys robots.txt, one request per host per second)")
RETRYABLE_STATUS = frozenset({429}) | frozenset(range(500, 600))

MIME_PDF = "application/pdf"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_DOC = "application/msword"
MIME_HTML = "text/html"
# the attachments ``follow_attachments`` fetches: what the readers read (read/legacy.py for .doc/.wps)
ATTACHMENT_FETCH_EXTS = frozenset({"pdf", "doc", "docx", "wps"})
_KIND = {MIME_HTML: "html", MIME_PDF: "pdf", MIME_DOCX: "docx", MIME_DOC: "doc", "text/plain": "txt",
         "application/xhtml+xml": "html", "application/vnd.ms-excel": "xls", "application/zip": "zip",
         "application/x-ole-storage": "ole"}
# what may open a page after comments; the sniffing itself is shared with the readers (read/sniff.py)
from policytext.read.sniff import starts_like_html  # noqa: E402

# ---------------------------------------------------------------------------------------------- results


@dataclass
class Fetched:
    """A URL fetched: its final URL after redirects, status, the header's type and the sniffed one."""

    url: str
    final_url: str
    status: int
    content_type: str  # the Content-Type header as sent ("" when missing)
    identified_type: str  # from the bytes when they tell, else from the header
    kind: str  # html | pdf | docx | doc | txt | … | other
    charset: str | None  # from the header, else the page's <meta> (html)
    size: int
    depth: int = 0
    parent: str | None = None  # the page it is an attachment of (--follow-attachments), else None


@dataclass
class Failure:
    url: str
    status: int | None  # the last HTTP status seen, None when there was no response
    reason: str  # one line


@dataclass
class FetchSummary:
    warc: str = ""
    fetched: list[Fetched] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already stored (resume) — not requested again
    failed: list[Failure] = field(default_factory=list)
    requests: int = 0  # HTTP requests made (robots.txt, redirects and retries included)
    notes: list[str] = field(default_factory=list)  # e.g. a broken WARC tail that was cut off
    follow_attachments: bool = False  # the run fetched attachments: counts say how many

    @property
    def ok(self) -> list[str]:
        return [f.url for f in self.fetched]

    def to_dict(self) -> dict:
        counts = {"fetched": len(self.fetched), "skipped": len(self.skipped), "failed": len(self.failed)}
        if self.follow_attachments:
            counts["attachments"] = sum(1 for f in self.fetched if f.parent is not None)
        return {"warc": self.warc, "requests": self.requests, "counts": counts,
                "fetched": [asdict(f) for f in self.fetched], "skipped": list(self.skipped),
                "failed": [asdict(f) for f in self.failed], "notes": list(self.notes)}


# ------------------------------------------------------------------------------------------- sniffing


def charset_of(content_type: str) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, lower-cased, or None."""
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return m.group(1).lower() if m else None


def _ole_type(data: bytes) -> str:
    if "WordDocument".encode("utf-16-le") in data:
        return MIME_DOC
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "application/vnd.ms-excel"
    return "application/x-ole-storage"


def sniff_type(data: bytes, content_type: str = "") -> str:
    """The media type of a response body: magic bytes (PDF, DOCX zip, OLE Word .doc, HTML start) win over the
    header, which servers of these sites often get wrong (``application/octet-stream``, ``text/html`` for a PDF);
    without a telling start the header's type stands, else ``text/plain`` for decodable text."""
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF") or head.find(b"%PDF-") >= 0:
        return MIME_PDF
    if data.startswith(b"PK\x03\x04"):
        # the member name is stored as plain bytes in the zip's headers: a byte search, where listing the
        # archive would build an object per entry (hundreds of MB for a 50 MB zip of empty entries)
        return MIME_DOCX if data.find(b"word/document.xml") >= 0 else "application/zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_type(data)
    if starts_like_html(data[:4096]):
        return MIME_HTML
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared and declared not in ("application/octet-stream", "binary/octet-stream", "application/download",
                                     "application/force-download", "application/x-download"):
        return declared
    if data and b"\x00" not in data[:4096]:
        return "text/plain"
    return "application/octet-stream"


def kind_of(mime: str) -> str:
    return _KIND.get(mime, "other")


# ------------------------------------------------------------------------------- content-encoding, capped

MAX_BYTES = 50_000_000  # the default cap on a body, after every Content-Encoding layer is undone
_PIECE = 1 << 16  # a layer hands on at most this much at a time
_DECODABLE = frozenset({"gzip", "x-gzip", "deflate"})


class BodyDecodingError(CorruptFileError):
    """A body whose Content-Encoding data is damaged (not gzip / deflate as declared)."""


class _Layer:
    """One gzip or deflate layer, undone piece by piece: it never holds more than one piece of output, so a few
    compressed bytes cannot grow into a large buffer (a decompression bomb)."""

    def __init__(self, token: str):
        import zlib

        self.token, self.out = token, 0
        self.head = b""  # deflate: the first bytes, until they tell a zlib stream from raw deflate
        self.retry: bytes | None = None  # deflate that looks like zlib: its input until the first output
        self.z = zlib.decompressobj(zlib.MAX_WBITS | 16) if token in ("gzip", "x-gzip") else None

    def pieces(self, data: bytes) -> Iterator[bytes]:
        import zlib

        if self.z is None:  # deflate: a zlib stream by the RFC, raw deflate from some servers
            self.head += data
            if len(self.head) < 2:
                return
            b0, b1 = self.head[0], self.head[1]
            wrapped = b0 & 0x0F == 8 and (b0 << 8 | b1) % 31 == 0  # the zlib header check
            self.z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self.retry = self.head, (self.head if wrapped else None)
        elif self.retry is not None:
            self.retry = self.retry + data if len(self.retry) < _PIECE else None
        while not self.z.eof:
            try:
                piece = self.z.decompress(data, _PIECE)
            except zlib.error as e:
                if self.retry is not None:  # looked like zlib, was not: raw deflate, from the first byte
                    self.z, data, self.retry = zlib.decompressobj(-zlib.MAX_WBITS), self.retry, None
                    continue
                raise BodyDecodingError(f"damaged {self.token} content encoding ({e})") from None
            if piece:
                self.out += len(piece)
                self.retry = None
                yield piece
            data = self.z.unconsumed_tail
            if not data and len(piece) < _PIECE:
                return  # all input taken and all output given (a full piece may leave more pending)


class CappedDecoder:
    """Undoes the ``Content-Encoding`` layers it can (gzip, x-gzip, deflate, identity; from the last applied
    to the first) while the body streams in, with a cap on the raw bytes and on the output of EACH layer, so
    that ``gzip, gzip`` (a bomb inside a bomb) stops at ``max_bytes`` like a single layer does.

    ``feed(chunk)`` returns the decoded bytes (the body so far stays at most ``max_bytes``); ``cut`` says why
    the body was cut (then feeding stops); ``undone`` is the Content-Encoding that is left on the body (an
    encoding listed before one we cannot undo, e.g. ``br``), "" when the body is fully decoded. ``cut`` reads
    like "over the 50000000-byte limit once its gzip content encoding is undone"."""

    def __init__(self, content_encoding: str, max_bytes: int):
        tokens = [t.strip().lower() for t in (content_encoding or "").split(",")]
        tokens = [t for t in tokens if t and t != "identity"]
        self.layers: list[_Layer] = []
        while tokens and tokens[-1] in _DECODABLE:
            self.layers.append(_Layer(tokens.pop()))
        self.undone = ", ".join(tokens)
        self.max_bytes, self.raw, self.size = max_bytes, 0, 0
        self.cut: str | None = None

    def feed(self, chunk: bytes) -> bytes:
        if self.cut is not None or not chunk:
            return b""
        self.raw += len(chunk)
        if self.raw > self.max_bytes:
            self.cut = f"over the {self.max_bytes}-byte limit"
            chunk = chunk[:len(chunk) - (self.raw - self.max_bytes)]
        out = bytearray()
        try:
            for piece in self._through(0, chunk):
                out += piece
                if self.size + len(out) > self.max_bytes:
                    del out[self.max_bytes - self.size:]
                    self.cut = f"over the {self.max_bytes}-byte limit"
                    break
        except _LayerOver as e:
            self.cut = f"over the {self.max_bytes}-byte limit once its {e.token} content encoding is undone"
        self.size += len(out)
        return bytes(out)

    def _through(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self.layers):
            yield data
            return
        layer = self.layers[i]
        for piece in layer.pieces(data):
            if layer.out > self.max_bytes:
                raise _LayerOver(layer.token)
            yield from self._through(i + 1, piece)


class _LayerOver(Exception):
    def __init__(self, token: str):
        super().__init__(token)
        self.token = token


def decode_capped(chunks: Iterable[bytes], content_encoding: str, max_bytes: int = MAX_BYTES
                  ) -> tuple[bytes, str | None, str]:
    """(body, why it was cut or None, Content-Encoding left undone) of a body arriving in ``chunks`` — see
    :class:`CappedDecoder`; stops reading ``chunks`` at the cut. Raises BodyDecodingError for damaged data."""
    dec = CappedDecoder(content_encoding, max_bytes)
    body = bytearray()
    for chunk in chunks:
        body += dec.feed(chunk)
        if dec.cut is not None:
            break
    return bytes(body), dec.cut, dec.undone


# ------------------------------------------------------------------------------------------ WARC reading


@dataclass
class WarcResponse:
    url: str
    status: int
    content_type: str  # HTTP header
    identified_type: str  # WARC-Identified-Payload-Type, else sniffed now
    charset: str | None
    location: str | None  # absolute redirect target of a 3xx
    truncated: bool
    body: bytes
    offset: int = 0  # of the record in the file (compressed offset for .gz)
    error: str | None = None  # why the body could not be read (over the size cap, damaged encoding); body is b""
    referer: str | None = None  # the Referer of the request that got it (the page of an attachment), when stored

    @property
    def complete_ok(self) -> bool:
        return 200 <= self.status < 300 and not self.truncated and self.error is None


def canonical_url(url: str) -> str:
    """The URL as httpx sends it and the WARC names it (percent-encoded, host lower-case, default port and
    fragment dropped), so that resume and de-duplication compare like with like."""
    try:
        u = httpx.URL(url.strip())
        return str(u.copy_with(fragment=None)) if u.fragment else str(u)
    except (httpx.InvalidURL, TypeError, ValueError):
        return url.strip()


def _is_robots(url: str) -> bool:
    return urlsplit(url).path == "/robots.txt"


class _BrokenRecord(InputError):
    """A record shorter than its Content-Length (a run interrupted while writing it)."""

    def __init__(self, offset: int, source: str | None):
        super().__init__(f"WARC record at offset {offset} is cut short (an interrupted fetch? "
                         "`policytext fetch` on this file again cuts it off)", source=source)
        self.offset = offset


def _gzip_member_complete(path: Path, start: int) -> bool:
    """Whether the gzip member starting at ``start`` runs to its end-of-stream trailer."""
    import zlib

    d = zlib.decompressobj(wbits=31)
    with open(path, "rb") as fp:
        fp.seek(start)
        try:
            while not d.eof:
                chunk = fp.read(1 << 16)
                if not chunk:
                    return False
                d.decompress(chunk, 1 << 20)
                while d.unconsumed_tail and not d.eof:
                    d.decompress(d.unconsumed_tail, 1 << 20)
        except zlib.error:
            return False
    return True


def _record_body(rec, max_bytes: int) -> tuple[bytes, str | None]:
    """The HTTP payload of a WARC response record, de-chunked and with each Content-Encoding layer undone, read
    with a cap: (body, why it is unusable or None). warcio's own ``content_stream()`` undoes one gzip layer
    without a limit (third-party WARCs keep gzip bodies), so the raw stream is read here instead."""
    from warcio.bufferedreaders import ChunkedDataReader

    stream = rec.raw_stream
    if (rec.http_headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        stream = ChunkedDataReader(stream)
    encoding = ", ".join(v for k, v in rec.http_headers.headers if k.lower() == "content-encoding")

    def chunks() -> Iterator[bytes]:
        while True:
            chunk = stream.read(_PIECE)
            if not chunk:
                return
            yield chunk

    try:
        body, cut, _undone = decode_capped(chunks(), encoding, max_bytes)
    except BodyDecodingError as e:
        return b"", str(e)
    return (body, None) if cut is None else (b"", f"body {cut}")


def _read_records(fp, *, bodies: bool, max_bytes: int = MAX_BYTES) -> Iterator[tuple[WarcResponse | None, int]]:
    """(response or None for other record types, end offset of the record) — stops at a broken tail (raises)."""
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(fp)
    referers: dict[str, str] = {}  # record id → Referer of a request record, by its own id and the ids it names
    for rec in it:
        resp = None
        if rec.rec_type == "request" and rec.http_headers is not None:
            ref = (rec.http_headers.get_header("Referer") or "").strip()
            if ref:
                for k, v in rec.rec_headers.headers:
                    if k.lower() in ("warc-record-id", "warc-concurrent-to"):
                        referers[v.strip()] = ref
        if rec.rec_type == "response" and rec.http_headers is not None:
            url = rec.rec_headers.get_header("WARC-Target-URI") or ""
            try:
                status = int(rec.http_headers.get_statuscode() or 0)
            except ValueError:
                status = 0
            ctype = rec.http_headers.get_header("Content-Type") or ""
            body, error = _record_body(rec, max_bytes) if bodies else (b"", None)
            ident = rec.rec_headers.get_header("WARC-Identified-Payload-Type") or (sniff_type(body, ctype) if bodies
                                                                                  else "")
            loc = rec.http_headers.get_header("Location")
            resp = WarcResponse(url=canonical_url(url), status=status, content_type=ctype, identified_type=ident,
                                charset=charset_of(ctype), location=canonical_url(urljoin(url, loc)) if loc else None,
                                truncated=bool(rec.rec_headers.get_header("WARC-Truncated")), body=body,
                                offset=it.get_record_offset(), error=error)
            if referers:  # the request before it (ours, wget's) names it, or it names that request
                ids = [v.strip() for k, v in rec.rec_headers.headers
                       if k.lower() in ("warc-record-id", "warc-concurrent-to")]
                ref = next((referers.pop(i) for i in ids if i in referers), None)
                resp.referer = canonical_url(ref) if ref else None
        start = it.get_record_offset()
        it.read_to_end(rec)
        if getattr(rec.raw_stream, "limit", 0) > 0:
            raise _BrokenRecord(start, getattr(fp, "name", None))
        # an uncompressed record's length leaves out the CRLF CRLF that ends every record
        yield resp, start + it.get_record_length() + (0 if it.reader.decompressor else 4)


def iter_responses(path: str | Path, *, all_responses: bool = False, max_bytes: int = MAX_BYTES
                   ) -> Iterator[WarcResponse]:
    """The documents a WARC holds: complete 2xx responses, robots.txt left out (``all_responses``: every
    response record, redirects, errors, truncated and unusable ones too). A body is read with each
    Content-Encoding layer undone and capped at ``max_bytes``: one over the cap (or damaged) is not complete —
    its ``error`` says why and its body is empty."""
    with open(path, "rb") as fp:
        for resp, _ in _read_records(fp, bodies=True, max_bytes=max_bytes):
            if resp is None:
                continue
            if all_responses or (resp.complete_ok and not _is_robots(resp.url)):
                yield resp


def iter_warc(path: str | Path, *, max_bytes: int = MAX_BYTES, referers: bool = False
              ) -> Iterator[tuple[str, bytes | InputError, str]]:
    """(url, body, Content-Type header) of each document response — what ``batch`` reads. A 2xx response whose
    body is over ``max_bytes`` once decoded, or damaged, comes as (url, an InputError saying why, Content-Type)
    so that it fails alone while the rest of the WARC is read. ``referers``: 4-tuples, with the Referer of the
    response's request record last (the page an attachment was fetched from, ``fetch --follow-attachments``;
    None when the request sent none or is not stored)."""
    with open(path, "rb") as fp:
        for r, _ in _read_records(fp, bodies=True, max_bytes=max_bytes):
            if r is None or _is_robots(r.url) or not 200 <= r.status < 300 or r.truncated:
                continue
            if r.error is not None:
                err = (TooLargeError if r.error.startswith("body over") else CorruptFileError)(
                    f"WARC response record not read: {r.error}")
                yield (r.url, err, r.content_type, r.referer) if referers else (r.url, err, r.content_type)
            else:
                yield (r.url, r.body, r.content_type, r.referer) if referers else (r.url, r.body, r.content_type)


class _Index:
    """URLs with a stored response: complete 2xx ones and redirects, to decide what a re-run skips."""

    def __init__(self) -> None:
        self.ok: dict[str, int] = {}  # url -> offset of its response record
        self.redirect: dict[str, str] = {}
        self.paths: dict[str, Path] = {}

    def add_file(self, path: Path) -> int | None:
        """Index one WARC; the end offset of its last good record when a broken tail follows, else None."""
        good_end, last_start, n = 0, 0, 0
        with open(path, "rb") as fp:
            try:
                for resp, end in _read_records(fp, bodies=False):
                    last_start, good_end, n = good_end, end, n + 1
                    if resp is None or _is_robots(resp.url):
                        continue
                    if resp.complete_ok:
                        self.ok[resp.url] = resp.offset
                        self.paths[resp.url] = path
                        self.redirect.pop(resp.url, None)
                    elif 300 <= resp.status < 400 and resp.location and resp.url not in self.ok:
                        self.redirect[resp.url] = resp.location
            except Exception as e:  # noqa: BLE001 - warcio raises several kinds on a damaged file
                if n == 0:
                    raise InputError(f"not a readable WARC file ({type(e).__name__}: {e})", source=str(path)) from None
                return good_end
        if n and path.name.endswith(".gz") and not _gzip_member_complete(path, last_start):
            self._forget_from(path, last_start)
            return last_start
        return good_end if n and good_end < path.stat().st_size else None

    def _forget_from(self, path: Path, offset: int) -> None:
        for url in [u for u, off in self.ok.items() if self.paths.get(u) == path and off >= offset]:
            del self.ok[url], self.paths[url]

    def final(self, url: str) -> str | None:
        """The stored 2xx URL ``url`` leads to, or None."""
        seen = set()
        while url not in self.ok:
            if url in seen or url not in self.redirect:
                return None
            seen.add(url)
            url = self.redirect[url]
        return url

    def body(self, url: str) -> WarcResponse | None:
        path, off = self.paths.get(url), self.ok.get(url)
        if path is None or off is None:
            return None
        with open(path, "rb") as fp:
            fp.seek(off)
            for resp, _ in _read_records(fp, bodies=True):
                return resp
        return None


# ------------------------------------------------------------------------------------------ fetching


@dataclass
class _Resp:
    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    request_headers: list[tuple[str, str]]
    http_version: str
    body: bytes
    truncated: str | None  # why the body was cut, or None
    content_encoding: str = ""  # the encodings left on the body (ones we cannot undo), "" when decoded

    def header(self, name: str) -> str:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return ""


class _Host:
    def __init__(self, delay: float):
        self.queue: deque[tuple[str, int, str | None]] = deque()  # (url, depth, page it is an attachment of)
        self.active = 0
        self.next_at = 0.0
        self.delay = delay
        self.robots: urllib.robotparser.RobotFileParser | None = None
        self.robots_failure: str | None = None
        self.robots_lock = threading.Lock()


class _Gone(Exception):
    """The URL failed for good: carries the Failure (``refused``: by the address policy, not by the server)."""

    def __init__(self, status: int | None, reason: str, refused: bool = False):
        super().__init__(reason)
        self.status, self.reason, self.refused = status, reason, refused


def _retry_after(value: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _html_links(body: bytes, base: str, charset: str | None) -> list[str]:
    import lxml.html

    from policytext.read.encoding import charset_from_html, normalize_charset

    enc = normalize_charset(charset) or charset_from_html(body) or "utf-8"
    try:
        text = body.decode(enc, "replace")
    except LookupError:
        text = body.decode("utf-8", "replace")
    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except (ValueError, lxml.etree.ParserError):
        return []
    bases = root.xpath("//base/@href")
    base = urljoin(base, bases[0].strip()) if bases else base
    out = []
    for href in root.xpath("//a/@href | //area/@href"):
        href = href.strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        out.append(canonical_url(urljoin(base, href)))
    return out


class _Crawler:
    def __init__(self, warc_path: Path, *, delay: float, per_host: int, workers: int, retries: int, backoff: float,
                 max_backoff: float, max_retry_after: float, timeout: float, max_time: float, max_bytes: int,
                 max_redirects: int, user_agent: str, follow_depth: int, follow_pattern: str | None,
                 index: _Index, progress: Callable[[str, str, str], None] | None, policy: AddressPolicy,
                 follow_attachments: bool = False, follow_images: bool = False):
        self.warc_path, self.delay, self.per_host, self.workers = warc_path, delay, per_host, workers
        self.retries, self.backoff, self.max_backoff, self.max_retry_after = retries, backoff, max_backoff, max_retry_after
        self.timeout, self.max_time, self.max_bytes, self.max_redirects = timeout, max_time, max_bytes, max_redirects
        self.user_agent, self.follow_depth = user_agent, follow_depth
        self.follow_re = re.compile(follow_pattern) if follow_pattern else None
        self.follow_attachments, self.follow_images = follow_attachments, follow_images
        self.index, self.progress = index, progress or (lambda event, url, detail: None)
        self.policy = policy
        self.cond = threading.Condition()
        self.hosts: dict[str, _Host] = {}
        self.pending = 0
        self.seen: set[str] = set()  # queued or done in this run
        self.got: set[str] = set()  # final URLs fetched in this run
        self.summary = FetchSummary(warc=str(warc_path))
        self.write_lock = threading.Lock()

    # --- scheduling -------------------------------------------------------------------------------------
    def _host(self, key: str) -> _Host:
        h = self.hosts.get(key)
        if h is None:
            h = self.hosts[key] = _Host(self.delay)
        return h

    def add(self, url: str, depth: int, parent: str | None = None) -> None:
        """Queue a URL (caller holds ``cond`` or runs before the workers start); ``parent``: the page it is an
        attachment of."""
        if url in self.seen:
            return
        self.seen.add(url)
        if self.index.final(url) is not None:
            self.summary.skipped.append(url)
            self.progress("skipped", url, "already in the WARC")
            follow = depth < self.follow_depth and parent is None
            if follow or (self.follow_attachments and parent is None):
                stored = self.index.body(self.index.final(url))
                if stored is not None and kind_of(stored.identified_type) == "html":
                    if follow:
                        self._follow(stored.url, stored.body, stored.charset, depth)
                    if self.follow_attachments:
                        self._attach(stored.url, stored.body, stored.charset, depth)
            return
        self._host(urlsplit(url).netloc).queue.append((url, depth, parent))
        self.pending += 1

    def _take(self) -> tuple[str, str, int, str | None] | None:
        with self.cond:
            while True:
                if self.pending == 0:
                    self.cond.notify_all()
                    return None
                now = time.monotonic()
                best, best_key = None, None
                for key, h in self.hosts.items():
                    if h.queue and h.active < self.per_host and (best is None or h.next_at < best.next_at):
                        best, best_key = h, key
                if best is None:
                    self.cond.wait()
                elif best.next_at > now:
                    self.cond.wait(best.next_at - now)
                else:
                    url, depth, parent = best.queue.popleft()
                    if url in self.got:  # reached meanwhile as another URL's redirect target
                        self.pending -= 1
                        self.summary.skipped.append(url)
                        continue
                    best.active += 1
                    return best_key, url, depth, parent

    def _done(self, key: str) -> None:
        with self.cond:
            self.hosts[key].active -= 1
            self.pending -= 1
            self.cond.notify_all()

    def _gate(self, key: str) -> None:
        """Wait until a request to host ``key`` may start, then book the next slot ``delay`` later."""
        with self.cond:
            h = self._host(key)
            while True:
                now = time.monotonic()
                if h.next_at <= now:
                    h.next_at = now + h.delay
                    self.summary.requests += 1
                    return
                self.cond.wait(h.next_at - now)

    def _hold_host(self, key: str, seconds: float) -> None:
        with self.cond:
            h = self._host(key)
            h.next_at = max(h.next_at, time.monotonic() + seconds)

    # --- one request ------------------------------------------------------------------------------------
    def _once(self, client: httpx.Client, url: str, referer: str | None = None) -> _Resp:
        start = time.monotonic()
        with client.stream("GET", url, headers={"Referer": referer} if referer else None) as r:
            body = b""
            truncated = None
            undone = ""
            declared = r.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                truncated = f"response of {int(declared)} bytes is over the {self.max_bytes}-byte limit (not stored)"
            else:
                def arriving() -> Iterator[bytes]:
                    for chunk in r.iter_raw():  # the bytes as sent: each Content-Encoding layer is undone capped
                        yield chunk
                        if time.monotonic() - start > self.max_time:
                            raise httpx.ReadTimeout(f"body still arriving after {self.max_time:g} s")

                try:
                    body, cut, undone = decode_capped(arriving(), r.headers.get("Content-Encoding", ""),
                                                      self.max_bytes)
                except BodyDecodingError as e:
                    raise httpx.DecodingError(str(e)) from None
                if cut is not None:
                    truncated = f"response {cut} (cut off there)"
            return _Resp(url=str(r.url), status=r.status_code, reason=r.reason_phrase or "",
                         headers=list(r.headers.multi_items()), request_headers=list(r.request.headers.multi_items()),
                         http_version=r.http_version or "HTTP/1.1", body=body, truncated=truncated,
                         content_encoding=undone)

    def _write(self, resp: _Resp, identified: str | None = None) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        parts = urlsplit(resp.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_http = StatusAndHeaders(f"GET {target} {resp.http_version}", resp.request_headers, is_http_request=True)
        headers = [(k, v) for k, v in resp.headers
                   if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")]
        if resp.content_encoding:
            headers.append(("Content-Encoding", resp.content_encoding))
        headers.append(("Content-Length", str(len(resp.body))))
        http = StatusAndHeaders(f"{resp.status} {resp.reason}".strip(), headers, protocol=resp.http_version)
        extra = {}
        if identified:
            extra["WARC-Identified-Payload-Type"] = identified
        if resp.truncated:
            extra["WARC-Truncated"] = "length"
        with self.write_lock:
            w = self.writer
            rec = w.create_warc_record(resp.url, "response", payload=BytesIO(resp.body), http_headers=http,
                                       warc_headers_dict=extra)
            req = w.create_warc_record(resp.url, "request", http_headers=req_http, warc_headers_dict={
                "WARC-Concurrent-To": rec.rec_headers.get_header("WARC-Record-ID")})
            w.write_record(req)
            w.write_record(rec)
            self.fp.flush()

    def _get(self, client: httpx.Client, url: str, referer: str | None = None) -> _Resp:
        """GET with retries; every response received goes into the WARC (the request record with the Referer
        sent, the page of an attachment). Raises _Gone."""
        key = urlsplit(url).netloc
        status, reason = None, ""
        for attempt in range(self.retries + 1):
            self._gate(key)
            pause = min(self.backoff * 2 ** attempt, self.max_backoff)
            try:
                resp = self._once(client, url, referer)
            except AddressRefused as e:  # the connect-time check: the host resolved to a refused address
                raise _Gone(None, e.message, refused=True) from None
            except httpx.TimeoutException as e:
                status, reason = None, f"timed out ({e})" if str(e) and "timed out" not in str(e) else "timed out"
            except httpx.TransportError as e:
                status, reason = None, f"connection error: {type(e).__name__}: {e}"
                if isinstance(e, httpx.UnsupportedProtocol):
                    raise _Gone(None, reason) from None
            except (httpx.HTTPError, httpx.InvalidURL) as e:  # a malformed URL and the like: not worth retrying
                raise _Gone(None, f"{type(e).__name__}: {e}") from None
            else:
                ident = sniff_type(resp.body, resp.header("Content-Type")) if 200 <= resp.status < 300 else None
                self._write(resp, ident)
                if resp.status not in RETRYABLE_STATUS:
                    return resp
                status, reason = resp.status, f"HTTP {resp.status} {resp.reason}".strip()
                after = _retry_after(resp.header("Retry-After"))
                if after is not None:
                    if after > self.max_retry_after:
                        raise _Gone(status, f"{reason}; Retry-After {after:.0f} s is over the "
                                            f"{self.max_retry_after:g} s limit")
                    pause = max(pause, after)
            if attempt < self.retries:
                self.progress("retry", url, f"{reason}; attempt {attempt + 2} of {self.retries + 1} in {pause:.2g} s")
                self._hold_host(key, pause)
        raise _Gone(status, f"{reason} (after {self.retries + 1} attempts)" if self.retries else reason)

    def _robots(self, client: httpx.Client, url: str) -> urllib.robotparser.RobotFileParser | str:
        """The host's robots rules, or the reason to stay away (robots.txt unreachable)."""
        parts = urlsplit(url)
        h = self._host(parts.netloc)
        with h.robots_lock:
            if h.robots is None and h.robots_failure is None:
                rp = urllib.robotparser.RobotFileParser()
                robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
                try:
                    resp = self._get_redirected(client, robots_url, check_robots=False, limit=5)
                except _Gone as g:
                    if g.refused:
                        h.robots_failure = g.reason  # the address policy, not the site: say so as it is
                    elif g.status is not None and 300 <= g.status < 500:
                        rp.parse([])  # 4xx, or a redirect loop / too many hops: no rules (RFC 9309)
                    else:
                        h.robots_failure = f"robots.txt unreachable ({g.reason}); host skipped"
                else:
                    if 400 <= resp.status < 500 or resp.status >= 300:
                        rp.parse([])  # no robots.txt (or a redirect loop kept short): no rules
                    else:
                        enc = charset_of(resp.header("Content-Type")) or "utf-8"
                        try:
                            rp.parse(resp.body.decode(enc, "replace").splitlines())
                        except LookupError:
                            rp.parse(resp.body.decode("utf-8", "replace").splitlines())
                if h.robots_failure is None:
                    h.robots = rp
                    crawl_delay = rp.crawl_delay(self.user_agent)
                    if crawl_delay and float(crawl_delay) > h.delay:
                        with self.cond:  # the page after robots.txt waits the Crawl-delay too
                            h.delay = float(crawl_delay)
                            h.next_at = max(h.next_at, time.monotonic() + h.delay)
            return h.robots_failure or h.robots

    def _allowed(self, client: httpx.Client, url: str) -> None:
        rules = self._robots(client, url)
        if isinstance(rules, str):
            raise _Gone(None, rules, refused=rules.startswith("refused: "))
        if not rules.can_fetch(self.user_agent, url):
            raise _Gone(None, "disallowed by robots.txt")

    def _get_redirected(self, client: httpx.Client, url: str, *, check_robots: bool = True,
                        limit: int | None = None, referer: str | None = None) -> _Resp:
        limit = self.max_redirects if limit is None else limit
        chain = [url]
        status = None
        while True:
            current = chain[-1]
            try:
                self.policy.check_url(current)  # a literal address in any spelling: refused before any socket
            except AddressRefused as e:
                if len(chain) > 1:
                    raise _Gone(status, f"redirected to {current}: {e.message}", refused=True) from None
                raise _Gone(None, e.message, refused=True) from None
            if check_robots:
                try:
                    self._allowed(client, current)
                except _Gone as g:
                    if len(chain) > 1:
                        raise _Gone(status if g.refused else g.status, f"redirected to {current}: {g.reason}",
                                    refused=g.refused) from None
                    raise
            resp = self._get(client, current, referer)
            status = resp.status
            location = resp.header("Location")
            if not (300 <= resp.status < 400 and location):
                return resp
            nxt = canonical_url(urljoin(current, location.strip()))
            if urlsplit(nxt).scheme not in ("http", "https"):
                raise _Gone(resp.status, f"redirected to a non-http URL {nxt}")
            if nxt in chain:
                loop = " → ".join(chain[chain.index(nxt):] + [nxt])
                raise _Gone(resp.status, f"redirect loop: {loop}")
            if len(chain) > limit:
                raise _Gone(resp.status, f"more than {limit} redirects (last: {nxt})")
            chain.append(nxt)

    # --- one URL ----------------------------------------------------------------------------------------
    def _follow(self, base: str, body: bytes, charset: str | None, depth: int) -> None:
        host = urlsplit(base).netloc
        for link in _html_links(body, base, charset):
            parts = urlsplit(link)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue
            if self.follow_re is not None and not self.follow_re.search(link):
                continue
            self.add(link, depth + 1)

    def _attach(self, page: str, body: bytes, charset: str | None, depth: int) -> None:
        """Queue the attachments of the HTML page ``page`` (caller holds ``cond``)."""
        self._queue_attachments(page, self._attachments(page, body, charset), depth)

    def _attachments(self, page: str, body: bytes, charset: str | None) -> tuple[list[str], list[str]]:
        """(URLs to fetch, URLs on other hosts) of the attachments of the HTML page ``page`` (read/links.py
        ``page_links``, its content block only): .pdf .doc .docx .wps files and 附件-labelled links naming no
        extension, with its images too when ``follow_images``; only those on the page's own host are fetched."""
        from policytext.read.links import IMAGE_EXTS, page_links

        host = urlsplit(page).netloc
        here: list[str] = []
        elsewhere: list[str] = []
        for link in page_links(body, page, charset):
            ext = link.get("ext")
            if link["kind"] == "image":
                if not self.follow_images or (ext is not None and ext not in IMAGE_EXTS):
                    continue
            elif ext is not None and ext not in ATTACHMENT_FETCH_EXTS:
                continue
            url = canonical_url(link["url"])
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                continue
            (here if parts.netloc == host else elsewhere).append(url)
        return here, elsewhere

    def _queue_attachments(self, page: str, found: tuple[list[str], list[str]], depth: int) -> None:
        here, elsewhere = found
        for url in here:
            self.add(url, depth + 1, parent=page)
        if elsewhere:
            self.summary.notes.append(f"{page}: {len(elsewhere)} attachment link(s) on another host not fetched "
                                      f"({', '.join(elsewhere[:3])}{' …' if len(elsewhere) > 3 else ''})")

    def _fail(self, url: str, status: int | None, reason: str) -> None:
        with self.cond:
            self.summary.failed.append(Failure(url, status, reason))
        self.progress("failed", url, reason)

    def _process(self, client: httpx.Client, url: str, depth: int, parent: str | None = None) -> None:
        try:
            resp = self._get_redirected(client, url, referer=parent)
        except _Gone as g:
            self._fail(url, g.status, g.reason)
            return
        if resp.status >= 300:
            self._fail(url, resp.status, f"HTTP {resp.status} {resp.reason}".strip())
            return
        if resp.truncated:
            self._fail(url, resp.status, resp.truncated)
            return
        ctype = resp.header("Content-Type")
        ident = sniff_type(resp.body, ctype)
        kind = kind_of(ident)
        charset = charset_of(ctype)
        if charset is None and kind == "html":
            from policytext.read.encoding import charset_from_html

            charset = charset_from_html(resp.body)
        f = Fetched(url=url, final_url=resp.url, status=resp.status, content_type=ctype, identified_type=ident,
                    kind=kind, charset=charset, size=len(resp.body), depth=depth, parent=parent)
        attached = None
        if kind == "html" and parent is None and self.follow_attachments:  # parsed before taking the lock
            attached = self._attachments(resp.url, resp.body, charset)
        with self.cond:
            self.summary.fetched.append(f)
            self.seen.add(resp.url)
            self.got.add(resp.url)
            if kind == "html" and parent is None:  # an attachment's own links are not followed
                if depth < self.follow_depth:
                    self._follow(resp.url, resp.body, charset, depth)
                if attached is not None:
                    self._queue_attachments(resp.url, attached, depth)
        of = f", attachment of {parent}" if parent else ""
        self.progress("fetched", url, f"{resp.status} {kind} {len(resp.body)} bytes{of}")

    def _worker(self, client: httpx.Client) -> None:
        while True:
            item = self._take()
            if item is None:
                return
            key, url, depth, parent = item
            try:
                self._process(client, url, depth, parent)
            except Exception as e:  # noqa: BLE001 - a bug on one URL must not end the crawl
                self._fail(url, None, f"{type(e).__name__}: {e}")
            finally:
                self._done(key)

    def run(self, seeds: list[str]) -> FetchSummary:
        from warcio.warcwriter import WARCWriter

        for url in seeds:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                if url not in self.seen:
                    self.seen.add(url)
                    self.summary.failed.append(Failure(url, None, "not an http(s) URL"))
                    self.progress("failed", url, "not an http(s) URL")
                continue
            self.policy.add_seed(canonical_url(url))
            self.add(canonical_url(url), 0)
        new = not self.warc_path.exists() or self.warc_path.stat().st_size == 0
        if self.pending == 0 and new:
            return self.summary  # nothing to fetch: do not create an empty WARC
        self.warc_path.parent.mkdir(parents=True, exist_ok=True)
        limits = httpx.Limits(max_connections=self.workers * self.per_host + 2)
        transport = guarded_transport(self.policy, limits=limits)
        with httpx.Client(headers={"User-Agent": self.user_agent}, timeout=self.timeout, follow_redirects=False,
                          transport=transport, trust_env=False) as client, open(self.warc_path, "ab") as fp:
            self.fp = fp
            self.writer = WARCWriter(fp, gzip=self.warc_path.name.endswith(".gz"))
            if new:
                self.writer.write_record(self.writer.create_warcinfo_record(self.warc_path.name, {
                    "software": f"policytext/{__version__} (warcio, httpx {httpx.__version__})",
                    "format": "WARC File Format 1.0", "http-header-user-agent": self.user_agent,
                    "robots": "obey"}))
                fp.flush()
            threads = [threading.Thread(target=self._worker, args=(client,), daemon=True)
                       for _ in range(max(1, self.workers))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return self.summary


def fetch(urls: Iterable[str], warc_path: str | Path, *, delay: float = 1.0, per_host: int = 1, workers: int = 4,
          retries: int = 3, backoff: float = 1.0, max_backoff: float = 60.0, max_retry_after: float = 300.0,
          timeout: float = 20.0, max_time: float = 300.0, max_bytes: int = MAX_BYTES, max_redirects: int = 10,
          user_agent: str = USER_AGENT, follow_depth: int = 0, follow_pattern: str | None = None,
          resume: bool = True, skip_from: Iterable[str | Path] = (),
          progress: Callable[[str, str, str], None] | None = None, allow_private: bool = False,
          resolver: Callable[[str, int], Iterable[str]] | None = None, follow_attachments: bool = False,
          follow_images: bool = False) -> FetchSummary:
    """Fetch ``urls`` politely into the WARC at ``warc_path`` (appended to; see the module doc).

    ``delay`` seconds between request starts to one host (robots Crawl-delay wins when longer); ``per_host``
    1 or 2 requests in flight per host; ``workers`` threads over all hosts; ``retries`` further attempts after a
    timeout, connection error, 429 or 5xx, waiting ``backoff * 2**attempt`` s (≤ ``max_backoff``) or the
    Retry-After (give up when it asks more than ``max_retry_after``); ``timeout`` per connect/read, ``max_time``
    for a whole body; ``max_bytes`` per response (larger: cut, marked truncated, failed); ``max_redirects`` hops
    (loops detected). ``follow_depth`` > 0: links of fetched HTML pages on the same host matching
    ``follow_pattern`` (a regex searched in the absolute URL; all links when None) are fetched too, to that
    depth. ``resume``: skip URLs the WARC (and ``skip_from`` WARCs) already holds a complete 2xx response for
    (the WARC is read either way, and a tail broken by an interrupted run is cut before appending).
    ``progress(event, url, detail)`` is called with event ``fetched`` / ``skipped`` / ``retry`` / ``failed``.
    Addresses (:mod:`policytext.netpolicy`): only public ones are connected to — a URL whose host is or resolves
    to a loopback, private, link-local, metadata, multicast, reserved or unspecified address fails with
    ``refused: …``; ``allow_private`` lets the hosts of ``urls`` (host and port) be private, never a host first
    reached through a redirect or a link. Every address a name resolves to is checked at connect time and the
    connection goes to a checked one. ``resolver(host, port) -> addresses`` replaces the system's DNS lookup.
    ``follow_attachments``: after each HTML page (a seed or a followed link), the files its content block
    attaches (read/links.py: .pdf .doc .docx .wps, and 附件-labelled links naming no extension; with
    ``follow_images`` its content images too) are fetched when they are on the page's host — robots.txt, the
    delay, the size cap and the address policy apply as to any URL — with the page as the request's
    ``Referer``, which the WARC keeps (``iter_warc(referers=True)``, batch's ``parent``); an attachment's own
    links are not followed, links to other hosts are only noted (``notes``).
    Raises ValueError for bad options, InputError when the existing WARC is unreadable.
    """
    if per_host not in (1, 2):
        raise ValueError("per_host must be 1 or 2")
    if min(delay, backoff, timeout, max_time) < 0 or retries < 0 or max_redirects < 0 or follow_depth < 0:
        raise ValueError("delays, timeouts, retries, redirects and depth must not be negative")
    if max_bytes <= 0 or workers < 1:
        raise ValueError("max_bytes and workers must be positive")
    if follow_pattern is not None:
        re.compile(follow_pattern)  # re.error (a ValueError) for a bad pattern
    warc_path = Path(warc_path)
    index = _Index()
    notes = []
    for other in skip_from:
        index.add_file(Path(other))
    if warc_path.exists() and warc_path.stat().st_size:  # read even with resume off: a broken tail is cut
        good_end = (index if resume else _Index()).add_file(warc_path)
        if good_end is not None:
            size = warc_path.stat().st_size
            with open(warc_path, "r+b") as fp:
                fp.truncate(good_end)
            notes.append(f"{warc_path}: cut {size - good_end} bytes of a broken last record (interrupted run)")
    crawler = _Crawler(warc_path, delay=delay, per_host=per_host, workers=workers, retries=retries, backoff=backoff,
                       max_backoff=max_backoff, max_retry_after=max_retry_after, timeout=timeout, max_time=max_time,
                       max_bytes=max_bytes, max_redirects=max_redirects, user_agent=user_agent,
                       follow_depth=follow_depth, follow_pattern=follow_pattern, index=index, progress=progress,
                       policy=AddressPolicy(allow_private=allow_private, resolver=resolver),
                       follow_attachments=follow_attachments, follow_images=follow_images)
    crawler.summary.notes.extend(notes)
    crawler.summary.follow_attachments = follow_attachments
    return crawler.run([u.strip() for u in urls if u and u.strip()])
