"""cn2an's own numeral cases (../shared/peer/cn2an/cases.json, read at run time, never copied here).

Policy text uses cn2an's ``strict`` forms and the ``normal``/``smart`` colloquial and mixed forms. For each of
them ``parse_number`` must give cn2an's number or no number at all: a silent wrong value is the one failure.
Digit-by-digit readings (一七二零) and negatives (负一) are left out of ``normal``/``smart``, as the project's
brief says; refusing them is allowed in ``strict`` too.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytext.numbers import parse_number

CASES = Path(__file__).resolve().parents[2] / "shared" / "peer" / "cn2an" / "cases.json"
_DIGITS = set("零〇○一二两兩三四五六七八九壹贰貳叁肆伍陆陸柒捌玖幺0123456789.点")


def _cases() -> dict:
    if not CASES.exists():
        pytest.skip(f"cn2an peer cases not found at {CASES} (../shared is only in the development checkout)")
    return json.loads(CASES.read_text(encoding="utf-8"))


def _digit_by_digit(s: str) -> bool:
    """一七二零, 一二点三: digits read one by one, no place words."""
    body = s.replace("点", "")
    return len(body) > 1 and all(c in _DIGITS for c in s)


def _negative(s: str) -> bool:
    return s.startswith(("负", "-"))


def _policy_cases() -> list[tuple[str, str, float]]:
    d = _cases()
    out = [("strict", k, v) for k, v in d["strict"].items()]
    for mode in ("normal", "smart"):
        out += [(mode, k, v) for k, v in d[mode].items() if not _digit_by_digit(k) and not _negative(k)]
    return out


def _tally() -> dict[str, list]:
    res: dict[str, list] = {"right": [], "refused": [], "wrong": []}
    for mode, k, v in _policy_cases():
        got = parse_number(k)
        if got is None:
            res["refused"].append((mode, k))
        elif abs(got - float(v)) <= 1e-9 * max(1.0, abs(float(v))):
            res["right"].append((mode, k))
        else:
            res["wrong"].append((mode, k, v, got))
    return res


def test_no_silent_wrong_value():
    res = _tally()
    assert res["wrong"] == [], res["wrong"]


def test_most_policy_forms_are_read():
    res = _tally()
    n = sum(len(v) for v in res.values())
    # refused today: negatives of strict (负一 …), 廿二 and 一万零百一十一
    assert len(res["right"]) >= 0.9 * n, (len(res["right"]), n, res["refused"])


@pytest.mark.parametrize("key", ["三万五", "两千六", "一百二", "十三万五", "一百二十万三", "壹拾万零叁仟肆佰伍拾叁",
                                 "10.1万", "100万三千", "200亿零四千230"])
def test_named_colloquial_and_mixed_forms(key):
    d = _cases()
    expected = d["smart"].get(key, d["normal"].get(key))
    assert expected is not None, f"{key} is no longer a cn2an case"
    assert parse_number(key) == pytest.approx(expected)


def test_error_cases_of_smart_mode_are_refused():
    d = _cases()
    assert [k for k in d["error_smart"] if parse_number(k) is not None] == []
