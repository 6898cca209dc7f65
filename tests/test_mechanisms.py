"""Mechanisms on text from other policy domains (health, environment, rural, government reports)."""
from __future__ import annotations

import pytest

from policytext.extractors.mechanisms import find_mechanisms, implied_count

CASES = [
    # health: list after the name with 即
    ("推行“三医联动”改革，即医疗、医保、医药协同发展。", "三医联动", 3, ["医疗", "医保", "医药协同发展"]),
    # environment: enumeration before the name
    ("落实生态保护红线、环境质量底线、资源利用上线和生态环境准入清单“三线一单”管控要求。",
     "三线一单", 4, ["生态保护红线", "环境质量底线", "资源利用上线", "生态环境准入清单"]),
    # rural governance: parenthesised list
    ("健全“四议两公开”(即党支部会议提议、两委会议商议、党员大会审议、村民代表会议决议，决议公开、实施结果公开)工作法。",
     "四议两公开", 6, ["党支部会议提议", "两委会议商议", "党员大会审议", "村民代表会议决议", "决议公开", "实施结果公开"]),
    # unquoted list + 三位一体
    ("构建政府、市场、社会三位一体的养老服务体系。", "三位一体", 3, ["政府", "市场", "社会"]),
    # N统一 with 等
    ("园区实行统一规划、统一建设、统一招商、统一管理等“四统一”模式。", "四统一", 4,
     ["统一规划", "统一建设", "统一招商", "统一管理"]),
    # a bundle named without its list
    ("继续实施“五个一批”工程。", "五个一批", 5, []),
]


@pytest.mark.parametrize("text, name, count, components", CASES, ids=[c[1] for c in CASES])
def test_bundles_in_other_domains(text, name, count, components):
    found = {m.name: m for m in find_mechanisms(text)}
    assert name in found, found
    m = found[name]
    assert m.count == count
    assert m.components == components
    assert text[m.start:m.end] == m.text and name in m.text
    assert m.complete == (len(components) >= count)


@pytest.mark.parametrize("text", [
    "全面贯彻党的二十大精神，做到“两个维护”，增强“四个意识”。",   # political formulas
    "“十五五”时期是基本实现现代化的关键时期。",                  # plan period
    "推进“一校一品”特色建设。",                                  # one each, no count
    "三管齐下，一举两得。",                                       # idioms
    "全县共有三所学校，建成两个中心。",                           # plain counts
    "新当选“两院”院士7名。",                                     # two characters, a name
])
def test_not_mechanisms(text):
    assert find_mechanisms(text) == []


def test_repeated_mentions_merge_and_different_members_stay_apart():
    text = ("实行“六统一”管理。教育集团实行统一领导、统一管理、统一师资、统一研训、统一资源、统一考核等“六统一”运行机制。"
            "构建家、校、社三位一体育人体系；构建督政、督学、评估监测三位一体的督导体系。")
    ms = find_mechanisms(text)
    assert [m.name for m in ms].count("六统一") == 1
    six = next(m for m in ms if m.name == "六统一")
    assert len(six.components) == 6
    assert [m.components for m in ms if m.name == "三位一体"] == [["家", "校", "社"], ["督政", "督学", "评估监测"]]


@pytest.mark.parametrize("name, n", [("六统一", 6), ("四互四共", 8), ("双联四共", 6), ("1+9", 10), ("三通两平台", 5),
                                     ("一十百千万工程", 5), ("横比纵看四提升", 6), ("三个一", 3), ("三位一体", 3),
                                     ("开局八好", 8), ("五共五固", 10), ("双一流", 2)])
def test_implied_count(name, n):
    assert implied_count(name) == n


def test_rankings_and_awards_are_no_bundles():
    text = "武王墩一号墓入选“全国十大考古新发现”，7家地方国企进入“中国企业500强”，粮食实现“二十二连丰”。"
    assert find_mechanisms(text) == []


@pytest.mark.parametrize("text, name, members", [
    ("医共体实行“六统一”管理（统一行政管理、统一人员调配、统一财务管理、统一医疗业务、统一绩效考核、统一药品耗材管理）。",
     "六统一", ["统一行政管理", "统一人员调配", "统一财务管理", "统一医疗业务", "统一绩效考核", "统一药品耗材管理"]),
    ("落实“四个一”要求，做到一户一档、一人一卡、一月一访、一季一评。", "四个一", ["一户一档", "一人一卡", "一月一访", "一季一评"]),
    ("实施“三个一”教育工程：每年读一本书、写一篇文章。", "三个一", []),  # describes the programme, and two ≠ three
    ("建立“三单一图”（问题清单、任务清单、责任清单和作战图）管理机制。", "三单一图", ["问题清单", "任务清单", "责任清单", "作战图"]),
])
def test_members_after_a_word_need_the_full_count(text, name, members):
    got = {m.name: m.components for m in find_mechanisms(text)}
    assert got[name] == members


def test_members_as_the_headings_of_the_following_sections():
    text = ("现就推进城市医疗集团“六统一”管理提出如下意见。\n一、主要内容\n"
            "（一）统一组织管理。医疗集团设立理事会。\n（二）统一人员管理。集团内人员统一招聘。\n"
            "（三）统一财务管理。设立财务管理中心。\n（四）统一医疗业务管理。推行同质化管理。\n"
            "（五）统一药品耗材管理。实行统一采购。\n（六）统一信息系统。建设一体化信息平台。\n二、工作要求\n")
    six = next(m for m in find_mechanisms(text) if m.name == "六统一")
    assert six.components == ["统一组织管理", "统一人员管理", "统一财务管理", "统一医疗业务管理", "统一药品耗材管理",
                              "统一信息系统"]
    assert six.complete
    # five headings for “六统一” are not its members
    five = text.replace("（六）统一信息系统。建设一体化信息平台。\n", "")
    assert next(m for m in find_mechanisms(five) if m.name == "六统一").components == []


def test_members_that_open_described_parts():
    text = ("实施“三个一”教育工程，即一天一祝福，每天早上制作生日贺卡；一周一表扬，每周五下午表扬学生；"
            "一月一主题，每个月统一一个教育主题。")
    assert next(m for m in find_mechanisms(text) if m.name == "三个一").components == ["一天一祝福", "一周一表扬",
                                                                                      "一月一主题"]


def test_a_quoted_list_is_no_name():
    assert find_mechanisms("落实“双向转诊、急慢分治、上下联动”等要求。") == []


def test_unquoted_n_da_bundles_with_their_list():
    text = "实施“数字产业化、产业数字化、数据价值化、治理数字化”四大行动。推进清洁降碳、安全可靠、高效调节、智能运行四大专项。"
    got = {m.name: m.components for m in find_mechanisms(text)}
    assert got == {"四大行动": ["数字产业化", "产业数字化", "数据价值化", "治理数字化"],
                   "四大专项": ["清洁降碳", "安全可靠", "高效调节", "智能运行"]}
    assert find_mechanisms("二、深化落实党中央赋予的五大战略定位和使命任务\n") == []
