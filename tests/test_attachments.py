"""Pages whose body is only attachment links or an image, ``fetch --follow-attachments``, and the parent page of
each attachment in batch and export — against a real HTTP server on 127.0.0.1 (a school site of our own wording),
real LibreOffice (a .doc made from a .docx written here), real Tesseract (an image of text drawn here), real SQLite.

The site: a notice whose body is only 附件：XX.doc and XX.pdf links (plus a link robots.txt disallows and one on
another host), a notice that is only a JPG, a text notice whose 附件 link goes through download.jsp to a .docx;
menus, 上一篇/下一篇 and share bars link files too, which are never fetched.
"""
from __future__ import annotations

import csv
import http.server
import json
import subprocess
import sys
import threading
from io import BytesIO
from pathlib import Path

import pytest

from policytext.read.legacy import DEBIAN_PACKAGE, find_soffice
from policytext.read.ocr import DEBIAN_PACKAGES, ocr_available

from .conftest import ROOT, local_http_server, notice_pdf

EXE = str(Path(sys.executable).parent / "policytext")
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")

NOTICE1_TITLE = "关于公布2025年校级优秀学生名单的通知"
NOTICE2_TITLE = "关于调整夏季作息时间的通知"
NOTICE3_TITLE = "关于开展学生体质健康申报工作的通知"
DOC_LINES = ["2025年校级优秀学生名单", "经班级推荐、年级审核、学校公示，评出校级优秀学生一百二十名。",
             "高一年级：王小明、李晓红、赵一帆。", "高二年级：陈思远、刘雨桐。"]
PDF = notice_pdf("2025年校级优秀学生名单（盖章版）", "经学校研究决定，授予王小明等一百二十名同学校级优秀学生称号。")
DOCX_LINES = ["学生体质健康申报表填写说明", "到2026年，全校学生体质健康达标率达到95%以上。",
              "各班于2026年6月30日前提交申报材料。"]
IMAGE_LINES = ["关于调整夏季作息时间的通知", "自6月1日起全校执行夏季作息时间", "上午第一节课八时开始"]


def _docx(lines: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    buf = BytesIO()
    d.save(buf)
    return buf.getvalue()


def _jpeg(lines: list[str]) -> bytes:
    """The lines drawn black on white at 40 px (a notice posted as a picture), saved as JPEG."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 40)
    for index in range(8):
        f = ImageFont.truetype(str(FONT), 40, index=index)
        if "SC" in f.getname()[0]:
            font = f
            break
    img = Image.new("L", (1000, 100 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((60, 50 + 80 * i), line, font=font, fill=0)
    buf = BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=92)
    return buf.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, bytes]:
    if find_soffice() is None:
        pytest.skip(f"needs LibreOffice (apt-get install {DEBIAN_PACKAGE})")
    tmp = tmp_path_factory.mktemp("attach")
    src = tmp / "mingdan.docx"
    src.write_bytes(_docx(DOC_LINES))
    subprocess.run([find_soffice(), f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp), str(src)], check=True, capture_output=True,
                   timeout=120)
    out = {"doc": (tmp / "mingdan.doc").read_bytes(), "docx": _docx(DOCX_LINES), "pdf": PDF}
    if FONT.exists():
        out["jpg"] = _jpeg(IMAGE_LINES)
    return out


NAV = ("<div class='nav'><a href='/'>首页</a> | <a href='/tzgg/'>通知公告</a> | <a href='/bszn/zhinan.pdf'>办事指南.pdf</a>"
       "</div>")
FOOT = "<div class='footer'>版权所有 某某市第一示例中学 地址：某某市学府路1号</div>"


def _page(title: str, content: str, other: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_通知公告_某某市第一示例中学</title></head>"
            f"<body>{NAV}<div class='main'><h1>{title}</h1><div class='info'>发布时间：2025-06-12 来源：学生处</div>"
            f"<div class='content'>{content}</div><div class='prevnext'><a href='/tzgg/old.pdf'>上一篇：往年名单.pdf</a>"
            f"<a href='/tzgg/9.html'>下一篇：关于开展安全教育的通知</a></div><div class='share'>分享到："
            f"<a href='{other}/share?u=1'><img src='{other}/img/wx.png' width='16'></a></div></div>{FOOT}"
            "</body></html>").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}
    hits: dict[str, int] = {}
    referers: dict[str, str | None] = {}
    other = ""  # the base URL of the other host
    lock = threading.Lock()

    def log_message(self, *a):
        pass

    def do_GET(self):  # noqa: C901 - one route table
        with Handler.lock:
            Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
            Handler.referers[self.path] = self.headers.get("Referer")
        p, f, other = self.path, Handler.files, Handler.other
        routes = {
            "/robots.txt": (b"User-agent: *\nDisallow: /uploads/private/\n", "text/plain"),
            "/tzgg/1.html": (_page(NOTICE1_TITLE, "<p>附件：</p><p><a href='/uploads/2025/mingdan.doc'>"
                                                  "<img src='/img/icon_doc.gif'>2025年校级优秀学生名单.doc</a></p>"
                                                  "<p><a href='/uploads/2025/mingdan.pdf'>2025年校级优秀学生名单.pdf</a>"
                                                  "</p><p><a href='/uploads/private/neibu.docx'>内部审核表.docx</a></p>"
                                                  f"<p><a href='{other}/files/waibu.pdf'>上级文件.pdf</a></p>", other),
                             "text/html; charset=utf-8"),
            "/tzgg/2.html": (_page(NOTICE2_TITLE, "<p style='text-align:center'><img src='/uploads/2025/zuoxi.jpg' "
                                                  "alt='夏季作息时间'></p>", other), "text/html; charset=utf-8"),
            "/tzgg/3.html": (_page(NOTICE3_TITLE, "<p>各班主任：</p><p>为做好学生体质健康测试数据申报工作，请组织学生按要求"
                                                  "填写申报表，由班主任汇总后报学生处。</p><p>附件：<a href='/download.jsp?"
                                                  "id=5'>学生体质健康申报表</a></p>", other), "text/html; charset=utf-8"),
            "/uploads/2025/mingdan.doc": (f.get("doc", b""), "application/msword"),
            "/uploads/2025/mingdan.pdf": (f.get("pdf", b""), "application/pdf"),
            "/uploads/2025/zuoxi.jpg": (f.get("jpg", b""), "image/jpeg"),
            "/uploads/2025/shenbao.docx": (f.get("docx", b""), "application/octet-stream"),
            "/uploads/private/neibu.docx": (f.get("docx", b""), "application/octet-stream"),
        }
        if p == "/download.jsp?id=5":
            self.send_response(302)
            self.send_header("Location", "/uploads/2025/shenbao.docx")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, ctype = routes.get(p, (b"not found", "text/plain"))
        self.send_response(200 if p in routes else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site(files):
    """(base URL of the school site, base URL of another host) — two servers on 127.0.0.1."""
    with local_http_server(Handler) as base, local_http_server(Handler) as other:
        Handler.files, Handler.other = files, other
        yield base, other


def _seeds(base: str) -> list[str]:
    return [f"{base}/tzgg/1.html", f"{base}/tzgg/2.html", f"{base}/tzgg/3.html"]


def test_fetch_follows_the_attachments_of_each_page_on_its_host(site, tmp_path):
    from policytext.fetch import fetch, iter_warc

    base, other = site
    Handler.hits.clear()
    warc = tmp_path / "site.warc.gz"
    s = fetch(_seeds(base), warc, delay=0, retries=0, allow_private=True, follow_attachments=True)
    got = {f.final_url: f.parent for f in s.fetched}
    assert got == {f"{base}/tzgg/1.html": None, f"{base}/tzgg/2.html": None, f"{base}/tzgg/3.html": None,
                   f"{base}/uploads/2025/mingdan.doc": f"{base}/tzgg/1.html",
                   f"{base}/uploads/2025/mingdan.pdf": f"{base}/tzgg/1.html",
                   f"{base}/uploads/2025/shenbao.docx": f"{base}/tzgg/3.html"}  # no image without follow_images
    assert [(f.url, f.reason) for f in s.failed] == [(f"{base}/uploads/private/neibu.docx", "disallowed by robots.txt")]
    assert any(f"{other}/files/waibu.pdf" in n and "another host" in n for n in s.notes)
    assert s.to_dict()["counts"]["attachments"] == 3
    # never asked for: robots-disallowed, other host, menu, 上一篇, share-button icons, the image, the doc icon
    for path in ("/uploads/private/neibu.docx", "/bszn/zhinan.pdf", "/tzgg/old.pdf", "/tzgg/9.html",
                 "/uploads/2025/zuoxi.jpg", "/img/icon_doc.gif", "/img/wx.png", "/files/waibu.pdf"):
        assert Handler.hits.get(path, 0) == 0, path
    # the server saw the page as Referer (through the redirect too); the WARC keeps it
    assert Handler.referers["/uploads/2025/mingdan.doc"] == f"{base}/tzgg/1.html"
    assert Handler.referers["/download.jsp?id=5"] == Handler.referers["/uploads/2025/shenbao.docx"] \
        == f"{base}/tzgg/3.html"
    assert Handler.referers["/tzgg/1.html"] is None
    stored = {url: ref for url, _, _, ref in iter_warc(warc, referers=True)}
    assert stored == got
    # a rerun asks nothing again but robots.txt: the pages are stored, and so are their attachments (the
    # disallowed one is tried again, and refused again before any request for it)
    before = {k: v for k, v in Handler.hits.items() if k != "/robots.txt"}
    s2 = fetch(_seeds(base), warc, delay=0, retries=0, allow_private=True, follow_attachments=True)
    assert not s2.fetched and len(s2.skipped) == 6 and [f.reason for f in s2.failed] == ["disallowed by robots.txt"]
    assert {k: v for k, v in Handler.hits.items() if k != "/robots.txt"} == before


def test_fetch_follow_images_fetches_the_content_image_only(site, tmp_path):
    from policytext.fetch import fetch

    base, _ = site
    Handler.hits.clear()
    s = fetch([f"{base}/tzgg/2.html"], tmp_path / "img.warc", delay=0, retries=0, allow_private=True,
              follow_attachments=True, follow_images=True)
    assert [(f.final_url, f.kind, f.parent) for f in s.fetched] == [
        (f"{base}/tzgg/2.html", "html", None), (f"{base}/uploads/2025/zuoxi.jpg", "other", f"{base}/tzgg/2.html")]
    assert Handler.hits.get("/img/wx.png", 0) == 0


@pytest.mark.skipif(ocr_available() is not None, reason=f"needs Tesseract with chi_sim ({DEBIAN_PACKAGES})")
@pytest.mark.skipif(not FONT.exists(), reason="needs the Noto CJK fonts (apt-get install fonts-noto-cjk)")
def test_cli_fetch_attachments_batch_export_parents(site, tmp_path):
    """The user's flow: fetch --follow-attachments --ocr-images, batch --ocr-images, export: every attachment
    joined to its notice page, the pages themselves documents, nothing disallowed or off-host fetched."""
    base, other = site
    Handler.hits.clear()
    warc, db = tmp_path / "school.warc.gz", tmp_path / "school.sqlite"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=600, cwd=ROOT)

    r = run("fetch", *_seeds(base), "-o", str(warc), "--follow-attachments", "--ocr-images", "--allow-private",
            "--delay", "0", "--retries", "0", "-q", "--format", "json")
    assert r.returncode == 1, r.stderr  # one attachment is disallowed by robots.txt: a failed URL
    out = json.loads(r.stdout)
    assert out["counts"] == {"fetched": 7, "skipped": 0, "failed": 1, "attachments": 4}
    assert "7 fetched (4 attachments), 0 already stored, 1 failed" in r.stderr
    assert f"{base}/uploads/private/neibu.docx: disallowed by robots.txt" in r.stderr
    assert Handler.hits.get("/files/waibu.pdf", 0) == 0 and f"{other}/files/waibu.pdf" in r.stderr  # noted only

    r = run("batch", str(warc), "--db", str(db), "--ocr-images", "--jobs", "2", "--silent")
    assert r.returncode == 0, r.stderr
    assert "7 inputs: 7 done" in r.stderr and "4 documents stored with the page they are attached to" in r.stderr

    r = run("export", "--db", str(db), "--table", "documents", "--format", "csv", "-o", str(tmp_path / "d.csv"))
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "d.csv", encoding="utf-8") as fp:
        docs = {row["source"]: row for row in csv.DictReader(fp)}
    assert {s: row["parent"] for s, row in docs.items()} == {
        f"{base}/tzgg/1.html": "", f"{base}/tzgg/2.html": "", f"{base}/tzgg/3.html": "",
        f"{base}/uploads/2025/mingdan.doc": f"{base}/tzgg/1.html",
        f"{base}/uploads/2025/mingdan.pdf": f"{base}/tzgg/1.html",
        f"{base}/uploads/2025/zuoxi.jpg": f"{base}/tzgg/2.html",
        f"{base}/uploads/2025/shenbao.docx": f"{base}/tzgg/3.html"}
    assert docs[f"{base}/tzgg/1.html"]["title"] == NOTICE1_TITLE and docs[f"{base}/tzgg/2.html"]["title"] == NOTICE2_TITLE
    assert docs[f"{base}/uploads/2025/mingdan.doc"]["format"] == "doc"

    r = run("export", "--db", str(db), "-o", str(tmp_path / "all.jsonl"))
    assert r.returncode == 0, r.stderr
    recs = {x["source"]: x for x in map(json.loads, (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines())}
    page1 = recs[f"{base}/tzgg/1.html"]
    assert [(x["kind"], x["url"], x["ext"]) for x in page1["links"]] == [
        ("attachment", f"{base}/uploads/2025/mingdan.doc", "doc"), ("attachment", f"{base}/uploads/2025/mingdan.pdf", "pdf"),
        ("attachment", f"{base}/uploads/private/neibu.docx", "docx"), ("attachment", f"{other}/files/waibu.pdf", "pdf")]
    assert (page1["targets"], page1["mechanisms"], page1["deadlines"]) == ([], [], [])
    assert recs[f"{base}/uploads/2025/mingdan.doc"]["parent"] == f"{base}/tzgg/1.html"
    doc_text = recs[f"{base}/uploads/2025/mingdan.doc"]["text"]
    assert all(line in doc_text for line in DOC_LINES)
    assert "授予王小明等一百二十名同学校级优秀学生称号" in recs[f"{base}/uploads/2025/mingdan.pdf"]["text"]
    jpg = recs[f"{base}/uploads/2025/zuoxi.jpg"]
    assert "夏季作息时间" in jpg["text"].replace(" ", "")  # the image of text, read by OCR
    shenbao = recs[f"{base}/uploads/2025/shenbao.docx"]
    assert [(t["value"], t["unit"], t["comparator"], t["year"], t["kind"]) for t in shenbao["targets"]] == [
        (95, "%", ">=", 2026, "target")]
    # one deadline per explicit date expression (the annotation convention): 到2026年 and 6月30日前
    assert [(d["date"], d["type"]) for d in shenbao["deadlines"]] == [("2026", "due"), ("2026-06-30", "due")]

    r = run("export", "--db", str(db), "--table", "links", "--format", "jsonl", "-o", "-")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert {(x["url"], x["resolved"]) for x in rows if x["kind"] == "image"} == {
        (f"{base}/uploads/2025/zuoxi.jpg", f"{base}/uploads/2025/zuoxi.jpg")}
    assert len(rows) == 4 + 1 + 1  # notice 1's four attachments, notice 2's image, notice 3's 附件 link


def test_folder_of_saved_pages_joins_files_next_to_them(tmp_path, files):
    """Saved pages and their attachments in a folder: a relative link, and an absolute link whose file was saved
    next to the page, both get the page as parent; a file no page links to has none."""
    from policytext.batch import run_batch
    from policytext.store import Store

    site = tmp_path / "site"
    (site / "files").mkdir(parents=True)
    (site / "notice.html").write_bytes(
        f"<html><head><meta charset='utf-8'><title>{NOTICE3_TITLE}</title></head><body><div class='content'>"
        "<p>附件：<a href='files/shenbao.docx'>申报表.docx</a></p><p><a href='http://www.school.example.cn/u/"
        "mingdan.pdf'>名单.pdf</a></p></div></body></html>".encode())
    (site / "files" / "shenbao.docx").write_bytes(files["docx"])
    (site / "mingdan.pdf").write_bytes(files["pdf"])
    (site / "other.pdf").write_bytes(notice_pdf("关于做好食堂管理工作的通知", "各校要落实食品安全主体责任。"))
    s = run_batch(sorted(p for p in site.rglob("*") if p.is_file()), tmp_path / "f.sqlite", jobs=1)
    assert s.done == 4 and not s.failed and s.parents == 2
    with Store(tmp_path / "f.sqlite") as st:
        parents = {r["source"]: r.get("parent") for r in st.records()}
    page = str(site / "notice.html")
    assert parents == {page: None, str(site / "files" / "shenbao.docx"): page, str(site / "mingdan.pdf"): page,
                       str(site / "other.pdf"): None}


def test_cli_batch_of_a_url_follows_its_attachments(site, tmp_path):
    """batch URL --follow-attachments: the page and its 附件 (through download.jsp) in one command, the
    attachment stored with the page as parent."""
    base, _ = site
    db = tmp_path / "b.sqlite"
    r = subprocess.run([EXE, "batch", f"{base}/tzgg/3.html", "--db", str(db), "--allow-private", "--follow-attachments",
                        "--jobs", "1", "--silent", "--format", "json"], capture_output=True, text=True, timeout=600,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["done"], out["parents"]) == (2, 1)
    from policytext.store import Store

    with Store(db) as st:
        assert {d["source"]: d["parent"] for d in st.rows("documents")} == {
            f"{base}/tzgg/3.html": None, f"{base}/uploads/2025/shenbao.docx": f"{base}/tzgg/3.html"}
