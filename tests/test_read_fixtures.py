"""Golden tests: every reader fixture in tests/fixtures/read/ reads back to exactly its known body."""
from __future__ import annotations

from pathlib import Path

import pytest

from policytext.read import read_bytes, read_path

FIX = Path(__file__).resolve().parent / "fixtures" / "read"
GOLDEN = sorted(p for p in FIX.iterdir() if (FIX / (p.name + ".expected.txt")).exists())

ENCODINGS = {
    "big5.txt": "big5", "gb18030.txt": "gb18030", "utf16.txt": "utf-16", "utf8bom.txt": "utf-8-sig",
    "p1_gbk_trs.html": "gb18030", "p2_utf8_meta.html": "utf-8", "p3_layout_mislabeled.html": "gb18030",
    "p4_big5_zoom.html": "big5", "p5_html5_nocharset.html": "utf-8", "h6_wrapper_content.html": "utf-8",
    "h7_gbk_spans.html": "gb18030", "h8_news_related.html": "utf-8", "report.pdf": None, "table.docx": None,
}

CHROME = ["您当前的位置", "您當前的位置", "当前位置", "您现在的位置", "字号", "字號", "打印", "列印", "关闭", "關閉",
          "视力保护色", "上一篇", "下一篇", "相关链接", "相关文章", "相关信息", "相關鏈接", "ICP备", "ICP備", "网站标识码",
          "公网安备", "版权所有", "版權所有", "Copyright", "发布时间", "發布時間", "浏览次数", "北京赛车", "北京賽車",
          "辽宁11选5", "幸运飞艇", "分享到", "扫一扫", "最新信息", "热点排行", "责任编辑", "政务公开", "首页"]


def test_fixture_set_is_complete():
    names = {p.name for p in GOLDEN}
    assert set(ENCODINGS) <= names, set(ENCODINGS) - names
    assert len([n for n in names if n.endswith(".html")]) >= 5


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_body(path):
    doc = read_path(path)
    expected = (FIX / (path.name + ".expected.txt")).read_text(encoding="utf-8").rstrip("\n")
    assert doc.text.rstrip("\n") == expected


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encoding_reported(name):
    doc = read_path(FIX / name)
    assert doc.encoding == ENCODINGS[name]
    assert doc.format == {"txt": "txt", "html": "html", "pdf": "pdf", "docx": "docx"}[name.rsplit(".", 1)[1]]


@pytest.mark.parametrize("path", [p for p in GOLDEN if p.suffix in (".html", ".pdf", ".docx")], ids=lambda p: p.name)
def test_no_chrome_left(path):
    text = read_path(path).text
    expected = (FIX / (path.name + ".expected.txt")).read_text(encoding="utf-8")
    for word in CHROME:
        if word not in expected:  # a word the body itself uses is not chrome
            assert word not in text, f"{word!r} left in {path.name}"


def test_read_bytes_equals_read_path():
    p = FIX / "p1_gbk_trs.html"
    assert read_bytes(p.read_bytes(), p.name) == read_path(p)


def test_html_meta_fields():
    doc = read_path(FIX / "p2_utf8_meta.html")
    assert doc.meta["ArticleTitle"] == "关于深化义务教育均衡发展推行集团化办学的意见"
    assert doc.meta["PubDate"] == "2016-07-12 09:30"
    assert doc.meta["ContentSource"] == "邯郸市教育局"
    assert doc.meta["keywords"] == "集团化办学,义务教育,均衡发展"
    assert doc.meta["description"].startswith("推行集团化办学")
    assert doc.meta["title"] == "关于深化义务教育均衡发展推行集团化办学的意见-邯郸市教育局"
    kinds = {k for k, _ in doc.hints["removed"]}
    assert {"breadcrumb", "toolbar", "prev_next", "related"} <= kinds
    assert doc.hints["title_lines"] == ["关于深化义务教育均衡发展推行集团化办学的意见"]
    assert doc.hints["tables"] == 1
    assert "2017年\t60%以上\t城区全覆盖" in doc.text.split("\n")


@pytest.mark.parametrize("name,title", [
    ("p1_gbk_trs.html", "2026年北京市政府工作报告"),
    ("p3_layout_mislabeled.html", "2026年安徽省政府工作报告"),
    ("p4_big5_zoom.html", "關于印發《遼陽縣中小學(幼兒園)協作化辦學發展規劃(2019-2022)》的通知"),
    ("h6_wrapper_content.html", "2026年湖北省政府工作报告"),
])
def test_headline_found_and_first(name, title):
    doc = read_path(FIX / name)
    assert doc.hints["title_lines"] == [title]
    assert doc.text.split("\n")[0] == title


def test_pdf_layout():
    doc = read_path(FIX / "report.pdf")
    assert doc.hints["pages"] == 2
    kinds = [k for k, _ in doc.hints["removed"]]
    assert kinds.count("header") == 2 and kinds.count("page_number") == 4
    assert doc.meta["Title"] == "关于深化义务教育均衡发展推行集团化办学的意见"
    assert doc.meta["Author"] == "邯郸市教育局"
    assert "邯郸市教育局文件" not in doc.text and "第1页" not in doc.text and "- 2 -" not in doc.text
    assert " " not in doc.text.replace("\t", "")  # CJK lines joined without spaces
    assert "一、指导思想" in doc.hints["headings"]


def test_pdf_paragraph_crosses_page_break():
    """The fixture puts a page break inside a paragraph; the reader must give it back as one line."""
    import pdfplumber

    with pdfplumber.open(FIX / "report.pdf") as pdf:
        last = pdf.pages[0].extract_text_lines()[-3]["text"]  # last body line above the footer lines
        first = pdf.pages[1].extract_text_lines()[1]["text"]  # first body line below the header
    lines = read_path(FIX / "report.pdf").text.split("\n")
    joined = [ln for ln in lines if last.replace(" ", "") in ln]
    assert joined and first.replace(" ", "") in joined[0]


def test_docx_structure():
    doc = read_path(FIX / "table.docx")
    assert "页眉" not in doc.text and "页脚" not in doc.text
    assert doc.meta == {"title": "西宁市进一步完善强校带弱校城乡对口支援办学机制经验材料", "author": "青海省教育厅办公室",
                        "created": "2019-12-17T09:00:00+00:00"}
    assert doc.hints["headings"] == ["西宁市进一步完善强校带弱校城乡对口支援办学机制经验材料", "二、其他做法"]
    lines = doc.text.split("\n")
    assert "指标\t2018年\t2019年" in lines
    assert "注：数据来源于西宁市教育局" in lines  # a merged cell is written once
    assert lines.index("指标\t2018年\t2019年") < lines.index("二、其他做法")  # body order kept


def test_fixtures_are_deterministic(tmp_path, monkeypatch):
    """Rebuilding the fixtures gives the committed bytes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", FIX.parent / "build_read_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "OUT", tmp_path)
    mod.main()
    for p in tmp_path.iterdir():
        assert p.read_bytes() == (FIX / p.name).read_bytes(), p.name
