"""PDF reader units: page-number patterns, running header/footer removal, paragraph re-joining rules."""
from __future__ import annotations

import io

import pytest

from policytext.read.pdf import PAGE_NUMBER, _paragraphs, _strip_running


@pytest.mark.parametrize("s", ["- 3 -", "— 12 —", "－3－", "3", "第3页 共10页", "第 3 页", "共10页 第3页", "3/10", "3 / 10",
                               "Page 3 of 10", "·3·"])
def test_page_numbers(s):
    assert PAGE_NUMBER.match(s)


@pytest.mark.parametrize("s", ["2019年3月", "一、指导思想", "第三条 各地要", "3.因地制宜", "10%"])
def test_not_page_numbers(s):
    assert not PAGE_NUMBER.match(s)


def L(text, x0, top, x1=None, size=12.0):
    """A fake pdfplumber text line; full-width lines end at x=520."""
    return {"text": text, "x0": x0, "x1": x1 if x1 is not None else 520.0, "top": top, "bottom": top + size}


def test_wrapped_lines_rejoin_and_indents_break():
    page = [
        L("关于推进集团化办学的意见", 150, 80, x1=400),
        L("各县市区教育局：", 72, 110, x1=170),
        L("为推进义务教育均衡发展，现就集团化办学提出如下意见，请各地", 96, 130),
        L("结合实际认真贯彻落实。", 72, 150, x1=210),
        L("一、指导思想", 72, 170, x1=150),
        L("全面贯彻党的教育方针，坚持以人民为中心的发展思想，推进教育", 96, 190),
        L("公平。着力办好每一所学校，办好人民满意的教育，促进城乡教育", 72, 210),
        L("一体化发展", 72, 230, x1=130),
    ]
    paras, headings = _paragraphs([page])
    assert paras == [
        "关于推进集团化办学的意见",
        "各县市区教育局：",
        "为推进义务教育均衡发展，现就集团化办学提出如下意见，请各地结合实际认真贯彻落实。",
        "一、指导思想",
        "全面贯彻党的教育方针，坚持以人民为中心的发展思想，推进教育公平。着力办好每一所学校，办好人民满意的教育，促进城乡教育一体化发展",
    ]
    assert headings == ["一、指导思想"]


def test_join_across_pages_and_heading_marker_breaks():
    p1 = [L("各地要建立健全集团化办学考核机制，把集团化办学工作纳入督导", 96, 700)]
    p2 = [L("评估内容，定期通报工作进展情况", 72, 90),
          L("（一）紧密合作型。优质学校为集团总校，若干相对薄弱学校为成员", 72, 110),
          L("学校，实行一体化管理。", 72, 130, x1=200)]
    paras, _ = _paragraphs([p1, p2])
    assert paras == ["各地要建立健全集团化办学考核机制，把集团化办学工作纳入督导评估内容，定期通报工作进展情况",
                     "（一）紧密合作型。优质学校为集团总校，若干相对薄弱学校为成员学校，实行一体化管理。"]


def test_latin_words_join_with_space():
    paras, _ = _paragraphs([[L("The plan covers schools in the whole", 72, 100), L("city by 2020.", 72, 120, x1=150)]])
    assert paras == ["The plan covers schools in the whole city by 2020."]


def test_running_header_footer_removed_only_when_repeated():
    def page(n):
        return (595, 842, [L("某某市人民政府文件", 72, 40, x1=250), L(f"正文第{n}页的内容，不是页眉。", 72, 300),
                           L(f"- {n} -", 280, 800, x1=300)])
    removed = []
    kept = _strip_running([page(1), page(2), page(3)], removed)
    assert [[ln["text"] for ln in p] for p in kept] == [["正文第1页的内容，不是页眉。"], ["正文第2页的内容，不是页眉。"],
                                                          ["正文第3页的内容，不是页眉。"]]
    assert [k for k, _ in removed].count("header") == 3
    single = _strip_running([(595, 842, [L("某某市人民政府文件", 72, 40, x1=250), L("正文", 72, 300)])], [])
    assert [ln["text"] for ln in single[0]] == ["某某市人民政府文件", "正文"]  # one page: nothing repeats


def test_reportlab_roundtrip_chinese_and_latin(tmp_path):
    """pdfplumber gets the STSong-Light CID text back exactly (the fixture's premise)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from policytext.read import read_bytes

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "遼陽縣與西宁市：集团化办学覆盖率达到95%以上。")
    c.showPage()
    c.save()
    doc = read_bytes(buf.getvalue(), "one.pdf")
    assert doc.text == "遼陽縣與西宁市：集团化办学覆盖率达到95%以上。"
    assert doc.hints["pages"] == 1 and doc.encoding is None
