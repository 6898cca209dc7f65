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


@given(text_and_edits(), st.text(alphabet="xyz", max_size=3))
@settings(max_examples=300)
def test_batch_mapping_equals_one_by_one(te, insert):
    text, edits = te
    if insert:  # an insertion (empty old span) too, where it fits
        at = edits[-1].end if edits else 0
        edits = edits + [Edit(at, at, insert)] if all(e.end <= at for e in edits) else edits
    new, m = apply_edits(text, edits)
    for end in (False, True):
        olds = list(range(-2, len(new) + 3))
        assert m.to_old_many(olds, end=end).tolist() == [m.to_old(p, end=end) for p in olds]
        news = list(range(-2, len(text) + 3))
        assert m.to_new_many(news, end=end).tolist() == [m.to_new(p, end=end) for p in news]


@given(text_and_edits(), text_and_edits())
@settings(max_examples=150)
def test_chain_batch_equals_one_by_one(te1, te2):
    text, edits = te1
    t1, m1 = apply_edits(text, edits)
    _, edits2 = te2
    edits2 = [e for e in edits2 if e.end <= len(t1)]
    _, m2 = apply_edits(t1, edits2)
    chain = OffsetChain([m1, m2])
    spans = [(a, b) for a in range(len(t1) + 1) for b in range(a, min(a + 3, len(t1)) + 1)]
    starts, ends = [a for a, _ in spans], [b for _, b in spans]
    rs, re_ = chain.to_raw_many(starts, ends, upto=1)
    assert list(zip(rs.tolist(), re_.tolist(), strict=True)) == [chain.to_raw(a, b, upto=1) for a, b in spans]
    ns, ne = chain.to_normalized_many(starts, ends, since=1)
    assert list(zip(ns.tolist(), ne.tolist(), strict=True)) == [chain.to_normalized(a, b, since=1) for a, b in spans]


@given(text_and_edits(), st.text(alphabet="xyz", max_size=3), st.lists(st.integers(-3, 70), max_size=40))
@settings(max_examples=400)
def test_sorted_mapping_equals_one_by_one(te, insert, extra):
    """The run-wise mapping of sorted positions (what normalization uses) gives what to_old / to_new give one by one,
    at edit boundaries, inside replaced blocks, at insertions and outside the text included."""
    text, edits = te
    if insert:
        at = edits[-1].end if edits else 0
        edits = edits + [Edit(at, at, insert)] if all(e.end <= at for e in edits) else edits
    new, m = apply_edits(text, edits)
    for end in (False, True):
        olds = sorted(list(range(-2, len(new) + 3)) + extra)
        assert m.to_old_sorted(olds, end=end) == [m.to_old(p, end=end) for p in olds]
        news = sorted(list(range(-2, len(text) + 3)) + extra)
        assert m.to_new_sorted(news, end=end) == [m.to_new(p, end=end) for p in news]
        unsorted = extra[::-1]
        assert m.to_new_sorted(unsorted, end=end) == [m.to_new(p, end=end) for p in unsorted]


@given(text_and_edits())
@settings(max_examples=200)
def test_edit_new_starts_are_where_replacements_land(te):
    text, edits = te
    new, m = apply_edits(text, edits)
    for e, ns in zip(edits, m.edit_new_starts(), strict=True):
        assert new[ns:ns + len(e.replacement)] == e.replacement
        if e.end > e.start:
            assert m.to_new(e.start) == ns


@given(text_and_edits(), text_and_edits())
@settings(max_examples=300)
def test_span_mapping_equals_one_by_one(te, spans):
    """spans_to_old / spans_to_new (flat sorted span lists, as normalization maps its repairs) agree with
    to_old / to_new, ends mapped as ends."""
    text, edits = te
    new, m = apply_edits(text, edits)
    _, cuts = spans
    flat = [x for e in cuts for x in (e.start, e.end)]
    old_flat = [min(x, len(text)) for x in flat]
    assert m.spans_to_new(old_flat) == [m.to_new(p, end=bool(i % 2)) for i, p in enumerate(old_flat)]
    new_flat = [min(x, len(new)) for x in flat]
    assert m.spans_to_old(new_flat) == [m.to_old(p, end=bool(i % 2)) for i, p in enumerate(new_flat)]
