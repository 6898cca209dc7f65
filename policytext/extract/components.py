"""spaCy components that run the extractors and write ``doc.spans``.

spaCy factory names cannot contain dots, so the versioned names live where spaCy puts swappable
functions: ``registry.misc`` holds ``policytext.targets.v1`` / ``policytext.mechanisms.v1`` /
``policytext.deadlines.v1`` (each ``(text, doc_year) -> records``), and the factories
``policytext_targets`` … take one of them as their ``extractor`` setting. A user swaps an extractor by
registering ``my.targets.v1`` and passing ``config={"extractor": {"@misc": "my.targets.v1"}}``.

Each component writes the typed records on ``doc._.<kind>`` and the matching spans in
``doc.spans["<kind>"]``; a span's ``_.record`` is its record. Numbers are matched on the characters
and mapped to tokens with ``doc.char_span(..., alignment_mode="expand")``. The document's year (context
for the rules) comes from ``doc._.doc_year``, set by the caller.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

for _name in ("targets", "mechanisms", "deadlines"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("doc_year"):
    Doc.set_extension("doc_year", default=None)
if not Span.has_extension("record"):
    Span.set_extension("record", default=None)

Extractor = Callable[[str, "int | None"], list]


@registry.misc("policytext.targets.v1")
def targets_v1() -> Extractor:
    def run(text: str, year: int | None) -> list:
        from policytext.extract.targets import find_targets

        return find_targets(text, doc_year=year)

    return run


@registry.misc("policytext.mechanisms.v1")
def mechanisms_v1() -> Extractor:
    def run(text: str, year: int | None) -> list:
        from policytext.extract.mechanisms import find_mechanisms

        return find_mechanisms(text)

    return run


@registry.misc("policytext.deadlines.v1")
def deadlines_v1() -> Extractor:
    def run(text: str, year: int | None) -> list:
        from policytext.extract.deadlines import find_deadlines

        return find_deadlines(text, doc_year=year)

    return run


class RecordsComponent:
    """Runs one extractor over ``doc.text`` and stores its records as spans."""

    def __init__(self, key: str, extractor: Extractor):
        self.key = key
        self.extractor = extractor

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        kept = []
        for r in self.extractor(doc.text, doc._.doc_year):
            sp = doc.char_span(r.start, r.end, alignment_mode="expand", label=self.key[:-1])
            if sp is None:
                continue
            sp._.record = r
            spans.append(sp)
            kept.append(r)
        doc.spans[self.key] = spans
        setattr(doc._, self.key, kept)
        return doc


@Language.factory("policytext_targets", default_config={"extractor": {"@misc": "policytext.targets.v1"}})
def make_targets(nlp: Language, name: str, extractor: Extractor) -> RecordsComponent:
    return RecordsComponent("targets", extractor)


@Language.factory("policytext_mechanisms", default_config={"extractor": {"@misc": "policytext.mechanisms.v1"}})
def make_mechanisms(nlp: Language, name: str, extractor: Extractor) -> RecordsComponent:
    return RecordsComponent("mechanisms", extractor)


@Language.factory("policytext_deadlines", default_config={"extractor": {"@misc": "policytext.deadlines.v1"}})
def make_deadlines(nlp: Language, name: str, extractor: Extractor) -> RecordsComponent:
    return RecordsComponent("deadlines", extractor)
