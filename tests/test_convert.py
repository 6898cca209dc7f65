"""t2s must equal OpenCC("t2s").convert on any input, and report length changes for offset maps."""
from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.normalize.convert import _tables, build_tables, detect_script, script_counts, t2s
from policytext.normalize.offsets import Edit, apply_edits

from .conftest import REPORTS, SEEDS


@lru_cache(maxsize=1)
def ref():
    from opencc import OpenCC

    return OpenCC("t2s")


def phrase_keys() -> list[str]:
    return sorted(_tables().phrases)


@lru_cache(maxsize=1)
def alphabet() -> list[str]:
    """Phrase-key characters, common traditional and simplified hanzi, ASCII, punctuation, separators."""
    chars = set("".join(phrase_keys()))
    chars |= set("發展义务教育學校乾覆蓋龍鍾頭髮后後干幹發个個的了是於于里裡麼么著着")
    chars |= set("abcXYZ0129 \t\n\u3000\u00a0-,.?!*;:%/()，。、；：？！…“”「」（）《》—－")
    chars |= {"\U00020000", "\U0002a6a5"}  # characters past the BMP (one of them may be a dictionary key)
    chars |= {chr(k) for k in _tables().table if k >= 0x10000}
    return sorted(chars)


def pieces() -> st.SearchStrategy[str]:
    """Whole phrase keys, their halves (to make overlapping candidates) and single characters."""
    keys = phrase_keys()
    return st.one_of(
        st.sampled_from(keys),
        st.sampled_from(keys).map(lambda k: k[: len(k) // 2 + 1]),
        st.sampled_from(keys).map(lambda k: k[len(k) // 2:]),
        st.sampled_from(alphabet()),
    )


@given(st.lists(st.sampled_from(alphabet()), max_size=60).map("".join))
@settings(max_examples=500, deadline=None)
def test_identical_to_opencc_random_characters(text):
    out, changes = t2s(text)
    assert out == ref().convert(text)
    assert changes == []  # the shipped dictionaries map every key to a value of the same length


@given(st.lists(pieces(), max_size=25).map("".join))
@settings(max_examples=800, deadline=None)
def test_identical_to_opencc_overlapping_phrases(text):
    assert t2s(text)[0] == ref().convert(text)


@given(st.sampled_from(phrase_keys()), st.text(alphabet="發展，頭乾 ", max_size=6),
       st.text(alphabet="發展，頭乾 ", max_size=6))
@settings(max_examples=300, deadline=None)
def test_every_phrase_in_context(phrase, left, right):
    text = left + phrase + right
    assert t2s(text)[0] == ref().convert(text)


def test_phrase_rules_that_matter():
    # longest key wins, then the leftmost; a key may not straddle an earlier match
    for text in ["乾坤", "一目瞭然", "乾隆皇帝", "瞭解乾坤", "不瞭解", "老態龍鍾", "乾乾淨淨", "天乾物燥",
                 "乾坤。乾坤", "乾 坤", "乾-坤", "x乾坤y", "𠀾乾坤𠀾"]:
        assert t2s(text)[0] == ref().convert(text), text
    assert t2s("一目瞭然")[0] == "一目了然"
    assert t2s("乾坤")[0] == "乾坤"  # a phrase key keeping 乾, which the character table turns into 干
    assert t2s("乾淨")[0] == "干净"


def test_long_unbroken_segment_stays_exact():
    text = ("乾坤瞭解一目瞭然發展" * 200)  # one segment with hundreds of phrase matches
    assert t2s(text)[0] == ref().convert(text)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + sorted(REPORTS.glob("*.txt")),
                         ids=lambda p: p.name[:16])
def test_identical_on_corpus(path):
    text = path.read_text(encoding="utf-8")
    assert t2s(text)[0] == ref().convert(text)


def altered_opencc():
    """An OpenCC t2s whose dictionaries change lengths: a phrase grows, a phrase shrinks, a character grows."""
    from opencc import OpenCC

    cc = OpenCC("t2s")
    cc._init_dict()
    (pmax, pmin, phrases), (cmax, cmin, chars) = cc._dict_chain_data[0]
    phrases = dict(phrases, **{"乾坤": "天与地", "一目瞭然": "明白 清楚"})
    chars = dict(chars, **{"鍾": "钟钟 锺"})
    cc._dict_chain_data = [[(pmax, pmin, phrases), (cmax, cmin, chars)]]
    return cc


@given(st.lists(st.sampled_from(["乾坤", "一目瞭然", "鍾", "龍鍾", "發", "乾", "，", " ", "a"]), max_size=15)
       .map("".join))
@settings(max_examples=300, deadline=None)
def test_length_changes_map_offsets(text):
    cc = altered_opencc()
    tables = build_tables(cc)
    out, changes = t2s(text, tables)
    assert out == cc.convert(text)
    assert changes == sorted(changes)
    for s, e, r in changes:
        assert 0 <= s < e <= len(text) and len(r) != e - s
    # the changes rebuild an offset map under which every change lands on its replacement
    shifted, m = apply_edits(text, [Edit(s, e, r) for s, e, r in changes])
    assert len(shifted) == len(out)
    for s, e, r in changes:
        assert out[m.to_new(s):m.to_new(e, end=True)] == r
    # and outside the changes the characters correspond one to one
    assert len(out) == len(text) + sum(len(r) - (e - s) for s, e, r in changes)


def test_length_change_examples():
    tables = build_tables(altered_opencc())
    assert t2s("見乾坤，一目瞭然鍾", tables) == ("见天与地，明白钟钟", [(1, 3, "天与地"), (4, 8, "明白"), (8, 9, "钟钟")])


def test_detect_script():
    assert detect_script("義務教育均衡發展") == "traditional"
    assert detect_script("义务教育均衡发展") == "simplified"
    assert detect_script("123 abc") == "simplified"
    assert detect_script("") == "simplified"
    assert detect_script("教育") == "simplified"  # nothing telling: hanzi both scripts share
    assert detect_script("后天干部") == "simplified"  # 后/干 are valid traditional characters too
    assert detect_script("义务教育均衡发展。" * 3 + "義務教育均衡發展。" * 3) == "mixed"
    assert detect_script("義務教育均衡發展，国") == "traditional"  # one stray character does not make it mixed
    assert detect_script("义务教育均衡发展，國") == "simplified"
    assert detect_script("義务") == "mixed"
    assert script_counts("義務发展") == (2, 1)


@pytest.mark.parametrize("name, script", [("000", "simplified"), ("001", "traditional"), ("002", "simplified"),
                                          ("003", "traditional"), ("004", "simplified")])
def test_detect_script_on_seeds(name, script):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    assert detect_script(path.read_text(encoding="utf-8")) == script


def test_detect_script_on_reports():
    for p in sorted(REPORTS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        assert detect_script(text) == "simplified", p.name
        assert detect_script(t2s(text)[0]) == "simplified"
