"""Numbers: Chinese/Arabic numerals, magnitudes, units, ranges, comparators."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytext.numbers import find_quantities, parse_chinese_int, parse_number, to_chinese_numeral


@pytest.mark.parametrize("s,v", [
    ("三", 3), ("十二", 12), ("二十五", 25), ("一百零五", 105), ("两千", 2000), ("3.6万", 36000),
    ("1.2亿", 120_000_000), ("百分之六十", 60), ("百分之百", 100), ("百分之三十五点五", 35.5), ("〇", 0),
    ("零", 0), ("千分之五", 5), ("1,234.5", 1234.5), ("１２３", 123), ("三亿五千万", 350_000_000), ("60%", 60),
    ("一万零一", 10001), ("十万", 100000),
])
def test_parse_number(s, v):
    assert parse_number(s) == pytest.approx(v)


@pytest.mark.parametrize("s", ["", "abc", "统一", "百分之", "1..2", "三五百"])
def test_parse_number_rejects(s):
    assert parse_number(s) is None


def q1(text):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text,value,vmax,unit,comp", [
    ("城镇新增就业50万人以上", 500000, None, "人", ">="),
    ("地区生产总值增长5%—5.5%", 5, 5.5, "%", "="),
    ("增长10-15%", 10, 15, "%", "="),
    ("10到20个", 10, 20, "个", "="),
    ("每年安排至少200万元", 2_000_000, None, "元", ">="),
    ("达约3.6万人", 36000, None, "人", "~"),
    ("30多项", 30, None, "项", "~"),
    ("1200余次", 1200, None, "次", "~"),
    ("近4000人次", 4000, None, "人次", "~"),
    ("已经突破3万人次", 30000, None, "人次", ">="),
    ("一度超过30%", 30, None, "%", ">="),
    ("控制在5.5%以内", 5.5, None, "%", "<="),
    ("不高于3%", 3, None, "%", "<="),
    ("居民消费价格涨幅3%左右", 3, None, "%", "~"),
    ("达到100%", 100, None, "%", "="),
    ("不低于成员校专任教师的10%", 10, None, "%", ">="),
    ("下降2个百分点", 2, None, "个百分点", "="),
    ("评选千名教师", 1000, None, "名", "="),
    ("总产值1.5亿元", 150_000_000, None, "元", "="),
    ("装机10万千瓦", 100_000, None, "千瓦", "="),
    ("新建高标准农田十五万亩", 150_000, None, "亩", "="),
])
def test_find_quantities(text, value, vmax, unit, comp):
    q = q1(text)
    assert q.value == pytest.approx(value)
    assert q.value_max == (pytest.approx(vmax) if vmax is not None else None)
    assert (q.unit, q.comparator) == (unit, comp)
    assert text[q.start:q.end] == q.raw


def test_durations_are_marked():
    q = q1("三至五年")
    assert q.duration and q.value == 3 and q.value_max == 5
    assert q1("用6个月时间").duration


@pytest.mark.parametrize("text", ["2022年", "2019年9月10日", "2019-2022", "第九小学", "六统一", "统一规划",
                                  "每万人口", "1X所", "ICP备20022334号", "千万不能", "十分重要", "长江存储二期",
                                  "一次性补贴"])
def test_not_quantities(text):
    assert [q for q in find_quantities(text) if q.unit] == []


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numeral_round_trip(n):
    assert parse_chinese_int(to_chinese_numeral(n)) == n
    assert parse_number(to_chinese_numeral(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_with_commas(n):
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_percent_quantity(i, f):
    text = f"比例达到{i}.{f:02d}%"
    q = q1(text)
    assert q.unit == "%" and q.value == pytest.approx(float(f"{i}.{f:02d}"))


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿"]))
def test_magnitude_scaling(n, mag):
    q = q1(f"投入资金{n}{mag}元")
    assert q.unit == "元"
    assert q.value == pytest.approx(n * (1e4 if mag == "万" else 1e8))


@given(st.text())
def test_never_crashes(s):
    parse_number(s)
    for q in find_quantities(s):
        assert 0 <= q.start <= q.end <= len(s)
