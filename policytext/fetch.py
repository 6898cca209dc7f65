"""Polite downloader: robots.txt, a delay per host, retries with backoff, a size cap, into a WARC file.

    summary = fetch(["http://…/a.html", …], "pages.warc.gz")

Each fetched page is written as a WARC request + response record pair (warcio, gzip); ``iter_warc``
reads the responses back for ``batch``. 5xx, 429 and timeouts are retried (Retry-After honoured); 4xx
are not. Failures are returned, one line each, never raised for a single URL.
"""
from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from policytext import __version__

USER_AGENT = f"policytext/{__version__} (+research; polite crawler)"


@dataclass
class FetchSummary:
    ok: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, one-line reason)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "failed": [{"url": u, "reason": r} for u, r in self.failed]}


class _Robots:
    def __init__(self, client: httpx.Client, agent: str):
        self.client, self.agent, self.cache = client, agent, {}

    def get(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self.cache:
            rp = urllib.robotparser.RobotFileParser()
            try:
                r = self.client.get(key + "/robots.txt")
                if r.status_code >= 400:
                    rp.parse([])  # no robots.txt: everything allowed
                else:
                    rp.parse(r.text.splitlines())
            except httpx.HTTPError:
                rp.parse([])
            self.cache[key] = rp
        return self.cache[key]


def _write_pair(writer, url: str, resp: httpx.Response, body: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    req_headers = StatusAndHeaders(f"GET {urlsplit(url).path or '/'} HTTP/1.1",
                                   [("Host", urlsplit(url).netloc), ("User-Agent", USER_AGENT)], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=req_headers))
    headers = [(k, v) for k, v in resp.headers.items() if k.lower() not in ("content-encoding", "transfer-encoding")]
    http = StatusAndHeaders(f"{resp.status_code} {resp.reason_phrase}", headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))


def fetch(urls: Iterable[str], warc_path: str | Path, *, delay: float = 1.0, retries: int = 3, timeout: float = 20.0,
          max_bytes: int = 50_000_000, user_agent: str = USER_AGENT, backoff: float = 1.0) -> FetchSummary:
    from warcio.warcwriter import WARCWriter

    summary = FetchSummary()
    last_hit: dict[str, float] = {}
    with httpx.Client(headers={"User-Agent": user_agent}, timeout=timeout, follow_redirects=True) as client, \
            open(warc_path, "ab") as fp:
        writer = WARCWriter(fp, gzip=str(warc_path).endswith(".gz"))
        robots = _Robots(client, user_agent)
        for url in urls:
            url = url.strip()
            if not url:
                continue
            if urlsplit(url).scheme not in ("http", "https"):
                summary.failed.append((url, "not an http(s) URL"))
                continue
            rp = robots.get(url)
            if not rp.can_fetch(user_agent, url):
                summary.failed.append((url, "disallowed by robots.txt"))
                continue
            host = urlsplit(url).netloc
            wait = max(delay, float(rp.crawl_delay(user_agent) or 0))
            reason = None
            for attempt in range(retries + 1):
                since = time.monotonic() - last_hit.get(host, -1e9)
                if since < wait:
                    time.sleep(wait - since)
                last_hit[host] = time.monotonic()
                try:
                    with client.stream("GET", url) as resp:
                        body = bytearray()
                        for chunk in resp.iter_bytes():
                            body += chunk
                            if len(body) > max_bytes:
                                raise ValueError(f"larger than {max_bytes} bytes")
                        if resp.status_code == 429 or resp.status_code >= 500:
                            reason = f"HTTP {resp.status_code}"
                            retry_after = resp.headers.get("Retry-After", "")
                            pause = float(retry_after) if retry_after.isdigit() else backoff * 2 ** attempt
                            if attempt < retries:
                                time.sleep(min(pause, 60))
                            continue
                        if resp.status_code >= 400:
                            reason = f"HTTP {resp.status_code}"
                            break
                        _write_pair(writer, str(resp.url), resp, bytes(body))
                        summary.ok.append(url)
                        reason = None
                        break
                except ValueError as e:
                    reason = str(e)
                    break
                except httpx.TimeoutException:
                    reason = "timed out"
                    if attempt < retries:
                        time.sleep(backoff * 2 ** attempt)
                except httpx.HTTPError as e:
                    reason = f"{type(e).__name__}: {e}"
                    if attempt < retries:
                        time.sleep(backoff * 2 ** attempt)
            if reason is not None:
                summary.failed.append((url, reason))
    return summary


def iter_warc(path: str | Path) -> Iterator[tuple[str, bytes, str]]:
    """(url, body, content type) of each response record."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fp:
        for rec in ArchiveIterator(fp):
            if rec.rec_type != "response":
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else ""
            yield url, rec.content_stream().read(), ctype or ""
