"""fetch against a real HTTP server on 127.0.0.1 (never a mocked httpx): charsets, attachments, retries, 404,
429 + Retry-After, timeouts, redirect loops, robots.txt, size cap, resume, link following, the CLI."""
from __future__ import annotations

import gzip
import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

import policytext
from policytext.fetch import MIME_DOC, MIME_DOCX, MIME_PDF, fetch, iter_responses, iter_warc, sniff_type

from .conftest import local_http_server, notice_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "read"
TITLE_GBK = "关于加强学校安全工作的通知"
TITLE_UTF8 = "关于推进县域义务教育优质均衡发展的实施意见"


def _page(title: str, body: str, meta_charset: str | None) -> str:
    meta = f"<meta charset='{meta_charset}'>" if meta_charset else ""
    return (f"<html><head>{meta}<title>{title}</title><meta name='ArticleTitle' content='{title}'></head><body>"
            f"<div class='nav'>首页 | 新闻 | 政务公开</div><div class='TRS_Editor'><p>{title}</p>{body}</div>"
            "<div class='footer'>版权所有 京ICP备12345678号</div></body></html>")


GBK_PAGE = _page(TITLE_GBK, "<p>到2025年，全市学校安全设施达标率达到100%。</p>", "gbk").encode("gbk")
GBK_NOMETA = _page(TITLE_GBK, "<p>到2025年，全市学校安全设施达标率达到100%。各校配备专职保安人员。</p>",
                   None).encode("gbk")
UTF8_PAGE = _page(TITLE_UTF8, "<p>到2027年，全县义务教育学校办学条件达标率达到95%以上。</p>", None).encode("utf-8")


PDF = notice_pdf("关于做好校园安全工作的通知", "到2026年，全市中小学校安全设施达标率达到100%。")
DOCX = (FIXTURES / "table.docx").read_bytes()
# the start of an OLE2 compound file as Word 97-2003 writes it: magic, then the UTF-16 name of its main stream
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 200


def _links(*hrefs: str) -> bytes:
    return ("<html><head><meta charset='utf-8'><title>通知公告</title></head><body><ul>"
            + "".join(f"<li><a href='{h}'>文件{i}</a></li>" for i, h in enumerate(hrefs))
            + "</ul></body></html>").encode("utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    times: dict[str, list[float]] = {}
    lock = threading.Lock()
    port = 0

    def log_message(self, *a):  # keep test output clean
        pass

    def do_GET(self):  # noqa: C901 - one route table
        with Handler.lock:
            n = Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
            Handler.times.setdefault(self.path, []).append(time.monotonic())
        p = self.path
        if p == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif p == "/gbk.html":
            self._send(200, GBK_PAGE, "text/html; charset=gbk")
        elif p == "/gbk-nometa.html":
            self._send(200, GBK_NOMETA, "text/html; charset=GBK")
        elif p == "/utf8.html":
            self._send(200, UTF8_PAGE, "text/html; charset=utf-8")
        elif p == "/files/notice.pdf":
            self._send(200, PDF, "application/octet-stream")  # a wrong header: the bytes tell
        elif p == "/download.jsp?id=7":
            self._send(200, PDF, None)  # no Content-Type at all
        elif p == "/download.jsp?id=8":
            self._send(200, DOCX, "text/html")  # the type these servers often claim
        elif p == "/download.jsp?id=9":
            self._send(200, OLE_DOC, "application/octet-stream")
        elif p.startswith("/flaky"):  # 500, then 200
            if n == 1:
                self._send(500, b"internal error", "text/plain")
            else:
                self._send(200, UTF8_PAGE, "text/html; charset=utf-8")
        elif p == "/down.html":
            self._send(503, b"down", "text/plain")
        elif p == "/busy.html":  # 429 Retry-After: 1, then 200
            if n == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self._send(200, GBK_PAGE, "text/html; charset=gbk")
        elif p.startswith("/slow.html"):
            time.sleep(1.0)
            self._send(200, GBK_PAGE, "text/html")
        elif p == "/loop/a":
            self._redirect("/loop/b")
        elif p == "/loop/b":
            self._redirect(f"http://127.0.0.1:{Handler.port}/loop/a")
        elif p.startswith("/chain/"):
            k = int(p.rsplit("/", 1)[1])
            self._redirect(f"/chain/{k + 1}")
        elif p == "/moved":
            self._redirect("/utf8.html")
        elif p == "/to-private":
            self._redirect("/private/x.html")
        elif p == "/big-declared.html":
            self._send(200, b"<html>" + b"x" * 200_000, "text/html")
        elif p == "/big-streamed.html":  # no Content-Length: the body ends when the connection closes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(20):
                    self.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif p == "/list.html":
            self._send(200, _links("/docs/1.html", "docs/2.html#top", "/other/3.html", "/private/4.html",
                                   f"http://localhost:{Handler.port}/docs/5.html", "javascript:void(0)",
                                   "mailto:x@example.org"), "text/html; charset=utf-8")
        elif p == "/docs/1.html":
            self._send(200, _links("/docs/sub/6.html", "/list.html"), "text/html; charset=utf-8")
        elif p.startswith(("/docs/", "/other/")):
            self._send(200, _page(TITLE_UTF8, f"<p>{p}</p>", "utf-8").encode("utf-8"), "text/html; charset=utf-8")
        else:
            self._send(404, b"not found", "text/plain")

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, code, body, ctype, headers=None):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, size cap)
            pass


@pytest.fixture(scope="module")
def server():
    with local_http_server(Handler) as url:
        Handler.port = int(url.rsplit(":", 1)[1])
        yield url


@pytest.fixture(autouse=True)
def fresh_hits():
    with Handler.lock:
        Handler.hits.clear()
        Handler.times.clear()


FAST = {"delay": 0, "retries": 2, "backoff": 0.05, "timeout": 5.0, "allow_private": True}  # a loopback server


def _records(warc: Path) -> list:
    out = []
    with open(warc, "rb") as fp:
        for rec in ArchiveIterator(fp):
            out.append((rec.rec_type, rec.rec_headers, rec.http_headers, rec.content_stream().read()))
    return out


def test_charsets_and_attachments_land_in_warc(server, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    paths = ["/gbk.html", "/gbk-nometa.html", "/utf8.html", "/files/notice.pdf", "/download.jsp?id=7",
             "/download.jsp?id=8", "/download.jsp?id=9"]
    s = fetch([server + p for p in paths], warc, **FAST)
    assert s.failed == [] and sorted(s.ok) == sorted(server + p for p in paths)
    kinds = {f.url[len(server):]: (f.kind, f.charset) for f in s.fetched}
    assert kinds == {"/gbk.html": ("html", "gbk"), "/gbk-nometa.html": ("html", "gbk"),
                     "/utf8.html": ("html", "utf-8"), "/files/notice.pdf": ("pdf", None),
                     "/download.jsp?id=7": ("pdf", None), "/download.jsp?id=8": ("docx", None),
                     "/download.jsp?id=9": ("doc", None)}

    got = {r.url[len(server):]: r for r in iter_responses(warc)}
    assert set(got) == set(paths)  # robots.txt is in the WARC but not a document
    assert got["/gbk.html"].body == GBK_PAGE and got["/gbk.html"].content_type == "text/html; charset=gbk"
    assert got["/gbk-nometa.html"].content_type == "text/html; charset=GBK"  # the header as the server sent it
    assert got["/gbk-nometa.html"].charset == "gbk" and got["/utf8.html"].charset == "utf-8"
    assert got["/files/notice.pdf"].body == PDF and got["/files/notice.pdf"].content_type == "application/octet-stream"
    assert got["/files/notice.pdf"].identified_type == MIME_PDF
    assert got["/download.jsp?id=7"].identified_type == MIME_PDF and got["/download.jsp?id=7"].content_type == ""
    assert got["/download.jsp?id=8"].identified_type == MIME_DOCX and got["/download.jsp?id=8"].body == DOCX
    assert got["/download.jsp?id=9"].identified_type == MIME_DOC

    # every exchange is a request + response pair, linked; the request carries our User-Agent
    recs = _records(warc)
    assert recs[0][0] == "warcinfo"
    requests = [r for r in recs if r[0] == "request"]
    responses = [r for r in recs if r[0] == "response"]
    assert len(requests) == len(responses) == len(paths) + 1  # + robots.txt
    ids = {r[1].get_header("WARC-Record-ID") for r in responses}
    assert {r[1].get_header("WARC-Concurrent-To") for r in requests} == ids
    assert all(r[2].get_header("User-Agent").startswith("policytext/") for r in requests)

    # the pages parse right from the WARC bytes, whatever their encoding
    for path, title in (("/gbk.html", TITLE_GBK), ("/gbk-nometa.html", TITLE_GBK), ("/utf8.html", TITLE_UTF8)):
        doc = policytext.parse(got[path].body, name=got[path].url)
        assert doc.metadata.title == title, path
        assert "达标率" in doc.text and "\ufffd" not in doc.text
    pdf = policytext.parse(got["/download.jsp?id=7"].body, name=got["/download.jsp?id=7"].url)
    assert "校园安全" in pdf.text and "100%" in pdf.text
    assert [u for u, _, _ in iter_warc(warc)] == [r.url for r in iter_responses(warc)]


def test_sniff_type_without_server():
    assert sniff_type(PDF, "text/html") == MIME_PDF
    assert sniff_type(DOCX, "") == MIME_DOCX
    assert sniff_type(OLE_DOC, "application/octet-stream") == MIME_DOC
    assert sniff_type(b"\xef\xbb\xbf<!DOCTYPE html><html>", "application/octet-stream") == "text/html"
    assert sniff_type(b"PK\x03\x04garbage", "application/msword") == "application/zip"
    assert sniff_type("通知全文".encode("gbk"), "") == "text/plain"
    assert sniff_type(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png") == "image/png"


def test_404_recorded_not_retried_and_500_retried(server, tmp_path):
    warc = tmp_path / "r.warc.gz"
    s = fetch([f"{server}/missing.html", f"{server}/flaky-1.html", f"{server}/down.html"], warc, **FAST)
    failed = {f.url: f for f in s.failed}
    assert s.ok == [f"{server}/flaky-1.html"]
    assert failed[f"{server}/missing.html"].status == 404 and "404" in failed[f"{server}/missing.html"].reason
    assert Handler.hits["/missing.html"] == 1  # a 404 is final
    assert Handler.hits["/flaky-1.html"] == 2  # 500, then 200
    assert failed[f"{server}/down.html"].status == 503 and "3 attempts" in failed[f"{server}/down.html"].reason
    assert Handler.hits["/down.html"] == 3  # retries=2: three attempts in all
    # the failed exchanges are in the WARC too (reproducible), but not as documents
    statuses = sorted(r.status for r in iter_responses(warc, all_responses=True) if "robots" not in r.url)
    assert statuses == [200, 404, 500, 503, 503, 503]
    assert [r.url for r in iter_responses(warc)] == [f"{server}/flaky-1.html"]


def test_backoff_grows(server, tmp_path):
    s = fetch([f"{server}/down.html"], tmp_path / "b.warc.gz", delay=0, retries=2, backoff=0.2, timeout=5,
              allow_private=True)
    t = Handler.times["/down.html"]
    assert len(t) == 3 and s.failed[0].status == 503
    assert t[1] - t[0] >= 0.2 and t[2] - t[1] >= 0.4  # backoff * 2**attempt


def test_429_waits_for_retry_after(server, tmp_path):
    events = []
    s = fetch([f"{server}/busy.html"], tmp_path / "r.warc.gz", delay=0, retries=2, backoff=0.01, timeout=5,
              progress=lambda *e: events.append(e), allow_private=True)
    assert s.ok == [f"{server}/busy.html"] and s.failed == []
    t = Handler.times["/busy.html"]
    assert len(t) == 2 and t[1] - t[0] >= 1.0  # Retry-After: 1 beats the 0.01 s backoff
    assert [e[0] for e in events] == ["retry", "fetched"] and "429" in events[0][2]


def test_retry_after_over_the_limit_gives_up(server, tmp_path):
    s = fetch([f"{server}/busy.html"], tmp_path / "r.warc.gz", delay=0, retries=3, backoff=0.01, max_retry_after=0.5,
              allow_private=True)
    assert s.failed[0].status == 429 and "Retry-After" in s.failed[0].reason
    assert Handler.hits["/busy.html"] == 1


def test_slow_response_times_out(server, tmp_path):
    t0 = time.monotonic()
    s = fetch([f"{server}/slow.html", f"{server}/utf8.html"], tmp_path / "t.warc.gz", delay=0, retries=1,
              backoff=0.01, timeout=0.3, allow_private=True)
    assert s.ok == [f"{server}/utf8.html"]
    f = s.failed[0]
    assert f.url == f"{server}/slow.html" and f.status is None and "timed out" in f.reason
    assert Handler.hits["/slow.html"] == 2  # a timeout is retried
    assert time.monotonic() - t0 < 5


def test_redirects_followed_loops_and_chains_bounded(server, tmp_path):
    warc = tmp_path / "r.warc.gz"
    s = fetch([f"{server}/moved", f"{server}/loop/a", f"{server}/chain/0", f"{server}/to-private"], warc,
              max_redirects=3, **FAST)
    failed = {f.url[len(server):]: f for f in s.failed}
    assert s.ok == [f"{server}/moved"] and s.fetched[0].final_url == f"{server}/utf8.html"
    assert "redirect loop" in failed["/loop/a"].reason and failed["/loop/a"].status == 302
    assert Handler.hits["/loop/a"] == 1 and Handler.hits["/loop/b"] == 1  # detected, not run to the limit
    assert "more than 3 redirects" in failed["/chain/0"].reason
    assert sorted(k for k in Handler.hits if k.startswith("/chain/")) == [f"/chain/{i}" for i in range(4)]
    assert "robots.txt" in failed["/to-private"].reason and "/private/x.html" not in Handler.hits
    assert [r.url for r in iter_responses(warc)] == [f"{server}/utf8.html"]


def test_robots_disallowed_is_skipped_and_recorded(server, tmp_path):
    s = fetch([f"{server}/private/secret.html", f"{server}/utf8.html"], tmp_path / "r.warc.gz", **FAST)
    assert s.ok == [f"{server}/utf8.html"]
    assert [(f.url, f.status, f.reason) for f in s.failed] == [
        (f"{server}/private/secret.html", None, "disallowed by robots.txt")]
    assert "/private/secret.html" not in Handler.hits and Handler.hits["/robots.txt"] == 1


def test_robots_rules_for_our_agent_only(server, tmp_path):
    # another agent's robots group does not bind us; a group for our product token does
    import urllib.robotparser

    from policytext.fetch import USER_AGENT

    rp = urllib.robotparser.RobotFileParser()
    rp.parse(["User-agent: otherbot", "Disallow: /", "", "User-agent: policytext", "Disallow: /x/"])
    assert rp.can_fetch(USER_AGENT, f"{server}/a.html") and not rp.can_fetch(USER_AGENT, f"{server}/x/a.html")


def test_oversized_bodies_cut_and_recorded(server, tmp_path):
    warc = tmp_path / "big.warc.gz"
    s = fetch([f"{server}/big-declared.html", f"{server}/big-streamed.html", f"{server}/utf8.html"], warc,
              max_bytes=50_000, **FAST)
    failed = {f.url[len(server):]: f for f in s.failed}
    assert s.ok == [f"{server}/utf8.html"]
    assert "200006 bytes is over the 50000-byte limit" in failed["/big-declared.html"].reason
    assert "over the 50000-byte limit" in failed["/big-streamed.html"].reason
    assert failed["/big-streamed.html"].status == 200
    stored = {r.url[len(server):]: r for r in iter_responses(warc, all_responses=True)}
    assert stored["/big-streamed.html"].truncated and len(stored["/big-streamed.html"].body) == 50_000
    assert stored["/big-declared.html"].truncated and stored["/big-declared.html"].body == b""
    assert [r.url for r in iter_responses(warc)] == [f"{server}/utf8.html"]  # cut bodies are no documents


def test_resume_fetches_nothing_twice(server, tmp_path):
    warc = tmp_path / "resume.warc.gz"
    first = [f"{server}/gbk.html", f"{server}/moved", f"{server}/missing.html"]
    s1 = fetch(first, warc, **FAST)
    assert len(s1.fetched) == 2 and len(s1.failed) == 1
    hits1 = dict(Handler.hits)
    size1 = warc.stat().st_size
    s2 = fetch(first + [f"{server}/files/notice.pdf"], warc, **FAST)
    assert sorted(s2.skipped) == sorted([f"{server}/gbk.html", f"{server}/moved"])  # a redirect counts as stored
    assert s2.ok == [f"{server}/files/notice.pdf"]
    assert [f.url for f in s2.failed] == [f"{server}/missing.html"]  # failures are tried again
    new_hits = {k: v - hits1.get(k, 0) for k, v in Handler.hits.items() if v != hits1.get(k, 0)}
    assert new_hits == {"/robots.txt": 1, "/missing.html": 1, "/files/notice.pdf": 1}
    assert warc.stat().st_size > size1  # appended to, not rewritten
    assert sorted(r.url for r in iter_responses(warc)) == sorted(
        [f"{server}/gbk.html", f"{server}/utf8.html", f"{server}/files/notice.pdf"])
    # a third run has nothing left but the 404; --refetch (resume=False) asks again
    s3 = fetch(first, warc, **FAST)
    assert len(s3.skipped) == 2 and s3.fetched == []
    s4 = fetch([f"{server}/gbk.html"], warc, resume=False, **FAST)
    assert s4.ok == [f"{server}/gbk.html"]
    # skip_from: URLs stored in another WARC are skipped for a new file
    s5 = fetch([f"{server}/gbk.html", f"{server}/utf8.html"], tmp_path / "new.warc.gz", skip_from=[warc], **FAST)
    assert len(s5.skipped) == 2 and not (tmp_path / "new.warc.gz").exists()


@pytest.mark.parametrize("name,cut", [("crash.warc.gz", 4), ("crash.warc.gz", 40), ("crash.warc.gz", 300),
                                      ("crash.warc", 30)])
def test_resume_after_a_crash_cuts_the_broken_tail(server, tmp_path, name, cut):
    warc = tmp_path / name
    fetch([f"{server}/gbk.html", f"{server}/utf8.html"], warc, **FAST)
    data = warc.read_bytes()
    assert len(UTF8_PAGE) > 300
    warc.write_bytes(data[:-cut])  # the last record (utf8.html's response) cut short, as a killed run leaves it
    if cut >= 30:  # payload bytes lost: reading says so (what batch reports) after the whole records
        seen = []
        with pytest.raises(policytext.errors.InputError, match="cut short"):
            for r in iter_responses(warc):
                seen.append(r.url)
        assert seen == [f"{server}/gbk.html"]
    s = fetch([f"{server}/gbk.html", f"{server}/utf8.html"], warc, **FAST)
    assert s.skipped == [f"{server}/gbk.html"] and s.ok == [f"{server}/utf8.html"]
    assert s.notes and "broken last record" in s.notes[0]
    assert sorted(r.url for r in iter_responses(warc)) == [f"{server}/gbk.html", f"{server}/utf8.html"]
    healthy = warc.read_bytes()
    s2 = fetch([f"{server}/gbk.html", f"{server}/utf8.html"], warc, **FAST)
    assert len(s2.skipped) == 2 and s2.notes == [] and warc.read_bytes() == healthy  # a whole file is left alone


def test_existing_file_that_is_no_warc_is_refused(server, tmp_path):
    bad = tmp_path / "notes.warc.gz"
    bad.write_bytes(gzip.compress(b"just some notes\n"))
    with pytest.raises(policytext.errors.InputError, match="not a readable WARC"):
        fetch([f"{server}/utf8.html"], bad, **FAST)
    assert "/utf8.html" not in Handler.hits


def test_follow_links_same_host_depth_and_pattern(server, tmp_path):
    warc = tmp_path / "follow.warc.gz"
    s = fetch([f"{server}/list.html"], warc, follow_depth=1, follow_pattern=r"/(docs|private)/", **FAST)
    assert sorted(f.url[len(server):] for f in s.fetched) == ["/docs/1.html", "/docs/2.html", "/list.html"]
    assert {f.url[len(server):]: f.depth for f in s.fetched}["/docs/1.html"] == 1
    assert [(f.url[len(server):], f.reason) for f in s.failed] == [("/private/4.html", "disallowed by robots.txt")]
    assert "/other/3.html" not in Handler.hits  # pattern
    assert "/docs/5.html" not in Handler.hits  # another host (localhost)
    assert "/docs/sub/6.html" not in Handler.hits  # depth 2
    assert Handler.hits["/list.html"] == 1  # the link back is not fetched again
    # one level deeper on a re-run: stored pages are not fetched again, their links are followed from the WARC
    s2 = fetch([f"{server}/list.html"], warc, follow_depth=2, follow_pattern=r"/docs/", **FAST)
    assert [f.url[len(server):] for f in s2.fetched] == ["/docs/sub/6.html"]
    assert Handler.hits["/list.html"] == 1 and Handler.hits["/docs/1.html"] == 1


def test_per_host_delay_holds(server, tmp_path):
    urls = [f"{server}/docs/{i}.html" for i in range(10, 14)]
    s = fetch(urls, tmp_path / "d.warc.gz", delay=0.25, workers=4, per_host=1, allow_private=True)
    assert len(s.ok) == 4
    starts = sorted([Handler.times["/robots.txt"][0]] + [Handler.times[f"/docs/{i}.html"][0] for i in range(10, 14)])
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.2 and s.requests == 5  # robots.txt counts as a request to the host


def test_bad_inputs_are_failures_not_crashes(server, tmp_path):
    s = fetch(["ftp://example.org/x", "not a url", f"{server}/utf8.html", f"{server}/utf8.html"],
              tmp_path / "x.warc.gz", **FAST)
    assert s.ok == [f"{server}/utf8.html"] and Handler.hits["/utf8.html"] == 1  # duplicates fetched once
    assert [(f.url, f.reason) for f in s.failed] == [("ftp://example.org/x", "not an http(s) URL"),
                                                     ("not a url", "not an http(s) URL")]
    with pytest.raises(ValueError):
        fetch([f"{server}/utf8.html"], tmp_path / "y.warc.gz", per_host=3)


def test_fetch_cli(server, tmp_path):
    exe = str(Path(sys.executable).parent / "policytext")
    warc = tmp_path / "c.warc.gz"
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# seeds\n{server}/gbk.html\n\n{server}/missing.html\n", encoding="utf-8")
    args = [exe, "fetch", str(url_file), f"{server}/utf8.html", str(tmp_path / "nope.txt"), "-o", str(warc),
            "--delay", "0", "--retries", "1", "--backoff", "0.01", "--allow-private"]
    r = subprocess.run(args + ["--format", "json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    assert out["counts"] == {"fetched": 2, "skipped": 0, "failed": 2}
    reasons = {f["url"]: (f["status"], f["reason"]) for f in out["failed"]}
    assert reasons[f"{server}/missing.html"][0] == 404
    assert "no such file" in reasons[str(tmp_path / "nope.txt")][1]
    assert f"error: {server}/missing.html: HTTP 404" in r.stderr and "error: " + str(tmp_path / "nope.txt") in r.stderr
    # the rerun skips what is stored; only the 404 is asked again
    r2 = subprocess.run([exe, "fetch", str(url_file), f"{server}/utf8.html", "-o", str(warc), "--delay", "0",
                         "--retries", "0", "--allow-private"], capture_output=True, text=True, timeout=120)
    assert r2.returncode == 1 and "0 fetched, 2 already stored, 1 failed" in r2.stderr
    r3 = subprocess.run([exe, "fetch", f"{server}/utf8.html", "-o", str(warc), "-q"], capture_output=True, text=True,
                        timeout=120)
    assert r3.returncode == 0 and r3.stderr.strip().splitlines() == [
        f"0 fetched, 1 already stored, 0 failed (0 requests) → {warc}"]
    r4 = subprocess.run([exe, "fetch", "-o", str(warc)], capture_output=True, text=True, timeout=120)
    assert r4.returncode == 2
    r5 = subprocess.run([exe, "fetch", f"{server}/utf8.html", "-o", str(warc), "--follow-pattern", "("],
                        capture_output=True, text=True, timeout=120)
    assert r5.returncode == 2 and "regular expression" in r5.stderr


class RobotsHandler(http.server.BaseHTTPRequestHandler):
    """A second site whose robots.txt answer is set per test."""

    robots: tuple[int, bytes] = (404, b"")
    hits: dict[str, int] = {}

    def log_message(self, *a):
        pass

    def do_GET(self):
        RobotsHandler.hits[self.path] = RobotsHandler.hits.get(self.path, 0) + 1
        code, body = self.robots if self.path == "/robots.txt" else (200, UTF8_PAGE)
        self.send_response(code)
        self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site2():
    RobotsHandler.hits = {}
    with local_http_server(RobotsHandler) as url:
        yield url


def test_robots_missing_allows_all(site2, tmp_path):
    RobotsHandler.robots = (404, b"not found")
    s = fetch([f"{site2}/a.html", f"{site2}/private/b.html"], tmp_path / "r.warc.gz", **FAST)
    assert len(s.ok) == 2 and s.failed == []


def test_robots_unreachable_keeps_us_away(site2, tmp_path):
    RobotsHandler.robots = (503, b"down")
    s = fetch([f"{site2}/a.html", f"{site2}/b.html"], tmp_path / "r.warc.gz", **FAST)
    assert s.ok == [] and len(s.failed) == 2
    assert all("robots.txt unreachable" in f.reason for f in s.failed)
    assert RobotsHandler.hits == {"/robots.txt": 3}  # retried like any 5xx, once for the host, pages never asked


def test_robots_for_our_agent_and_crawl_delay(site2, tmp_path):
    RobotsHandler.robots = (200, b"User-agent: otherbot\nDisallow: /\n\nUser-agent: policytext\nDisallow: /x/\n"
                                 b"Crawl-delay: 1\n")
    t0 = time.monotonic()
    s = fetch([f"{site2}/a.html", f"{site2}/x/b.html", f"{site2}/c.html"], tmp_path / "r.warc.gz", **FAST)
    assert sorted(s.ok) == [f"{site2}/a.html", f"{site2}/c.html"]
    assert [f.reason for f in s.failed] == ["disallowed by robots.txt"]
    assert time.monotonic() - t0 >= 2.0  # robots.txt, a, c: three requests one Crawl-delay apart (delay=0 asked)


def test_delay_is_per_host_not_global(server, tmp_path):
    # 127.0.0.1 and localhost are two hosts to the crawler (the same server here); gaps are measured where the
    # server receives, which connection set-up can shift by a little
    port = server.rsplit(":", 1)[1]
    urls = [f"http://{h}:{port}/docs/{h[0]}{i}.html" for h in ("127.0.0.1", "localhost") for i in range(2)]
    t0 = time.monotonic()
    s = fetch(urls, tmp_path / "p.warc.gz", delay=0.4, workers=2, allow_private=True)
    elapsed = time.monotonic() - t0
    assert sorted(s.ok) == sorted(urls)
    for h in ("1", "l"):
        starts = sorted(Handler.times[f"/docs/{h}{i}.html"][0] for i in range(2))
        assert starts[1] - starts[0] >= 0.3
    assert elapsed < 1.7  # a delay over all hosts would take ≥ 2.0 s (6 requests, 5 gaps of 0.4 s)


def test_two_in_flight_per_host(server, tmp_path):
    urls = [f"{server}/slow.html?{i}" for i in range(2)]
    t0 = time.monotonic()
    s = fetch(urls, tmp_path / "two.warc.gz", delay=0.1, per_host=2, timeout=5, allow_private=True)
    assert sorted(s.ok) == sorted(urls)
    assert time.monotonic() - t0 < 1.9  # the two 1 s responses overlapped
    starts = sorted(Handler.times[f"/slow.html?{i}"][0] for i in range(2))
    assert starts[1] - starts[0] >= 0.07  # but their starts kept the delay


def test_non_ascii_urls_resume(server, tmp_path):
    warc = tmp_path / "u.warc.gz"
    url = f"{server}/docs/政策文件.html#正文"
    s1 = fetch([url], warc, **FAST)
    assert s1.ok == [f"{server}/docs/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6.html"]
    s2 = fetch([url, f"{server}/docs/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6.html"], warc, **FAST)
    assert s2.fetched == [] and len(s2.skipped) == 1
