"""Tables as structure on the Document and indicator tables as targets (extractors/tables.py).

The same indicator table (own wording) is written as HTML, as a docx table and as a ruled PDF table
(reportlab); every data row must give its baseline and its target with year, unit and attribute.
"""
from __future__ import annotations

import io

import pytest

from policytext.extractors.tables import indicator_rows, merge_table_targets, table_targets, tables_of
from policytext.pipeline import extract_document, parse_bytes

INTRO = "某县“十五五”教育发展规划主要指标如下。"
HEADER = ["类别", "指标", "单位", "2025年", "2030年", "年均增长（%）", "属性"]
ROWS = [
    ["学前教育", "学前三年毛入园率", "%", "92.5", "≥95", "—", "预期性"],
    ["学前教育", "普惠性幼儿园覆盖率", "%", "85", "90以上", "—", "约束性"],
    ["义务教育", "九年义务教育巩固率", "%", "97.2", "98左右", "—", "约束性"],
    ["义务教育", "中小学在校生", "万人", "6.8", "7.2", "1.1", "预期性"],
    ["高中阶段", "教育经费投入", "亿元", "12.5", "16", "5.1", "预期性"],
]
OUTRO = "各部门要对照指标抓好落实。"
# written before running: (indicator, unit, attribute, baseline value, baseline comparator, target value, comparator)
EXPECTED = [
    ("学前三年毛入园率", "%", "预期性", 92.5, "=", 95, ">="),
    ("普惠性幼儿园覆盖率", "%", "约束性", 85, "=", 90, ">="),
    ("九年义务教育巩固率", "%", "约束性", 97.2, "=", 98, "~"),
    ("中小学在校生", "人", "预期性", 68000, "=", 72000, "="),
    ("教育经费投入", "元", "预期性", 1.25e9, "=", 1.6e9, "="),
]


def _check(doc, expected=EXPECTED):
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert len(table.rows) == 1 + len(ROWS)
    for row in table.rows:
        for c in row:
            assert doc.text[c.start:c.end] == c.text
    rows = indicator_rows(doc)
    got = [(r.indicator, r.unit, r.attribute, r.baseline.value, r.baseline.comparator, r.target.value,
            r.target.comparator) for r in rows]
    assert got == [tuple(pytest.approx(x) if isinstance(x, float) else x for x in e) for e in expected]
    for r in rows:
        assert (r.baseline.year, r.baseline.kind, r.target.year, r.target.kind) == (2025, "baseline", 2030, "target")
        for t in (r.baseline, r.target):
            assert doc.text[t.start:t.end] == t.text and t.text.startswith(r.indicator) and t.unit == r.unit
    targets = table_targets(doc)
    assert len(targets) == 2 * len(expected) and targets == sorted(targets, key=lambda t: (t.start, t.end))


def _html(header=HEADER, rows=ROWS, rowspan=True) -> bytes:
    cells = "".join(f"<th>{h}</th>" for h in header)
    body = [f"<tr>{cells}</tr>"]
    for i, row in enumerate(rows):
        tds = row
        lead = ""
        if rowspan:  # category merged over the rows that share it (rowspan), written once
            if i == 0 or rows[i - 1][0] != row[0]:
                span = sum(1 for r in rows if r[0] == row[0])
                lead = f'<td rowspan="{span}">{row[0]}</td>'
            tds = row[1:]
        body.append("<tr>" + lead + "".join(f"<td>{c}</td>" for c in tds) + "</tr>")
    return (f"<html><head><title>某县教育规划</title></head><body><div class='article'><p>{INTRO}</p>"
            f"<table border='1'>{''.join(body)}</table><p>{OUTRO}</p></div></body></html>").encode()


def test_html_indicator_table_with_merged_category_cells():
    doc = parse_bytes(_html(), "plan.html")
    assert "\t" in doc.raw_text
    _check(doc)


def test_docx_indicator_table():
    import docx

    d = docx.Document()
    d.add_paragraph(INTRO)
    t = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for i, row in enumerate([HEADER, *ROWS]):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    d.add_paragraph(OUTRO)
    buf = io.BytesIO()
    d.save(buf)
    _check(parse_bytes(buf.getvalue(), "plan.docx"))


def _pdf(header=HEADER, rows=ROWS) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18)
    table = Table([header, *rows], colWidths=[60, 130, 40, 50, 50, 70, 50])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 10),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build([Paragraph(INTRO, style), table, Paragraph(OUTRO, style)])
    return buf.getvalue()


def test_pdf_ruled_table_keeps_rows_and_cells():
    from policytext.read import read_bytes

    data = _pdf()
    raw = read_bytes(data, "plan.pdf")
    lines = raw.text.split("\n")
    assert lines[0] == INTRO and lines[-1] == OUTRO
    assert lines[1] == "\t".join(HEADER) and lines[2] == "\t".join(ROWS[0])
    _check(parse_bytes(data, "plan.pdf"))


def test_base_and_goal_columns_named_by_words_and_unit_from_the_header():
    header = ["序号", "主要指标", "基期值（2024年）", "目标值（2027年）（%）", "指标属性"]
    rows = [["1", "农村自来水普及率", "95", "98以上", "约束性"],
            ["2", "城市污水集中收集率", "70", "不低于75", "预期性"]]
    html = ("<html><body><div><p>附表 城乡建设主要指标</p><table>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in [header, *rows])
            + "</table><p>以上指标纳入年度考核。</p></div></body></html>").encode()
    doc = parse_bytes(html, "annex.html")
    got = [(r.indicator, r.unit, r.attribute, r.baseline.value, r.baseline.year, r.target.value, r.target.year,
            r.target.comparator) for r in indicator_rows(doc)]
    assert got == [("农村自来水普及率", "%", "约束性", 95, 2024, 98, 2027, ">="),
                   ("城市污水集中收集率", "%", "预期性", 70, 2024, 75, 2027, ">=")]


def test_unit_in_the_indicator_parentheses_and_dash_cells():
    header = ["指标", "2025年", "2030年", "属性"]
    rows = [["森林覆盖率（%）", "42.1", "45", "约束性"],
            ["新增造林面积（万亩）", "—", "〔30〕", "预期性"],
            ["城市人均公园绿地面积（平方米）", "14.2", "15", "预期性"]]
    html = ("<html><body><div><p>生态建设指标</p><table>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in [header, *rows])
            + "</table><p>请认真落实。</p></div></body></html>").encode()
    doc = parse_bytes(html, "eco.html")
    rows_ = indicator_rows(doc)
    # 〔30〕: a total over the plan period is a figure (two annotators of blind sets read it so); — is none
    assert [(r.indicator, r.unit, r.attribute) for r in rows_] == [("森林覆盖率", "%", "约束性"),
                                                                    ("新增造林面积", "亩", "预期性"),
                                                                    ("城市人均公园绿地面积", "平方米", "预期性")]
    assert [(t.value, t.kind) for t in table_targets(doc)] == [(42.1, "baseline"), (45, "target"), (300000, "target"),
                                                               (14.2, "baseline"), (15, "target")]


def test_a_table_that_is_not_an_indicator_table_gives_no_targets():
    html = ("<html><body><div><p>各单位联系人如下。</p><table><tr><td>单位</td><td>联系人</td><td>电话</td></tr>"
            "<tr><td>县教育局</td><td>王老师</td><td>12345678</td></tr>"
            "<tr><td>县财政局</td><td>李老师</td><td>87654321</td></tr></table><p>请及时报送。</p></div></body></html>")
    doc = parse_bytes(html.encode(), "contacts.html")
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 3
    assert indicator_rows(doc) == [] and table_targets(doc) == []
    assert doc.to_dict()["tables"][0]["rows"][1][0]["text"] == "县教育局"


def test_plain_text_without_tabs_has_no_tables():
    doc = parse_bytes("到2027年，全县学前三年毛入园率达到95%以上。".encode(), "a.txt")
    assert doc.tables == [] and tables_of(doc) == [] and "tables" not in doc.to_dict()


def test_merge_replaces_text_rule_targets_inside_an_indicator_table(nlp):
    from policytext.pipeline import extract_bytes

    html = _html().replace(OUTRO.encode(), "到2030年，全县新增公办幼儿园学位3000个以上。".encode())
    doc = extract_bytes(html, "plan.html", nlp)
    table = doc.tables[0]
    merged = merge_table_targets(doc, doc.targets)
    inside = [t for t in merged if table.start <= t.start < table.end]
    assert inside == table_targets(doc)  # only the table's own records inside the table
    after = [t for t in merged if t.start >= table.end]
    assert [(t.value, t.unit, t.year) for t in after] == [(3000, "个", 2030)]  # text targets outside stay
    assert [t for t in doc.targets if t.start >= table.end] == after


def test_the_normalized_text_keeps_one_tab_between_a_rows_cells():
    doc = parse_bytes(_html(), "plan.html")
    rows = [ln for ln in doc.text.split("\n") if "\t" in ln]
    assert len(rows) >= 3  # the header and the indicator rows, one per line
    assert all("\t\t" not in ln and not ln.startswith("\t") for ln in rows)
    assert any(ln.split("\t")[-1] in ("预期性", "约束性") for ln in rows)
    for r in doc.repairs:  # every edit still maps back
        assert doc.text[r.start:r.end] == r.after


def test_a_table_of_places_whose_year_columns_measure_different_things():
    """T6: rows are places, each year column its own measure (2025年PM2.5浓度 / 2026年PM2.5浓度目标值（微克/立方米，≤） /
    2026年优良天数比率目标值（%，≥）): per place, a baseline and a target of the first measure and a target of the
    second, each with its column's unit; the header's sign bounds the cells under it, and never joins the unit.
    Written before running."""
    text = ("某市各县区空气质量改善目标表\n"
            "县区\t2025年PM2.5浓度（微克/立方米）\t2026年PM2.5浓度目标值（微克/立方米，≤）\t2026年优良天数比率目标值（%，≥）\n"
            "甲区\t35.2\t34.0\t84.0\n乙县\t28.3\t27.5\t91.0\n备注：开发区目标纳入甲区考核。\n")
    doc = parse_bytes(text.encode(), "wide.txt")
    got = [(t.scope, t.value, t.unit, t.comparator, t.year, t.kind) for t in table_targets(doc)]
    assert got == [
        ("甲区", 35.2, "微克/立方米", "=", 2025, "baseline"), ("甲区", 34.0, "微克/立方米", "<=", 2026, "target"),
        ("甲区", 84.0, "%", ">=", 2026, "target"),
        ("乙县", 28.3, "微克/立方米", "=", 2025, "baseline"), ("乙县", 27.5, "微克/立方米", "<=", 2026, "target"),
        ("乙县", 91.0, "%", ">=", 2026, "target")]


def test_a_statistics_table_aligned_by_spaces_gives_results_with_units_multiplied_out():
    """T7: 指标名称 / 单位 / 绝对数 / 比上年增长（%） aligned by runs of spaces in a text page: each row's value in base
    units (万人次 ×10⁴, 亿美元 ×10⁸) and its growth (a fall keeps its sign), results of the caption's year; the unit
    column never becomes a number of its own (a bare 万人次 is no ten thousand). Written before running."""
    text = ("某市2025年国民经济和社会发展统计公报\n全年旅游业平稳发展。\n表1　2025年某市主要旅游指标\n"
            "指标名称                单位        绝对数      比上年增长（%）\n"
            "接待游客总人数          万人次      2835.62          6.8\n"
            "  #入境游客             万人次        96.41         41.2\n"
            "旅游外汇收入            亿美元         9.87        -12.5\n\n全年接待会议120场。\n")
    doc = extract_document(parse_bytes(text.encode(), "bulletin.txt"))
    got = [(t.indicator, t.value, t.unit, t.year, t.kind) for t in doc.targets if "table.values" in t.rule]
    assert got == [("接待游客总人数", 28356200, "人次", 2025, "achievement"),
                   ("接待游客总人数比上年增长", 6.8, "%", 2025, "achievement"),
                   ("入境游客", 964100, "人次", 2025, "achievement"), ("入境游客比上年增长", 41.2, "%", 2025, "achievement"),
                   ("旅游外汇收入", 987000000, "美元", 2025, "achievement"),
                   ("旅游外汇收入比上年增长", -12.5, "%", 2025, "achievement")]
    assert not any(t.value == 10000 for t in doc.targets)


def test_tables_aligned_by_single_ideographic_spaces_and_a_months_column():
    """T7 layouts: an indicator table whose cells are separated by one U+3000 each, read as an indicator table
    (base and goal columns), and a monthly statistics table (1—10月 / 同比增长（%）) read as results. Written before
    running."""
    plan = ("某县乡村振兴实施方案（2026—2028年）\n表1　主要指标\n序号　指标名称　单位　2025年基期值　2028年目标值　属性\n"
            "1　粮食总产量　万吨　62.3　≥63　约束性\n2　龙头企业　家　46　60　预期性\n")
    doc = extract_document(parse_bytes(plan.encode(), "plan.txt"))
    got = [(t.value, t.unit, t.comparator, t.year, t.kind) for t in doc.targets]
    assert got == [(623000, "吨", "=", 2025, "baseline"), (630000, "吨", ">=", 2028, "target"),
                   (46, "家", "=", 2025, "baseline"), (60, "家", "=", 2028, "target")]
    stats = ("2026年1—10月全市经济运行情况\n附：2026年1—10月主要经济指标\n指标名称　　单位　　1—10月　　同比增长（%）\n"
             "全社会用电量　　万千瓦时　　1186530　　7.5\n民航旅客吞吐量　　人次　　2613542　　15.6\n")
    doc = extract_document(parse_bytes(stats.encode(), "stats.txt"))
    got = [(t.value, t.unit, t.year, t.kind) for t in doc.targets]
    assert got == [(11865300000, "千瓦时", 2026, "achievement"), (7.5, "%", 2026, "achievement"),
                   (2613542, "人次", 2026, "achievement"), (15.6, "%", 2026, "achievement")]


def test_a_unit_cell_of_a_dash_is_no_unit_and_a_ratio_row_counts_in_times():
    text = ("某市行动计划主要指标\n指标\t单位\t2025年\t2028年\n城乡居民收入倍差\t—\t1.62\t≤1.55\n"
            "强村公司数量\t家\t12\t30\n")
    doc = parse_bytes(text.encode(), "ratio.txt")
    got = [(t.value, t.unit, t.comparator, t.year) for t in table_targets(doc)]
    assert got == [(1.62, "倍", "=", 2025), (1.55, "倍", "<=", 2028), (12, "家", "=", 2025), (30, "家", "=", 2028)]


def test_a_product_table_with_its_caption_above_a_blank_line():
    text = ("某市2025年国民经济和社会发展统计公报\n全年粮食生产稳定。\n表1　2025年主要农产品产量及其增长速度\n\n"
            "  产品名称          单位        产量        比上年增长(%)\n"
            "  粮食              万吨        186.7           2.1\n"
            "    其中：玉米      万吨        142.3           3.0\n"
            "  牛奶              万吨         46.1          -3.8\n")
    doc = extract_document(parse_bytes(text.encode(), "products.txt"))
    got = [(t.value, t.unit, t.year) for t in doc.targets if "table.values" in t.rule]
    assert got == [(1867000, "吨", 2025), (2.1, "%", 2025), (1423000, "吨", 2025), (3.0, "%", 2025),
                   (461000, "吨", 2025), (-3.8, "%", 2025)]


def test_a_table_of_categories_by_measures_whose_headers_name_their_units():
    """T8: 人才层次 / 安家补贴（万元） / 租房补贴（元/月）: each cell is its measure's figure for the row's category, 万
    multiplied out, a per-month unit read as monthly; a policy's standard is a target. Written before running."""
    text = ("关于加快集聚高层次人才的若干措施\n一、给予安家补贴\n高层次人才安家补贴、租房补贴标准\n"
            "人才层次　　安家补贴（万元）　　租房补贴（元/月）\nA类　　300　　——\nC类　　80　　3000\nE类　　20　　1500\n"
            "安家补贴分3年发放。\n")
    doc = extract_document(parse_bytes(text.encode(), "talent.txt"))
    got = [(t.indicator, t.scope, t.value, t.unit, t.recurring, t.kind) for t in doc.targets if "table.matrix" in t.rule]
    assert got == [("安家补贴", "A类", 3_000_000, "元", None, "target"), ("安家补贴", "C类", 800_000, "元", None, "target"),
                   ("租房补贴", "C类", 3000, "元", "monthly", "target"), ("安家补贴", "E类", 200_000, "元", None, "target"),
                   ("租房补贴", "E类", 1500, "元", "monthly", "target")]
