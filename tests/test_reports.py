"""The 22 provincial 2026 government work reports (real, unlabelled): the extractor holds its invariants on
every one, and finds what every such report states — the growth target among its 主要预期目标. They are
development material outside the project (``../shared/corpus/gov-reports-2026``); without it these tests skip."""
from __future__ import annotations

import re

import pytest

import policytext

from .conftest import REPORTS as REPORT_DIR
from .conftest import requires_reports

REPORTS = sorted(REPORT_DIR.glob("*.txt"))
pytestmark = requires_reports


@pytest.fixture(scope="module", params=REPORTS, ids=lambda p: p.stem)
def report(request):
    return policytext.extract(str(request.param))


def test_there_are_22_reports():
    assert len(REPORTS) == 22


def test_records_quote_their_spans(report):
    assert report.targets and report.deadlines
    for r in [*report.targets, *report.mechanisms, *report.deadlines]:
        assert report.text[r.start:r.end] == r.text
        assert report.is_damaged(r.start, r.end) <= r.damaged


def test_the_growth_target_of_the_year(report):
    """今年…主要预期目标是：地区生产总值(经济)增长5%左右 → a 2026 target in percent."""
    growth = [t for t in report.targets if re.search(r"(?:生产总值|经济)(?:按)?增长$", t.indicator)
              and t.kind == "target" and t.year == 2026 and t.unit == "%"]
    assert growth, [(t.indicator, t.kind, t.year) for t in report.targets if "增长" in t.indicator][:10]
    assert 3 <= growth[0].value <= 8


def test_review_figures_are_achievements(report):
    """Most figures of the review section (…回顾/总结/成就, before the plan) are achievements."""
    plan = min((t.start for t in report.targets if t.kind == "target" and t.year == 2026), default=len(report.text))
    before = [t for t in report.targets if t.start < plan]
    assert before
    share = sum(t.kind == "achievement" for t in before) / len(before)
    assert share >= 0.8, share
