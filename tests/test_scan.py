"""The compiled passes (policytext/_speedups.c) and their pure-Python versions (normalize/scan.py) agree: on
generated text, and through the whole normalization of every development document (same text, repairs, damaged
spans and offsets either way)."""
from __future__ import annotations

import contextlib
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.normalize import scan

from .conftest import DEV, REPORTS, SEEDS

COMPILED = scan._speedups is not None
needs_compiled = pytest.mark.skipif(not COMPILED, reason="the C extension policytext._speedups is not built "
                                                         "(pip install -e . with a C compiler builds it)")


@contextlib.contextmanager
def python_passes():
    """The pure-Python versions for the duration."""
    was = scan.COMPILED
    scan.COMPILED = False
    try:
        yield
    finally:
        scan.COMPILED = was


def test_ci_builds_the_extension():
    """CI installs a C compiler (.ci/run): there the compiled passes must be what the tests compare."""
    if os.environ.get("CI") == "true":
        assert COMPILED, "policytext._speedups was not built in CI"


# characters of every storage width of a str: ASCII, Latin-1, the BMP (hanzi, full-width, description operators,
# lone surrogates) and past it
ALPHABET = list("ab1(（)）<>/&;?\n 　") + ["é", "\xa0", "發", "发", "著", "乾", "坤", "Ａ", "１", "\u2ff0", "\ud800",
                                            "\udfff", "\uffff", "\U00020000", "\U0002a6a5", "\U0010ffff"]
texts = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join) | st.text(max_size=60)
classes = st.frozensets(st.sampled_from(ALPHABET), max_size=6)


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(text=texts, run=st.lists(classes, min_size=1, max_size=3), limit=st.integers(-1, 4))
def test_class_hits_agree(text, run, limit):
    r = scan.ClassRun(*run)
    compiled = r.hits(text, limit)
    with python_passes():
        assert r.hits(text, limit) == compiled
    # and both are what the definition says (a class holding any character past the BMP holds all of them)
    def member(c, cls):
        return c in cls or (ord(c) >= 0x10000 and any(ord(x) >= 0x10000 for x in cls))
    want = [i for i in range(len(text) - len(run) + 1) if all(member(text[i + k], cls) for k, cls in enumerate(run))]
    assert compiled == (want if limit < 0 else want[:limit])


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(text=texts, changes=st.dictionaries(st.sampled_from([c for c in ALPHABET if ord(c) < 0x10000]),
                                           st.sampled_from(ALPHABET), max_size=6))
def test_bmp_map_agrees_with_translate(text, changes):
    m = scan.BmpMap(changes)
    compiled = m.apply(text)
    with python_passes():
        assert m.apply(text) == compiled
    assert compiled == "".join(changes.get(c, c) for c in text)
    assert compiled == text.translate({ord(k): v for k, v in changes.items()})


def test_bmp_map_refuses_what_is_not_one_character_to_one():
    for bad in ({"ab": "c"}, {"a": "bc"}, {"a": ""}, {"\U00020000": "a"}):
        with pytest.raises(ValueError):
            scan.BmpMap(bad)


def test_compiled_functions_check_their_arguments():
    if not COMPILED:
        pytest.skip("the C extension is not built")
    with pytest.raises(ValueError):
        scan._speedups.map_bmp("abc", "short")
    with pytest.raises(ValueError):
        scan._speedups.class_hits("abc", (b"\0" * 10,), -1)
    with pytest.raises(ValueError):
        scan._speedups.class_hits("abc", (), -1)
    with pytest.raises(TypeError):
        scan._speedups.class_hits("abc", [bytes(8193)], -1)


# -- the patterns matched where a class scan says they can start -----------------------------------------------
def _pattern_cases():
    from policytext.normalize import repair, whitespace

    return [(repair._TAG, repair._TAG_START, list("<>/bpBP ") + ["span", "br", "div", "TD", "a", "x"]),
            (whitespace._FW_RE, whitespace._FW_START, list("Ａａ１％．／－＋ab1 ") + ["\uff5a", "\uff3b"]),
            (repair._YM_LOST, repair._CENTURY, list("1209345678月年 .-/") + ["０", "９", "٣"]),
            (repair._YMD_LOST, repair._CENTURY, list("120934567 8%.-/") + ["０", "٣"])]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_matches_at_is_finditer(data):
    for pattern, starts, alphabet in _pattern_cases():
        text = data.draw(st.lists(st.sampled_from(alphabet), max_size=40).map("".join))
        want = [m.span() for m in pattern.finditer(text)]
        got = [m.span() for m in scan.matches_at(pattern, text, starts.hits(text))]
        assert got == want, (pattern.pattern[:40], text)
        with python_passes():
            assert [m.span() for m in scan.matches_at(pattern, text, starts.hits(text))] == want


def test_matches_at_sees_the_text_before_a_start():
    p = re.compile(r"(?<!a)b")
    assert [m.span() for m in scan.matches_at(p, "ab cb", [1, 4])] == [(4, 5)]


# -- every development document, normalized both ways --------------------------------------------------------
def _documents():
    paths = sorted(SEEDS.glob("*.txt"))
    for folder in (DEV, REPORTS):
        if folder.is_dir():
            paths += sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".htm"))
    return paths


def _raw_text(path):
    from policytext.read import read_path

    return read_path(path).text


@needs_compiled
@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_normalization_is_the_same_either_way(path):
    from policytext.normalize import normalize
    from policytext.normalize.convert import CONFIGS, convert, detect_script, to_simplified

    raw = _raw_text(path)
    got = normalize(raw)
    compiled = (got.text, got.repairs, got.damaged, got.chain, got.script, got.conversion, got.removed)
    conversions = [convert(raw, c) for c in CONFIGS] + [to_simplified(raw), detect_script(raw)]
    with python_passes():
        got = normalize(raw)
        assert (got.text, got.repairs, got.damaged, got.chain, got.script, got.conversion, got.removed) == compiled
        assert [convert(raw, c) for c in CONFIGS] + [to_simplified(raw), detect_script(raw)] == conversions

