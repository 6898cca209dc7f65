"""fetch against a real HTTP server on 127.0.0.1: robots.txt, retries, 404, timeouts, WARC read back."""
from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from policytext.batch import run_batch
from policytext.fetch import fetch, iter_warc
from policytext.store import Store

PAGE = ("<html><head><meta charset='gbk'><meta name='ArticleTitle' content='关于加强学校安全工作的通知'></head><body>"
        "<div class='nav'>首页 | 新闻 | 政务公开</div><div class='TRS_Editor'><p>关于加强学校安全工作的通知</p>"
        "<p>到2025年，全市学校安全设施达标率达到100%。</p></div><div class='footer'>版权所有 京ICP备12345678号</div>"
        "</body></html>").encode("gbk")


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *a):  # keep test output clean
        pass

    def do_GET(self):
        n = Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/robots.txt":
            body = b"User-agent: *\nDisallow: /private/\n"
            self._send(200, body, "text/plain")
        elif self.path == "/page.html":
            self._send(200, PAGE, "text/html; charset=gbk")
        elif self.path == "/flaky.html":
            if n <= 2:
                self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
            else:
                self._send(200, PAGE, "text/html; charset=gbk")
        elif self.path == "/slow.html":
            time.sleep(2)
            self._send(200, PAGE, "text/html")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, code, body, ctype, headers=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_politely_into_warc(server, tmp_path):
    warc = tmp_path / "pages.warc.gz"
    urls = [f"{server}/page.html", f"{server}/private/secret.html", f"{server}/flaky.html", f"{server}/missing.html",
            f"{server}/slow.html", f"{server}/moved", "ftp://example.org/x"]
    t = time.monotonic()
    s = fetch(urls, warc, delay=0.2, retries=3, timeout=1.0, backoff=0.05)
    elapsed = time.monotonic() - t
    failed = dict(s.failed)
    assert s.ok == [f"{server}/page.html", f"{server}/flaky.html", f"{server}/moved"]
    assert failed[f"{server}/private/secret.html"] == "disallowed by robots.txt"
    assert failed[f"{server}/missing.html"] == "HTTP 404"
    assert failed[f"{server}/slow.html"] == "timed out"
    assert "not an http" in failed["ftp://example.org/x"]
    assert Handler.hits["/flaky.html"] == 3 and Handler.hits["/missing.html"] == 1  # 404 is not retried
    assert elapsed >= 0.2 * 5  # the per-host delay held between requests
    got = list(iter_warc(warc))
    assert [u.rsplit("/", 1)[1] for u, _, _ in got] == ["page.html", "flaky.html", "page.html"]
    assert got[0][1] == PAGE and "gbk" in got[0][2]


def test_batch_reads_the_warc(server, tmp_path):
    warc = tmp_path / "p.warc.gz"
    fetch([f"{server}/page.html"], warc, delay=0)
    s = run_batch([warc], tmp_path / "w.sqlite", workers=1)
    assert s.done == 1
    with Store(tmp_path / "w.sqlite") as st:
        rec = next(st.records())
    assert rec["metadata"]["title"] == "关于加强学校安全工作的通知"
    assert rec["targets"][0]["value"] == 100


def test_fetch_cli(server, tmp_path):
    exe = str(Path(sys.executable).parent / "policytext")
    r = subprocess.run([exe, "fetch", f"{server}/page.html", f"{server}/missing.html", "--warc", str(tmp_path / "c.warc.gz"),
                        "--delay", "0", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and '"HTTP 404"' in r.stdout
