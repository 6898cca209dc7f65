"""HTML reader units: charset handling, body choice, chrome lines, tables, whitespace, speed on hostile input."""
from __future__ import annotations

import time

import pytest

from policytext.errors import EmptyInputError, PolicytextError
from policytext.read import read_bytes
from policytext.read.html import extract_body

P1 = "各县市区教育局要加强组织领导，统筹推进义务教育均衡发展，确保各项任务落到实处。"
P2 = "到2020年，全市义务教育集团化覆盖率达到95%以上，城乡学校结对帮扶实现全覆盖。"
P3 = "各地要建立健全工作考核机制，将集团化办学纳入县级政府教育工作督导评估内容。"


def page(body: str, head: str = "", charset: str = "utf-8") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode(charset)


def test_declared_charset_is_honoured_for_ambiguous_bytes():
    """Short GBK text that also decodes as Big5: the page's declaration decides."""
    body = "<div class='content'><p>中文教育</p><p>政府文件</p></div>"
    doc = read_bytes(page(body, '<meta charset="gb2312">', "gbk"), "a.html")
    assert doc.encoding == "gb18030" and "中文教育" in doc.text


def test_wrong_declaration_falls_back_to_detection():
    body = f"<div class='TRS_Editor'><p>{P1}</p><p>{P2}</p></div>"
    doc = read_bytes(page(body, '<meta charset="big5">', "gbk"), "a.html")
    assert doc.encoding == "gb18030" and doc.text == f"{P1}\n{P2}"


def test_traditional_chrome_inside_container():
    body = (f"<div id='zoom'><p>您當前的位置：首頁 &gt; 政務公開</p><p>【字號：大 中 小】【列印】【關閉】</p>"
            f"<p>{P1}</p><p>{P2}</p><p>上一篇：關於做好工作的通知</p><p>相關鏈接</p>"
            f"<p><a href='/1'>某某縣召開會議</a></p><p>版權所有：某某縣人民政府 遼ICP備12003456號</p></div>")
    doc = read_bytes(page(body), "t.html")
    assert doc.text == f"{P1}\n{P2}"
    kinds = [k for k, _ in doc.hints["removed"]]
    assert kinds == ["breadcrumb", "toolbar", "prev_next", "related", "related", "related"]


def test_body_sentences_with_tool_words_are_kept():
    """关闭 / 打印 / 相关 inside real sentences are not chrome."""
    s1 = "依法关闭不符合安全生产条件的小煤矿，关闭整合工作于年底前完成。"
    s2 = "相关部门要按照职责分工，打印并张贴公告，做好政策宣传解读工作。"
    doc = read_bytes(page(f"<div class='article'><p>{s1}</p><p>{s2}</p><p>{P1}</p></div>"), "k.html")
    assert doc.text == f"{s1}\n{s2}\n{P1}"


def test_density_fallback_skips_link_columns():
    links = "".join(f"<li><a href='/{i}'>市政府召开第{i}次常务会议研究部署重点工作</a></li>" for i in range(12))
    body = f"<div class='l'><ul>{links}</ul></div><div class='r'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    doc = read_bytes(page(body), "d.html")
    assert doc.text == f"{P1}\n{P2}\n{P3}"
    assert doc.hints["container"].startswith("density:")


def test_spam_link_run_inside_body_removed_attachments_kept():
    spam = "".join(f"<p><a href='http://s{i}.example'>彩票平台{i}</a></p>" for i in range(5))
    body = (f"<div class='TRS_Editor'><p>{P1}</p>{spam}<p>{P2}</p>"
            f"<p>附件：<a href='/f/plan.pdf'>实施方案.pdf</a></p><p><a href='/f/b.docx'>附件2.申报表.docx</a></p></div>")
    doc = read_bytes(page(body), "s.html")
    assert doc.text == f"{P1}\n{P2}\n附件：实施方案.pdf\n附件2.申报表.docx"


def test_br_paragraphs_tables_and_source_line_breaks():
    body = (f"<div class='content'>{P1[:20]}\n  {P1[20:]}<br>{P2}<br/><br/>{P3}"
            "<table><tr><th>项目</th><th>目标</th></tr><tr><td>覆盖率</td><td><p>95%</p></td></tr></table>"
            "<p>Policy\n text 2019\n2020</p></div>")
    doc = read_bytes(page(body), "b.html")
    assert doc.text == f"{P1}\n{P2}\n{P3}\n项目\t目标\n覆盖率\t95%\nPolicy text 20192020"


def test_meta_and_headline_outside_body():
    head = ('<title>关于推进集团化办学的意见_某市教育局</title><meta name="ArticleTitle" content="关于推进集团化办学的意见">'
            '<meta name="PubDate" content="2019-12-17"><meta name="ContentSource" content="某市教育局">')
    body = (f"<div class='article'><h1>关于推进集团化办学的意见</h1><div class='info'>发布时间：2019-12-17 来源：某市教育局</div>"
            f"<div class='TRS_Editor'><p>{P1}</p><p>{P2}</p></div></div>")
    doc = read_bytes(page(body, head), "m.html")
    assert doc.meta == {"ArticleTitle": "关于推进集团化办学的意见", "PubDate": "2019-12-17", "ContentSource": "某市教育局",
                        "title": "关于推进集团化办学的意见_某市教育局"}
    assert doc.text == f"关于推进集团化办学的意见\n{P1}\n{P2}"


def test_xml_declaration_and_hidden_elements():
    html = ('<?xml version="1.0" encoding="utf-8"?><html><body><div class="content">'
            f'<p>{P1}</p><div style="display: none"><a href="x">隐藏的垃圾链接</a></div><script>var a="<p>脚本</p>";</script>'
            f'<p>{P2}</p></div></body></html>')
    doc = read_bytes(html.encode("utf-8"), "x.xhtml")
    assert doc.text == f"{P1}\n{P2}"


def test_hostile_input_is_fast():
    """No catastrophic backtracking: long attribute soup, a huge line of chrome-looking words, deep nesting."""
    blobs = [
        b"<html><head><meta " + b"a" * 200_000 + b"></head><body><p>" + P1.encode() + b"</p></body></html>",
        ("<html><body><div class='content'><p>" + "当前位置：首页 > " * 20_000 + "</p><p>" + P1
         + "</p></div></body></html>").encode(),
        ("<div>" * 3000 + P1 + "</div>" * 3000).encode(),
        ("<p>" + "字号【大 中 小】打印 " * 20_000 + "</p>").encode(),
        # 20,000 links in one block, and 20,000 link paragraphs after a 附件 label (read/links.py)
        ("<div class='content'><p>附件：</p>" + "".join(f"<a href='/x{i}'>文件{i}</a>" for i in range(20_000))
         + "</div>").encode(),
        ("<div class='content'><p>附件：</p>" + "".join(f"<p><a href='/x{i}'>文件{i}</a></p>" for i in range(20_000))
         + "</div>").encode(),
    ]
    for blob in blobs:
        t0 = time.perf_counter()
        try:
            read_bytes(blob, "h.html")
        except PolicytextError:  # e.g. nothing left; a crash (RecursionError…) would fail the test
            pass
        assert time.perf_counter() - t0 < 3.0


def test_extract_body_on_text():
    text, meta, hints = extract_body(f"<html><body><article><p>{P1}</p></article></body></html>")
    assert text == P1 and meta == {} and hints["removed"] == []


def test_info_lines_versus_meeting_times():
    body = (f"<div class='content'><p>发布时间：2024-03-01 来源：市政府办公室</p><p>日期：2024-03-01　作者：张三　浏览次数：12</p>"
            f"<p>{P1}</p><p>时间：2024年3月5日上午9时</p><p>地点：市政府三楼会议室</p></div>")
    doc = read_bytes(page(body), "n.html")
    assert doc.text == f"{P1}\n时间：2024年3月5日上午9时\n地点：市政府三楼会议室"
    assert [k for k, _ in doc.hints["removed"]] == ["info", "info"]


def test_http_charset_argument():
    from policytext.read.html import read_html

    data = page("<div class='content'><p>中文教育</p><p>政府文件</p></div>", charset="big5")
    assert read_html(data, "h.html", charset="big5").encoding == "big5"
    assert read_html(data, "h.html", charset="big5").text == "中文教育\n政府文件"


# ---- a page's own attachment and image links (hints["links"], Document.links) --------------------------------
SITE = "http://www.school.example.cn"
NAV = ("<div class='nav'><a href='/'>首页</a> | <a href='/xxgk/'>信息公开</a> | <a href='/bszn/zhinan.pdf'>办事指南.pdf</a>"
       " | <a href='/tzgg/'>通知公告</a></div>")
SIDE = ("<div class='left'><h3>常用下载</h3><ul><li><a href='/down/qingjia.doc'>请假单.doc</a></li>"
        "<li><a href='/down/baoxiao.xls'>报销单.xls</a></li><li><a href='/down/yongche.doc'>用车申请.doc</a></li></ul></div>")
PREV_NEXT = ("<div class='prevnext'><a href='/tzgg/11.html'>上一篇：关于开展安全演练的通知</a>"
             "<a href='/tzgg/13.pdf'>下一篇：暑假安排.pdf</a></div>")
SHARE = ("<div class='share'>分享到：<a href='http://share.example.com/?u=1'><img src='/img/weibo.png' width='16'></a>"
         "<a href='http://share.example.com/?w=1'><img src='/img/wx.png' width='16'></a></div>")
FOOT = "<div class='footer'><img src='/img/gongan.png' alt='公安备案'>版权所有 某某市示例中学 京ICP备00000000号</div>"


def links_of(body: str, name: str = SITE + "/tzgg/12.html", head: str = "<title>通知</title>") -> list[tuple]:
    doc = read_bytes(page(body, head), name)
    return [(x["kind"], x["url"], x["text"], x["ext"]) for x in doc.hints.get("links", [])]


def test_attachments_inside_a_text_body_not_menus_sidebars_or_prev_next():
    body = (f"{NAV}<div class='wrap'>{SIDE}<div class='right'><h1>关于做好2025年招生工作的通知</h1>"
            f"<div class='TRS_Editor'><p>{P1}</p><p>{P2}</p><p>附件：<a href='../u/xize.docx'>1.招生实施细则.docx</a></p>"
            f"<p><a href='/u/mingdan.xls'>2.名额分配表.xls</a></p></div>{PREV_NEXT}{SHARE}</div></div>{FOOT}")
    assert links_of(body) == [("attachment", SITE + "/u/xize.docx", "1.招生实施细则.docx", "docx"),
                              ("attachment", SITE + "/u/mingdan.xls", "2.名额分配表.xls", "xls")]


def test_attachment_block_after_the_text_and_labelled_links_without_extension():
    body = (f"{NAV}<div class='article'><h1>关于公布评审结果的通知</h1><div class='TRS_Editor'><p>{P1}</p><p>{P3}</p></div>"
            "<div class='fujian'>附件：<a href='/download.jsp?id=9'>评审结果名单</a>"
            "<a href='/down.do?file=%E5%90%8D%E5%8D%95.pdf'>点击下载</a></div>"
            f"{PREV_NEXT}</div>{FOOT}")
    assert links_of(body) == [("attachment", SITE + "/download.jsp?id=9", "评审结果名单", None),
                              ("attachment", SITE + "/down.do?file=%E5%90%8D%E5%8D%95.pdf", "点击下载", "pdf")]


def test_page_of_only_attachments_is_read_with_its_links():
    head = "<title>关于公布2025年优秀学生名单的通知_通知公告_某某市示例中学</title>"
    body = (f"{NAV}<div class='main'><h1>关于公布2025年优秀学生名单的通知</h1><div class='info'>发布时间：2025-06-12"
            "</div><div class='content'><p>附件：</p><p><a href='/u/2025/mingdan.doc'><img src='/img/doc.gif'>"
            "优秀学生名单</a></p><p><a href='/u/2025/mingdan.pdf'>优秀学生名单（盖章版）</a></p></div>"
            f"{PREV_NEXT}{SHARE}</div>{FOOT}")
    doc = read_bytes(page(body, head), SITE + "/tzgg/20.html")
    assert [(x["kind"], x["url"], x["ext"]) for x in doc.hints["links"]] == [
        ("attachment", SITE + "/u/2025/mingdan.doc", "doc"), ("attachment", SITE + "/u/2025/mingdan.pdf", "pdf")]
    assert "优秀学生名单" not in doc.text.replace("关于公布2025年优秀学生名单的通知", "")


def test_page_of_only_an_image_keeps_the_image_not_icons_logos_or_share_buttons():
    head = "<title>关于调整夏季作息时间的通知</title>"
    body = (f"<div class='header'><img src='/img/logo.png' alt='示例中学'></div>{NAV}"
            "<div class='content'><p style='text-align:center'><img src='/u/2025/zuoxi.jpg' alt='作息时间表'>"
            f"<img src='/img/spacer.gif' width='1' height='1'></p></div>{SHARE}{FOOT}")
    doc = read_bytes(page(body, head), SITE + "/tzgg/21.html")
    assert doc.text == "关于调整夏季作息时间的通知"  # no text and no headline element: the <title> is its body
    assert doc.hints["links"] == [{"kind": "image", "url": SITE + "/u/2025/zuoxi.jpg", "text": "作息时间表",
                                   "ext": "jpg"}]


def test_links_of_a_page_read_from_a_file_stay_as_written():
    body = "<div class='content'><p>附件：<a href='files/jihua.wps'>工作计划.wps</a></p></div>"
    assert links_of(body, "saved/notice.html") == [("attachment", "files/jihua.wps", "工作计划.wps", "wps")]
    base = "<base href='http://www.school.example.cn/tzgg/'>"
    assert links_of(body, "saved/notice.html", head=base) == [
        ("attachment", SITE + "/tzgg/files/jihua.wps", "工作计划.wps", "wps")]


def test_page_without_text_or_links_is_still_empty():
    with pytest.raises(EmptyInputError, match="no text"):
        read_bytes(page(f"{NAV}<div class='content'><p>&nbsp;</p></div>{FOOT}"), SITE + "/x.html")


def test_link_only_page_is_a_document_with_zero_records(nlp):
    from policytext.pipeline import extract_bytes

    head = "<title>关于公布2025年优秀学生名单的通知</title>"
    body = "<div class='content'><p><a href='/u/mingdan.pdf'>优秀学生名单.pdf</a></p></div>"
    doc = extract_bytes(page(body, head), SITE + "/tzgg/22.html", nlp)
    d = doc.to_dict(text=True)
    assert d["metadata"]["title"] == "关于公布2025年优秀学生名单的通知"
    assert d["links"] == [{"kind": "attachment", "url": SITE + "/u/mingdan.pdf", "text": "优秀学生名单.pdf",
                           "ext": "pdf"}]
    assert (d["targets"], d["mechanisms"], d["deadlines"]) == ([], [], [])
    assert "parent" not in d
