"""The whole flow through the command line, as a user runs it: fetch pages from a local HTTP server into a WARC,
batch the WARC plus a folder (two seed files and a corrupt one) into SQLite, export, compare. The fetch failure
and the corrupt file are recorded; everything else lands."""
from __future__ import annotations

import csv
import http.server
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import local_http_server, notice_pdf

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ["000_a82124905486fb21.txt", "003_6a0d34a032300153.txt"]
EXE = str(Path(sys.executable).parent / "policytext")

GBK_TITLE = "关于加强中小学校园安全工作的通知"
GBK_PAGE = (f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'><title>{GBK_TITLE}</title>"
            f"</head><body><div class='nav'>首页 | 新闻 | 政务公开</div><div class='TRS_Editor'><p>{GBK_TITLE}</p>"
            "<p>各县（市、区）教育局：</p><p>到2025年，全市中小学校安全设施达标率达到100%，专职保安配备率达到95%以上。</p>"
            "<p>某某市教育局</p><p>2023年3月1日</p></div><div class='footer'>版权所有 京ICP备12345678号</div>"
            "</body></html>").encode("gbk")
UTF8_TITLE = "关于推进县域义务教育优质均衡发展的实施意见"
UTF8_PAGE = (f"<!DOCTYPE html><html><head><title>{UTF8_TITLE}</title></head><body><article><h1>{UTF8_TITLE}</h1>"
             "<p>到2027年，全县义务教育学校办学条件达标率达到95%以上，骨干教师交流比例不低于20%。</p>"
             "<p>建立健全统一管理、统一师资、统一考核的“三统一”机制。</p></article></body></html>").encode()


# pure ASCII bytes (the Chinese as numeric character references): any charset decodes them, so the stored
# encoding shows whether the HTTP header's charset reached the reader
NCR_PAGE = ("<html><head><title>" + "".join(f"&#{ord(c)};" for c in UTF8_TITLE) + "</title></head><body><article><p>"
            + "".join(f"&#{ord(c)};" for c in "到2027年，全县义务教育学校办学条件达标率达到95%以上。")
            + "</p></article></body></html>").encode("ascii")


PDF = notice_pdf("关于做好学前教育普惠发展工作的通知", "到2025年，全市普惠性幼儿园覆盖率达到85%以上。")


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *a):
        pass

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        routes = {"/robots.txt": (200, b"User-agent: *\nDisallow: /internal/\n", "text/plain"),
                  "/zwgk/gbk.html": (200, GBK_PAGE, "text/html; charset=GBK"),
                  "/zwgk/utf8.html": (200, UTF8_PAGE, "text/html; charset=utf-8"),
                  "/download.jsp?id=7": (200, PDF, "application/octet-stream"),
                  "/zwgk/ncr.html": (200, NCR_PAGE, "text/html; charset=big5")}
        code, body, ctype = routes.get(self.path, (404, b"not found", "text/plain"))
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    with local_http_server(Handler) as url:
        yield url


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


def test_fetch_batch_export_compare(server, tmp_path):
    # fetch: three documents, one 404, one path robots.txt forbids
    urls = tmp_path / "urls.txt"
    fetched_urls = [f"{server}/zwgk/gbk.html", f"{server}/zwgk/utf8.html", f"{server}/download.jsp?id=7"]
    urls.write_text("\n".join([*fetched_urls, f"{server}/zwgk/gone.html", f"{server}/internal/a.html"]) + "\n",
                    encoding="utf-8")
    warc = tmp_path / "crawl.warc.gz"
    r = run("fetch", str(urls), "-o", str(warc), "--delay", "0", "--retries", "0", "--format", "json", "--allow-private")
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    assert sorted(f["url"] for f in out["fetched"]) == sorted(fetched_urls)
    assert {f["url"]: (f["status"], f["reason"]) for f in out["failed"]} == {
        f"{server}/zwgk/gone.html": (404, "HTTP 404 Not Found"),
        f"{server}/internal/a.html": (None, "disallowed by robots.txt")}
    assert f"error: {server}/zwgk/gone.html: HTTP 404" in r.stderr
    assert "/internal/a.html" not in Handler.hits

    # batch: the WARC and a folder of two seeds plus a corrupt PDF
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in SEEDS:
        shutil.copy(ROOT / "corpora" / "seeds" / name, docs / name)
    (docs / "broken.pdf").write_bytes(PDF[: len(PDF) // 3])
    db = tmp_path / "runs.sqlite"
    r = run("batch", str(warc), str(docs), "--db", str(db), "-j", "1", "--errors", str(tmp_path / "errors.jsonl"),
            "--silent")
    assert r.returncode == 1, r.stderr
    errors = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(e["source"]).name for e in errors] == ["broken.pdf"]
    assert "error:" in r.stderr and "broken.pdf" in r.stderr

    # export: every document but the corrupt one, with the right text whatever the page's encoding
    records_path = tmp_path / "records.jsonl"
    r = run("export", "--db", str(db), "--format", "jsonl", "-o", str(records_path))
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in records_path.read_text(encoding="utf-8").splitlines()]
    by_source = {rec["source"]: rec for rec in records}
    assert len(records) == 5
    assert set(fetched_urls) <= set(by_source)
    assert sorted(Path(s).name for s in by_source if "://" not in s) == SEEDS
    assert by_source[f"{server}/zwgk/gbk.html"]["metadata"]["title"] == GBK_TITLE
    assert by_source[f"{server}/zwgk/utf8.html"]["metadata"]["title"] == UTF8_TITLE
    assert 100 in [t["value"] for t in by_source[f"{server}/zwgk/gbk.html"]["targets"]]
    assert 85 in [t["value"] for t in by_source[f"{server}/download.jsp?id=7"]["targets"]]

    r = run("export", "--db", str(db), "--table", "documents", "--format", "csv", "-o", str(tmp_path / "docs.csv"))
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "docs.csv", encoding="utf-8", newline="") as fp:
        assert len(list(csv.DictReader(fp))) == 5
    r = run("export", "--db", str(db), "--table", "failures", "--format", "jsonl", "-o", str(tmp_path / "f.jsonl"))
    assert r.returncode == 0, r.stderr
    failures = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(failures) == 1 and "broken.pdf" in json.dumps(failures[0], ensure_ascii=False)

    # compare: the five documents side by side, from the exported records and from the store itself
    for source in (["--records", str(records_path)], [str(db)]):
        r = run("compare", *source, "--format", "json", "-o", str(tmp_path / "compare.json"))
        assert r.returncode == 0, r.stderr
        table = json.loads((tmp_path / "compare.json").read_text(encoding="utf-8"))
        assert len(table["documents"]) == 5
        assert sorted(d["doc_id"] for d in table["documents"]) == sorted(rec["doc_id"] for rec in records)

    # a rerun of fetch asks the server for nothing it already has
    before = dict(Handler.hits)
    r = run("fetch", str(urls), "-o", str(warc), "--delay", "0", "--retries", "0", "--allow-private")
    assert r.returncode == 1 and "0 fetched, 3 already stored, 2 failed" in r.stderr
    assert {k: v - before.get(k, 0) for k, v in Handler.hits.items() if v != before.get(k, 0)} == {
        "/robots.txt": 1, "/zwgk/gone.html": 1}


def test_batch_fetches_url_inputs_first_and_expands_globs(server, tmp_path):
    """batch INPUTS may be URLs, a file listing URLs, and a glob the shell did not expand."""
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# two pages and a dead link\n{server}/zwgk/gbk.html\n{server}/zwgk/gone.html\n",
                       encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in SEEDS:
        shutil.copy(ROOT / "corpora" / "seeds" / name, docs / name)
    db, errors = tmp_path / "b.sqlite", tmp_path / "failures.jsonl"
    r = run("batch", str(listing), f"{server}/zwgk/utf8.html", str(docs / "*.txt"), "--db", str(db), "--allow-private",
            "--errors", str(errors), "--silent", "--format", "json")
    assert r.returncode == 1, r.stderr  # the dead link
    assert f"error: {server}/zwgk/gone.html: HTTP 404" in r.stderr
    assert (tmp_path / "b.warc.gz").exists()  # fetched next to the store
    s = json.loads(r.stdout)
    assert s["done"] == 4 and [f["source"] for f in s["fetch_failed"]] == [f"{server}/zwgk/gone.html"]
    assert [json.loads(line)["source"] for line in errors.read_text(encoding="utf-8").splitlines()] == [
        f"{server}/zwgk/gone.html"]
    import sqlite3

    con = sqlite3.connect(db)
    sources = {row[0] for row in con.execute("SELECT source FROM documents")}
    assert sources == {f"{server}/zwgk/gbk.html", f"{server}/zwgk/utf8.html", *(str(docs / n) for n in SEEDS)}
    assert [row[0] for row in con.execute("SELECT source FROM failures")] == [f"{server}/zwgk/gone.html"]
    # a rerun fetches nothing again and extracts nothing again
    hits = dict(Handler.hits)
    r = run("batch", str(listing), f"{server}/zwgk/utf8.html", str(docs / "*.txt"), "--db", str(db), "--allow-private", "--silent",
            "--format", "json")
    assert json.loads(r.stdout)["done"] == 0
    assert {k for k, v in Handler.hits.items() if v != hits.get(k, 0)} <= {"/zwgk/gone.html", "/robots.txt"}


def test_the_http_charset_reaches_the_reader(server, tmp_path):
    warc, db = tmp_path / "c.warc.gz", tmp_path / "c.sqlite"
    r = run("fetch", f"{server}/zwgk/ncr.html", "-o", str(warc), "--delay", "0", "-q", "--allow-private")
    assert r.returncode == 0, r.stderr
    r = run("batch", str(warc), "--db", str(db), "--silent")
    assert r.returncode == 0, r.stderr
    import sqlite3

    enc, title = sqlite3.connect(db).execute("SELECT encoding, title FROM documents").fetchone()
    assert enc == "big5"  # from the Content-Type header; detection alone says utf-8
