"""The fast paths of records.py give what the plain dataclass ways give: ``from_rows`` / ``from_dicts`` the
records ``Cls(...)`` makes, ``to_dict`` what ``dataclasses.asdict`` makes (same keys in the same order, lists
copied)."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from policytext.pipeline import parse_path
from policytext.records import DamagedSpan, Paragraph, Repair, Section

from .conftest import SEEDS


@pytest.fixture(scope="module")
def docs():
    return [parse_path(p) for p in sorted(SEEDS.glob("*.txt"))]


def test_to_dict_is_asdict(docs):
    n = 0
    for doc in docs:
        for rec in [*doc.repairs, *doc.damaged, *doc.paragraphs, *doc.sections, doc.metadata.region]:
            if rec is None:
                continue
            d = rec.to_dict()
            assert d == asdict(rec) and list(d) == list(asdict(rec))
            for k, v in d.items():
                if isinstance(v, list):
                    assert v is not getattr(rec, k)  # a copy, as asdict makes
            n += 1
    assert n > 900


def test_from_rows_and_dicts_make_the_records_the_constructor_makes():
    rows = [("pinyin", 3, 3, 7, 11, "(fā)", "", "(fā)"), ("date", 0, 9, 0, 8, "20191217", "2019年12月17日", "x")]
    made = [Repair(kind=k, start=s, end=e, raw_start=rs, raw_end=re_, before=b, after=a, detail=d)
            for k, s, e, rs, re_, b, a, d in rows]
    assert Repair.from_rows(rows) == made
    assert Repair.from_dicts([r.to_dict() for r in made]) == made
    assert [hash(r) for r in Repair.from_rows(rows)] == [hash(r) for r in made]
    with pytest.raises(ValueError):
        Repair.from_rows([("no such kind", 0, 0, 0, 0, "", "", "")])
    assert DamagedSpan.from_rows([(1, 2, 3, 4, "?", "why")]) == [
        DamagedSpan(start=1, end=2, raw_start=3, raw_end=4, text="?", reason="why")]
    assert Paragraph.from_rows([(0, 5, ["一、总体要求"], 1, "一、")]) == [
        Paragraph(start=0, end=5, section=["一、总体要求"], heading_level=1, heading_marker="一、")]
    assert Section.from_rows([("一、总体要求", "一、", 1, 0, 9, ["一、总体要求"])]) == [
        Section(title="一、总体要求", marker="一、", level=1, start=0, end=9, path=["一、总体要求"])]
