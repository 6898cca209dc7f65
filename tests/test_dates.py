"""policytext.dates: Chinese date expressions → ISO."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.dates import find_dates, parse_date

CN = "〇一二三四五六七八九"


@pytest.mark.parametrize(("s", "iso"), [
    ("2019年9月10日", "2019-09-10"),
    ("2019年 9月10 日", "2019-09-10"),
    ("2019年\u00a09月 10\u00a0日", "2019-09-10"),
    ("2019年9月10号", "2019-09-10"),
    ("二〇一九年九月十日", "2019-09-10"),
    ("二〇二〇年三月五日", "2020-03-05"),
    ("二O一九年十二月三十一日", "2019-12-31"),
    ("二〇一九年元月", "2019-01"),
    ("2019-09-10", "2019-09-10"),
    ("2019.9.10", "2019-09-10"),
    ("2019/9/10", "2019-09-10"),
    ("２０１９年９月", "2019-09"),
    ("2023-10-31 19:45:03", "2023-10-31"),
    ("20191217", "2019-12-17"),
    ("20196月", "2019-06"),
    ("201911月", "2019-11"),
    ("201912月10日", "2019-12-10"),
    ("2019年", "2019"),
    ("  2019年9月  ", "2019-09"),
])
def test_parse_date_forms(s, iso):
    assert parse_date(s) == iso


@pytest.mark.parametrize("s", [
    "", "2019-2022", "2019.12", "2019-02-30", "20191317", "12345678", "201912", "2019年13月5日",
    "1850年3月", "2019年9月10日印发通知", "第2019号", "abc",
])
def test_parse_date_rejects(s):
    assert parse_date(s) is None


def test_find_dates_spans_and_fallback():
    text = "时间:2023-10-31 19:45:03 规划(2019-2022年)于20196月提出，2019年13月无效，20191217签发。"
    found = find_dates(text)
    for start, end, _iso, raw in found:
        assert text[start:end] == raw
    assert [f[2] for f in found] == ["2023-10-31", "2022", "2019-06", "2019", "2019-12-17"]


def test_find_dates_ignores_numbers_inside_longer_digit_runs():
    assert find_dates("电话020191217000，编号120191217") == []
    assert find_dates("增长20191217%") == []


def _cn_num(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN[tens]) + "十" if tens else "") + (CN[ones] if ones else "")


_SP = st.sampled_from(["", " ", "\u00a0", "  ", "\u3000"])


def _forms(d: dt.date, sp: list[str]) -> list[tuple[str, str]]:
    iso = d.isoformat()
    y, m, dd = d.year, d.month, d.day
    return [
        (f"{y}{sp[0]}年{sp[1]}{m}{sp[2]}月{sp[3]}{dd}{sp[0]}日", iso),
        ("".join(CN[int(c)] for c in str(y)) + f"年{_cn_num(m)}月{_cn_num(dd)}日", iso),
        (f"{y}-{m:02d}-{dd:02d}", iso),
        (f"{y}.{m}.{dd}", iso),
        (f"{y}/{m}/{dd}", iso),
        (f"{y}{m:02d}{dd:02d}", iso),
        (f"{y}{m}月", iso[:7]),
        (f"{y}年{m}月", iso[:7]),
    ]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), st.lists(_SP, min_size=4, max_size=4))
def test_roundtrip_every_surface_form(d, sp):
    for surface, iso in _forms(d, sp):
        assert parse_date(surface) == iso, surface
        text = f"经研究，于{surface}印发。"
        found = find_dates(text)
        assert found and found[0][2] == iso and found[0][3] == surface, (surface, found)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789年月日号-./ 〇一二三四五六七八九十元廿O\u00a0：:发文") ), max_size=60)
       | st.text(max_size=80))
def test_never_crashes_and_spans_are_valid(text):
    iso_shape = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
    last = 0
    for start, end, iso, raw in find_dates(text):
        assert last <= start < end <= len(text)
        assert text[start:end] == raw
        assert iso_shape.match(iso)
        y = int(iso[:4])
        assert 1900 <= y <= 2099
        if len(iso) == 10:
            dt.date.fromisoformat(iso)
        last = end
    parse_date(text)


@pytest.mark.parametrize(("s", "iso"), [
    ("二○二二年十一月八日", "2022-11-08"),   # the ring ○ of a signature
    ("2022.11.8", "2022-11-08"),
    ("2022.11.08.", "2022-11-08"),           # a signature date closed by a full stop
    ("2022年11月8日。", "2022-11-08"),
    ("20221108", "2022-11-08"),
])
def test_signature_date_forms(s, iso):
    assert parse_date(s) == iso


@pytest.mark.parametrize("ws", ["\v", "\f", "\x85", "\u2028", " ", "\t"])
def test_parse_date_is_linear_on_whitespace_runs(ws):
    """Issue #13 row 3: a trailing-time check that backtracked over long whitespace runs took seconds."""
    import time

    t0 = time.perf_counter()
    for n in (20_000, 40_000):
        assert parse_date("2019年1月1日" + ws * n + "x") is None
        assert parse_date("2019年1月1日" + ws * n) == "2019-01-01"
    assert time.perf_counter() - t0 < 0.5
