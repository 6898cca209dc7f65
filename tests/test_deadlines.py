"""Deadlines on text from other policy domains."""
from __future__ import annotations

import pytest

from policytext.extractors.deadlines import find_deadlines


def dl(text, year=None):
    out = find_deadlines(text, doc_year=year)
    for d in out:
        assert text[d.start:d.end] == d.text
    return [(d.date, d.type) for d in out]


@pytest.mark.parametrize("text, year, expected", [
    ("到2025年，全市森林覆盖率达到45%以上。", None, [("2025", "due")]),
    ("力争2027年底前完成全部老旧小区改造。", None, [("2027", "due")]),
    ("自2024年1月1日起，全面推行垃圾分类。", None, [("2024-01-01", "start")]),
    ("《某市养老服务体系建设规划(2021—2025年)》\n到2025年，每千名老年人拥有养老床位40张。", None,
     [("2021/2025", "period"), ("2025", "due")]),
    ("每年新增城镇就业5万人以上；每学期开展一次安全演练。", None, [("yearly", "recurring"), ("per_term", "recurring")]),
    ("今年主要预期目标是：地区生产总值增长5%左右。", 2026, [("2026", "due")]),
    ("力争农村居民收入逐年提高。", None, [("yearly", "recurring")]),
    ("利用三年时间，实施“三提升一保障”行动。", 2023, [("2023/2026", "period")]),   # from the issued year
    ("2025年，全县再创建乡村振兴示范村30个。", 2024, [("2025", "due")]),
    ("利用三年的时间，基本实现全覆盖。", None, [(None, "period")]),                 # left relative
    ("公办园生均财政拨款标准提高到每生每年6000元。", None, []),                     # a rate, no recurrence
    ("各地要于每季度末报送工作进展，每半年开展一次评估。", None, [("quarterly", "recurring"), ("semiannual", "recurring")]),
])
def test_commitments(text, year, expected):
    assert dl(text, year) == expected


@pytest.mark.parametrize("text, year", [
    ("2019年5月，部长在调研时指出要加快发展。", None),           # a dated event
    ("根据《国务院关于印发“十四五”规划(2021-2025年)的通知》精神，结合实际。", None),  # a referenced title
    ("市政府办公室\n2020年3月5日印发", None),                      # printing date
    ("冀政发〔2019〕12号", None),                                  # 文号
    ("增速快于2024年1.8个百分点。", 2026),                         # compared year
    ("今年是“十五五”开局之年。", 2026),                           # no commitment
    ("每周开展一次巡查，每天打卡。", None),                        # routines below a year
    ("2015年以来，累计建成学校30所。", 2026),                      # past review
    ("三、关于2026年工作\n", 2026),
    ("五年来，累计建成学校30所，已完成改造项目12个，先后获评示范城市，空气质量逐年改善，营商便利度逐年提升。", 2026),  # a report
    ("近三年内累计投入资金5亿元。", 2026),                                        # looking back                                # a section heading
    ("人均预期寿命从2020年的82.4岁提升至83.9岁。", 2026),          # the year of a starting value
    ("《奇境三江源》等3部纪录片入选2026年片单，首部电视剧建成开播。", 2026),  # a past selection
])
def test_not_deadlines(text, year):
    assert dl(text, year) == []


@pytest.mark.parametrize("text, year, expected", [
    ("2024年年底前完成全部改造任务。", None, [("2024", "due")]),            # 年年 of a date, no recurrence
    ("年年开展评比表彰。", None, [("yearly", "recurring")]),
    # one commitment stated twice (a headline, then the text) is one deadline
    ("到2026年基本建成智慧社区体系\n到2026年，基本建成智慧社区体系。", None, [("2026", "due")]),
    # a goal sentence without a year takes the year of its section heading
    ("二、2027年重点工作\n全市发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业3万人。\n", 2027,
     [("2027", "due")]),
])
def test_dates_repeats_and_goal_sentences(text, year, expected):
    assert dl(text, year) == expected


@pytest.mark.parametrize("text, year", [
    ("二、主要目标\n主要目标是：森林覆盖率达到40%。\n", None),              # no year anywhere
    ("一、2025年工作回顾\n主要目标是：地区生产总值增长5%。\n", 2026),       # a past year's heading
    ("三、2027年重点工作\n总体目标是：建设美丽乡村。\n", 2027),              # no figure: no dated target
])
def test_goal_sentences_without_a_due_year(text, year):
    assert dl(text, year) == []


def test_deadline_floors_on_the_development_gold():
    from tests.test_mechanisms import _score

    assert _score("dev")["deadlines"]["f1"] >= 0.97
    assert _score("seeds")["deadlines"]["f1"] == 1.0
    assert _score("gov-reports-2026")["deadlines"]["f1"] >= 0.97


def test_rule_ids_name_the_rule():
    from policytext.extractors.deadlines import find_deadlines_explained

    text = "三、2027年重点工作\n主要预期目标是：地区生产总值增长6%左右。到2028年，建成新城区。每年开展一次评估。\n"
    got = [(d.date, rules) for d, rules in find_deadlines_explained(text, doc_year=2027)]
    assert got == [("2027", ("D-GOAL-STATEMENT", "D-YEAR-HEADING")), ("2028", ("D-YEAR-DUE",)),
                   ("yearly", ("D-RECUR",))]


def test_a_due_day_is_kept_and_an_impossible_one_left_out():
    from policytext.extractors.deadlines import find_deadlines

    assert [d.date for d in find_deadlines("各区县要于2025年6月30日前制定具体实施方案。", doc_year=2025)] == ["2025-06-30"]
    assert [d.date for d in find_deadlines("于2028年2月29日前完成验收。", doc_year=2025)] == ["2028-02-29"]  # leap year
    assert [d.date for d in find_deadlines("于2025年2月30日前完成验收。", doc_year=2025)] == ["2025-02"]


@pytest.mark.parametrize("text,year,expected", [
    # D-AS-OF: 截至 a year before the document's dates a status; a coming one is still due
    ("截至2025年底，本市65岁以上人口计38.6万人。", 2026, []),
    ("截至2027年底，累计建成充电桩5万个。", 2026, [("2027", "due")]),
    # D-REFERENCE-YEAR: the year of a reference level
    ("入境游客人数恢复到2019年水平的五成左右。", 2025, []),
    ("到2027年，客运量恢复到2019年同期水平。", 2025, [("2027", "due")]),
    # D-EVENT-NAME: a year that opens the name of a meeting
    ("我县召开2026年春季植树造林动员会", 2026, []),
    ("3月4日，某县召开2026年春季植树造林动员会。", 2026, []),
    ("2026年全县新建示范村15个。", 2025, [("2026", "due")]),
    ("2026年全面建成小康社会示范县。", 2025, [("2026", "due")]),  # 社会 is no meeting
])
def test_status_dates_reference_years_and_meeting_names(text, year, expected):
    assert [(d.date, d.type) for d in find_deadlines(text, doc_year=year)] == expected


def test_a_bare_year_under_a_review_heading_is_reported():
    """D-REVIEW-HEADING: 2025年，…达到 under …发展成就 reports that year; under …主要目标, 到2030年 is due."""
    text = ("第一节 “十四五”时期发展成就\n2025年，地区生产总值达到3860亿元。\n"
            "第二节 “十五五”时期主要目标\n到2030年，地区生产总值突破5000亿元。2028年，新建学校20所。\n")
    assert [(d.date, d.type) for d in find_deadlines(text)] == [("2030", "due"), ("2028", "due")]


def _ctx(text, year, title):
    from policytext.extractors.context import TextContext

    return TextContext(text, year, title=title)


_PLAN = ("一、重点任务\n1.4月底前，完成全部老旧小区摸底调查。\n2.各单位于每月10日前报送上月进度，11月20日前报送年度总结。\n"
         "3.年底前，建成社区食堂30个。\n")


def test_dates_without_a_year_in_a_one_year_plan_take_the_titles_year():
    got = find_deadlines(_PLAN, doc_year=2026, context=_ctx(_PLAN, 2026, "某区2026年老旧小区改造工作要点"))
    assert sorted((d.date, d.type) for d in got) == [("2026", "due"), ("2026-04", "due"), ("2026-11-20", "due")]


@pytest.mark.parametrize("title", [
    "某区老旧小区改造三年行动方案（2026—2028年）",  # a span: which year is 4月底前?
    "某区关于推进老旧小区改造的实施意见",            # no year at all
    "某区2026年政府工作报告",                        # not a one-year plan's title
])
def test_dates_without_a_year_stay_unread_elsewhere(title):
    assert find_deadlines(_PLAN, doc_year=2026, context=_ctx(_PLAN, 2026, title)) == []


def test_a_goal_statement_of_a_coming_year_in_a_report_is_due():
    text = "据悉，2027年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业5万人以上。"
    assert [(d.date, d.type) for d in find_deadlines(text, doc_year=2026)] == [("2027", "due")]


def test_a_schedule_writes_its_year_once():
    text = ("三、时间安排\n（一）自查阶段（2026年3月至5月）。企业全面开展自查，于5月20日前报送自查报告。\n"
            "（二）集中检查阶段（6月1日—8月31日）。开展全覆盖检查。\n（三）巩固阶段（9月1日—10月31日）。10月31日前报送总结。\n")
    got = sorted((d.date, d.type) for d in find_deadlines(text))
    assert got == [("2026-03/2026-05", "period"), ("2026-05-20", "due"), ("2026-06-01/2026-08-31", "period"),
                   ("2026-09-01/2026-10-31", "period"), ("2026-10-31", "due")]
    # a yearless date with no dated month before it stays unread
    assert find_deadlines("（二）集中检查阶段（6月1日—8月31日），10月31日前报送总结。") == []


@pytest.mark.parametrize("text,year,expected", [
    # D-VALUE-YEAR: the year of a value inside a target is no commitment of its own
    ("到2030年，优良天数比率由2025年的90.8%提高到2030年的92.5%。", 2026, [("2030", "due")]),
    ("展望2035年，生态环境根本好转。", 2026, [("2035", "due")]),
    # D-REPORT-YEAR: a news item's bare year reports; a status date without a document year is a status
    ("记者获悉，2025年，全县农村居民人均可支配收入达到15860元，同比增长8.2%。", None, []),
    ("截至2025年底，全县累计有112个村参与改革。", None, []),
])
def test_value_years_visions_reports_and_status_dates(text, year, expected):
    assert [(d.date, d.type) for d in find_deadlines(text, doc_year=year)] == expected


@pytest.mark.parametrize("text,year,expected", [
    ("本细则适用于离校2年内高校毕业生及吸纳其就业的用人单位。", 2026, []),                 # D-SPAN-CONDITION
    ("2026年度奖补资金申报工作于2026年6月30日前完成。", 2026, [("2026-06-30", "due")]),    # D-YEAR-ATTRIBUTE
    ("（一）排查摸底阶段（2026年4月1日—4月30日）。", 2026, [("2026-04-01/2026-04-30", "period")]),
])
def test_conditions_attributes_and_one_months_span(text, year, expected):
    assert [(d.date, d.type) for d in find_deadlines(text, doc_year=year)] == expected


def test_a_chinese_numeral_year_is_due_and_a_past_span_reports():
    from policytext.extractors.deadlines import find_deadlines

    got = [(d.date, d.type) for d in find_deadlines("到二〇二六年底，计划新建校舍二十万平方米。", doc_year=2025)]
    assert got == [("2026", "due")]
    assert find_deadlines("2021年至2025年，全市累计改造城镇老旧小区236个。", doc_year=2026) == []


def test_a_commitment_over_the_plan_period_is_its_own_entry_a_restatement_is_not():
    from policytext.extractors.deadlines import find_deadlines

    text = ("某市人民政府办公室关于印发某市行动计划（2026—2028年）的通知\n"
            "《某市行动计划（2026—2028年）》已经市政府同意，现印发给你们。\n"
            "（一）2026年至2028年每年新招引亿元以上制造业项目80个以上。\n")
    got = sorted((d.date, d.type) for d in find_deadlines(text, doc_year=2026))
    assert got == [("2026/2028", "period"), ("2026/2028", "period"), ("yearly", "recurring")]


def test_the_span_of_a_sanction_is_no_period():
    from policytext.extractors.deadlines import find_deadlines

    assert find_deadlines("对弄虚作假的培训机构，取消其3年内承担补贴性培训资格。", doc_year=2026) == []
    assert [(d.date, d.type) for d in find_deadlines("力争3年内完成全部改造任务。", doc_year=2026)] == [("2026/2029", "period")]
