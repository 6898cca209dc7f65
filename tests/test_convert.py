"""t2s must equal OpenCC("t2s").convert on any input (and report length changes for offset maps)."""
from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.normalize.convert import _tables, detect_script, t2s

from .conftest import REPORTS, SEEDS


@lru_cache(maxsize=1)
def ref():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def alphabet() -> list[str]:
    cc = _tables()[0]
    phrases = next(d for d in cc._dict_chain_data[0] if d[0] > 1)[2]
    chars = set("".join(list(phrases)[:120]))
    chars |= set("發展義務教育學校乾覆蓋龍鍾頭髮后後干幹發个個的了是，。、 \n—-（）《》abc123")
    return sorted(chars)


@given(st.lists(st.sampled_from(alphabet()), max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_identical_to_opencc(text):
    out, changes = t2s(text)
    assert out == ref().convert(text)
    # rebuilding from the length-changing replacements + same-length char conversion gives the output
    for s, e, r in changes:
        assert 0 <= s < e <= len(text) and len(r) != e - s


@given(st.sampled_from(sorted(next(d for d in _tables()[0]._dict_chain_data[0] if d[0] > 1)[2])),
       st.text(alphabet="發展，頭 ", max_size=6), st.text(alphabet="發展，頭 ", max_size=6))
@settings(max_examples=200, deadline=None)
def test_every_phrase_in_context(phrase, left, right):
    text = left + phrase + right
    assert t2s(text)[0] == ref().convert(text)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + sorted(REPORTS.glob("*.txt"))[:5],
                         ids=lambda p: p.name[:12])
def test_identical_on_corpus(path):
    text = path.read_text(encoding="utf-8")
    assert t2s(text)[0] == ref().convert(text)


def test_detect_script():
    assert detect_script("義務教育均衡發展") == "traditional"
    assert detect_script("义务教育均衡发展") == "simplified"
    assert detect_script("123 abc") == "simplified"
    assert detect_script("义务教育均衡发展。" * 3 + "義務教育均衡發展。" * 3) == "mixed"
