from __future__ import annotations

from policytext.structure import analyse, heading_marker, split_sentences

DOC = """关于做好某项工作的通知

一、总体要求

（一）指导思想。坚持以人民为中心。

1.工作目标

到2025年，覆盖率达到90%。

（1）细化措施；落实责任。

②加强督导。

二、保障措施

第三条 本办法自发布之日起施行。
"""


def test_heading_tree():
    st = analyse(DOC)
    got = [(s.level, s.marker, s.title) for s in st.sections]
    assert got[0] == (1, "一、", "一、总体要求")
    assert got[1][:2] == (2, "（一）") and got[1][2] == "（一）指导思想"
    assert got[2] == (3, "1.", "1.工作目标")
    assert got[3][:2] == (4, "（1）")
    assert got[4][:2] == (5, "②")
    assert got[5] == (1, "二、", "二、保障措施")
    sec = st.sections[0]
    assert DOC[sec.start:sec.end].startswith("一、总体要求") and "二、保障措施" not in DOC[sec.start:sec.end]
    para = next(p for p in st.paragraphs if DOC[p.start:p.end].startswith("到2025年"))
    assert para.section == ["一、总体要求", "（一）指导思想", "1.工作目标"]


def test_not_headings():
    assert heading_marker("2019年全市达到60%") is None
    assert heading_marker("1.5亿元投入") is None
    assert heading_marker("十分重要") is None


def test_sentences_keep_closing_quotes():
    text = "他说：“要抓紧。”然后离开。\n第二行"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["他说：“要抓紧。”", "然后离开。", "第二行"]
