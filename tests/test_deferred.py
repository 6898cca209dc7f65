"""Fields computed on first read (records.Deferred): a parse leaves metadata, structure, tables, repairs and the
doc_id to be computed when asked; reading them gives what an eager parse gave (the golden files check the values,
these tests the mechanism)."""
from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from policytext.pipeline import parse_bytes
from policytext.records import Document, Metadata

from .conftest import SEEDS


def _doc(**pending) -> Document:
    d = Document(doc_id="x", source="s", format="txt", encoding="utf-8", script="simplified", text="t",
                 raw_text="t", metadata=Metadata())
    d.defer(pending)
    return d


def test_one_function_runs_once_for_all_its_fields():
    calls = []

    def structure(_):
        calls.append(1)
        return {"paragraphs": ["p"], "sections": ["s"], "sentences": [(0, 1)]}

    d = _doc(paragraphs=structure, sections=structure, sentences=structure)
    assert "paragraphs" not in vars(d)
    assert d.sections == ["s"] and d.paragraphs == ["p"] and d.sentences == [(0, 1)]
    assert calls == [1]
    assert "_pending" not in vars(d)


def test_an_assigned_field_keeps_its_value():
    d = _doc(repairs=lambda _: {"repairs": ["computed"], "damaged": ["computed"]},
             damaged=lambda _: {"repairs": ["computed"], "damaged": ["computed"]})
    d.repairs = ["mine"]
    assert d.damaged == ["computed"]
    assert d.repairs == ["mine"]


def test_failures_are_not_missing_attributes():
    def broken(_):
        return {}.missing  # an AttributeError inside the computation

    d = _doc(tables=broken)
    with pytest.raises(RuntimeError, match="Document.tables"):
        d.tables  # noqa: B018
    assert not hasattr(d, "no_such_field")


def test_pickle_copy_replace_and_equality_compute_first():
    d = _doc(doc_id=lambda _: {"doc_id": "computed"})
    assert "doc_id" not in vars(d)
    back = pickle.loads(pickle.dumps(d))
    assert back.doc_id == "computed" and "_pending" not in vars(back)
    e = _doc(doc_id=lambda _: {"doc_id": "computed"})
    assert copy.deepcopy(e).doc_id == "computed"
    f = _doc(doc_id=lambda _: {"doc_id": "computed"})
    assert dataclasses.replace(f, source="t").doc_id == "computed"
    assert _doc(doc_id=lambda _: {"doc_id": "computed"}) == back
    assert "computed" in repr(_doc(doc_id=lambda _: {"doc_id": "computed"}))


def test_a_parsed_document_is_freed_without_the_collector():
    """No reference cycle: the document goes when its last reference does (a CLI run pauses the collector)."""
    import gc
    import weakref

    data = sorted(SEEDS.glob("*.txt"))[1].read_bytes()
    gc.disable()
    try:
        doc = parse_bytes(data, "seed")
        gone = weakref.ref(doc)
        del doc
        assert gone() is None
    finally:
        gc.enable()


def test_a_parse_defers_what_the_text_does_not_need():
    data = sorted(SEEDS.glob("*.txt"))[1].read_bytes()
    doc = parse_bytes(data, "seed")
    left = set(vars(doc)["_pending"])
    assert {"doc_id", "metadata", "paragraphs", "sections", "sentences", "repairs", "damaged", "tables"} <= left
    assert doc.text  # the text itself is there
    eager = parse_bytes(data, "seed")
    eager.resolve()
    assert "_pending" not in vars(eager)
    assert doc.to_dict(text=True) == eager.to_dict(text=True)
    assert doc == eager
