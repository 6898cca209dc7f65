"""Normalization steps on the noise real scraped pages carry (cases modelled on corpora/seeds/README.md)."""
from __future__ import annotations

from policytext.normalize import normalize
from policytext.normalize.boilerplate import classify_line, find_boilerplate
from policytext.normalize.repair import find_lost_dates, find_markup, find_pinyin
from policytext.normalize.whitespace import find_spaces


def apply(text, edits):
    from policytext.normalize.offsets import apply_edits

    return apply_edits(text, edits)[0]


def test_pinyin_annotations_removed_only_after_hanzi():
    text = "義務(wù)教育發(fā)展 農(nóng)村(試行) 附件(A) f(x)"
    assert apply(text, find_pinyin(text)) == "義務教育發展 農村(試行) 附件(A) f(x)"


def test_toneless_pinyin_needs_toned_company():
    assert find_pinyin("他的(de)书") == []
    text = "發(fā)展 義(yì)務(wù) 關(guān) 的(de)"
    assert apply(text, find_pinyin(text)) == "發展 義務 關 的"


def test_lost_date_separators():
    text = "20196月中共中央\n20191217\n电话 20191217 转 3"
    out = apply(text, find_lost_dates(text))
    assert out.startswith("2019年6月中共中央\n2019年12月17日\n")
    assert "20191217 转" in out  # digits in running text are left alone
    assert find_lost_dates("共20191332元") == []


def test_boilerplate_lines():
    for line in ["您当前的位置:首页 » 工作动态", "首頁 > 文章中心 > 正文", "上一篇:", "字号:[] [我要打印][关闭]",
                 "版权所有:精诚范文网 2010-2024", "蜀ICP备20022334号", "时间:2023-10-31 19:45:03  来源:网友投稿",
                 "日韩有码亚洲专区|国产探花在线播放|不卡|AV", "前言:本站為你精心整理了市委意見范文"]:
        assert classify_line(line), line
    for line in ["一、指导思想", "到2020年，全市覆盖率达到60%以上。", "各县(市、区)教育局:", "抄送:县委办公室"]:
        assert classify_line(line) is None, line


def test_footer_cut_keeps_body():
    body = "\n".join(f"第{i}段正文内容，要求如下。" for i in range(10))
    text = body + "\n上一篇:\n下一篇:\n相关信息\n某某新闻标题"
    out = apply(text, find_boilerplate(text))
    assert out.rstrip("\n") == body


def test_spaces_inside_cjk_and_dates():
    text = "\u00a0\u00a0 全县已建立7个学区 , 破解了失衡\n2019年 9月 10 日"
    out = apply(text, find_spaces(text))
    assert out == "全县已建立7个学区,破解了失衡\n2019年9月10日"


def test_markup_fragments():
    text = "办公室?!?/span> 比例<5% &nbsp;x &#20013;"
    assert apply(text, find_markup(text)) == "办公室?!? 比例<5%  x 中"


def test_normalize_traditional_with_pinyin():
    raw = "首頁 > 文章中心 > 正文\n\n為全面貫徹自治區(qū)教育工作會議精神，推進義務(wù)教育均衡發(fā)展。\n"
    n = normalize(raw)
    assert n.text == "为全面贯彻自治区教育工作会议精神，推进义务教育均衡发展。"
    assert n.script == "traditional"
    assert n.conversion == "t2s"
    kinds = {r.kind for r in n.repairs}
    assert {"boilerplate", "pinyin"} <= kinds
    i = n.text.index("义务")
    rs, re_ = n.to_raw(i, i + 2)
    assert raw[rs:re_] == "義務"  # a span ends before text deleted right after it
    rs, re_ = n.to_raw(i + 1, i + 3)
    assert raw[rs:re_] == "務(wù)教"  # deleted text inside a span belongs to it


def test_repairs_point_at_their_result():
    raw = "时间:2019-09-10 来源:政府办\n\n20196月，到2020年覆盖率达到６０％。\n"
    n = normalize(raw)
    for r in n.repairs:
        assert n.text[r.start:r.end] == r.after
        assert raw[r.raw_start:r.raw_end] == r.before.replace("\n", "") or r.before.startswith(raw[r.raw_start:r.raw_end])
    assert "60%" in n.text and "2019年6月" in n.text


def test_normalize_taiwan_page_converts_phrases_and_maps_back():
    raw = "首頁 > 新聞\n\n我們的軟體在網際網路上提供服務，伺服器位於台北。\n"
    n = normalize(raw)
    assert n.text == "我们的软件在互联网上提供服务，服务器位于台北。"
    assert n.conversion == "tw2sp"
    i = n.text.index("互联网")
    rs, re_ = n.to_raw(i, i + 3)
    assert raw[rs:re_] == "網際網路"  # a replacement of another length maps as a block
    j = n.text.index("提供")
    rs, re_ = n.to_raw(j, j + 2)
    assert raw[rs:re_] == "提供"  # and the text after it still maps character for character


def test_normalize_leaves_simplified_text_alone():
    raw = "乾县的慰藉着大家，后天干部会议。\n"
    n = normalize(raw)
    assert n.text == "乾县的慰藉着大家，后天干部会议。"
    assert n.conversion is None
