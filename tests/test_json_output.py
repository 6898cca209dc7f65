"""The CLI's indented JSON writer (cli/common.dumps_indented) writes what json.dumps(obj, ensure_ascii=False,
indent=n) writes, byte for byte (the parse golden files and the speed guard compare whole outputs too)."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.cli.common import dumps_indented

TEXT = st.lists(st.sampled_from(list("ab發展,:{}[]\"\\\n\t\x00\x01 }，\u2028") + ["},\n    {", ": ["]),
                max_size=6).map("".join)
PLAIN = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), TEXT)
RECORD = st.dictionaries(st.sampled_from(["kind", "start", "end", "before", "after", "x"]), PLAIN, max_size=6)
TREE = st.recursive(PLAIN, lambda kids: st.one_of(st.lists(kids, max_size=6), st.dictionaries(TEXT, kids, max_size=5),
                                                  st.lists(RECORD, min_size=5, max_size=9)), max_leaves=40)


@given(TREE, st.sampled_from([1, 2, 4]))
@settings(max_examples=500, deadline=None)
def test_indented_json_is_json_dumps(obj, indent):
    assert dumps_indented(obj, indent) == json.dumps(obj, ensure_ascii=False, indent=indent)


def test_keys_that_are_not_strings_and_tuples():
    for obj in [{1: "a", None: [1]}, (1, (2, 3)), [{"a": (1, 2)}] * 6, [{"a": 1}, {}, {"b": 2}] * 3]:
        assert dumps_indented(obj) == json.dumps(obj, ensure_ascii=False, indent=2)
