"""Offset maps: every normalized span maps back to the raw text it came from."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.normalize import normalize
from policytext.normalize.offsets import Edit, OffsetChain, apply_edits

ALPHABET = st.sampled_from(list("发展義務教育學校 \u00a0\u3000\n，。:0123456789年月日ab()（）|首页>") + ["(fā)", "(wù)"])


@st.composite
def text_and_edits(draw):
    text = "".join(draw(st.lists(ALPHABET, max_size=60)))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=10))))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        edits.append(Edit(a, b, draw(st.text(alphabet="xyz", max_size=4))))
    return text, edits


@given(text_and_edits())
@settings(max_examples=300)
def test_apply_edits_maps_copied_text_exactly(te):
    text, edits = te
    new, m = apply_edits(text, edits)
    assert m.old_len == len(text) and m.new_len == len(new)
    for ns, ne, os_, oe, copied in m.segments:
        if copied:
            assert new[ns:ne] == text[os_:oe]
        else:
            # a replaced block maps as a whole (a deletion is a point: covered by the monotone test)
            if ne > ns:
                assert m.to_old(ns) == os_ and m.to_old(ne, end=True) == oe


@given(text_and_edits())
@settings(max_examples=200)
def test_round_trip_positions_are_monotone(te):
    text, edits = te
    new, m = apply_edits(text, edits)
    olds = [m.to_old(i) for i in range(len(new) + 1)]
    assert olds == sorted(olds)
    news = [m.to_new(i) for i in range(len(text) + 1)]
    assert news == sorted(news)


@given(st.lists(ALPHABET, max_size=80).map("".join))
@settings(max_examples=150, deadline=None)
def test_normalized_chars_map_to_raw_chars(raw):
    n = normalize(raw)
    for i, ch in enumerate(n.text):
        rs, re_ = n.to_raw(i, i + 1)
        assert 0 <= rs <= re_ <= len(raw)
        if ch in "0123456789ab" and re_ - rs == 1:
            assert raw[rs] in ch + "０１２３４５６７８９"


def test_chain_maps_through_two_steps():
    text = "ab  cd(fā)ef"
    t1, m1 = apply_edits(text, [Edit(2, 4, "")])
    t2, m2 = apply_edits(t1, [Edit(4, 8, "")])
    assert t2 == "abcdef"
    chain = OffsetChain([m1, m2])
    assert chain.to_raw(4, 6) == (10, 12)
    assert text[slice(*chain.to_raw(0, 4))] == "ab  cd"
    assert chain.to_normalized(10, 12) == (4, 6)
