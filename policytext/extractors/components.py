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
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from policytext.nlp import doc_text

for _name in ("targets", "mechanisms", "deadlines"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("doc_year"):
    Doc.set_extension("doc_year", default=None)
if not Doc.has_extension("context"):  # extractors/context.TextContext: structure computed once per document
    Doc.set_extension("context", default=None)
def _record_of(span: Span):
    """The record a span was written for (looked up by label and offsets: spans of different record kinds
    can cover the same characters, and a stored extension value would be shared between them)."""
    for r in getattr(span.doc._, span.label_ + "s", None) or []:
        if r.start >= span.start_char and r.end <= span.end_char:
            sp = span.doc.char_span(r.start, r.end, alignment_mode="expand")
            if sp is not None and sp.start == span.start and sp.end == span.end:
                return r
    return None


if not Span.has_extension("record"):
    Span.set_extension("record", getter=_record_of)


def _rule_of(span: Span) -> list[str]:
    """Ids of the rules that produced a span's record, its kind and its comparator (``extract --explain``)."""
    r = _record_of(span)
    return list(getattr(r, "rule", None) or [])


if not Span.has_extension("rule"):
    Span.set_extension("rule", getter=_rule_of)


def _words_of(span: Span) -> list[str]:
    """jieba words of a span, segmented on access (the pipeline's private jieba + policy user dictionary)."""
    from policytext.nlp import JiebaTokenizer

    return JiebaTokenizer(span.doc.vocab).segment(span.text)


if not Span.has_extension("words"):
    Span.set_extension("words", getter=_words_of)

# (text, doc_year) -> records; an extractor that also takes ``context=`` gets the document's TextContext
Extractor = Callable[[str, "int | None"], list]


@registry.misc("policytext.targets.v1")
def targets_v1() -> Extractor:
    def run(text: str, year: int | None, context=None) -> list:
        from policytext.extractors.targets import find_targets

        return find_targets(text, doc_year=year, context=context)

    return run


@registry.misc("policytext.targets_kind_model.v1")
def targets_kind_model_v1(path: str) -> Extractor:
    """``policytext.targets.v1`` with the trained kind classifier (a JSON file written by
    ``models/build_kind_model.py``) deciding the kind where no cue word does. Not the default: on held-out
    hand-labelled figures it did not beat the rules (see ``models/target-kind/README.md``)."""
    from policytext.extractors.kind_model import KindModel

    model = KindModel.from_json(path)

    def run(text: str, year: int | None, context=None) -> list:
        from policytext.extractors.targets import find_targets

        return find_targets(text, doc_year=year, kind_model=model, context=context)

    return run


@registry.misc("policytext.mechanisms.v1")
def mechanisms_v1() -> Extractor:
    def run(text: str, year: int | None) -> list:
        from policytext.extractors.mechanisms import find_mechanisms_explained

        return [replace(m, rule=list(ids)) for m, ids in find_mechanisms_explained(text)]

    return run


@registry.misc("policytext.deadlines.v1")
def deadlines_v1() -> Extractor:
    def run(text: str, year: int | None, context=None) -> list:
        from policytext.extractors.deadlines import find_deadlines_explained

        return [replace(d, rule=list(ids))
                for d, ids in find_deadlines_explained(text, doc_year=year, context=context)]

    return run


def write_spans(doc: Doc, key: str) -> None:
    spans = []
    for r in getattr(doc._, key) or []:
        sp = doc.char_span(r.start, r.end, alignment_mode="expand", label=key[:-1])
        if sp is not None:
            spans.append(sp)
    doc.spans[key] = spans


class WordsComponent:
    """Segments, with jieba, the CJK runs inside extracted records (and only those), then rewrites the
    record spans on the finer tokens."""

    KEYS = ("targets", "mechanisms", "deadlines")

    def __init__(self, nlp: Language):
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        from policytext.nlp import _RUNS, _TOKENS, TEXT_KEY, attach_spaces, doc_text

        segment = getattr(self.nlp.tokenizer, "segment", None)
        if segment is None:
            return doc
        text = doc_text(doc)
        marks = bytearray(len(text) + 1)
        for key in self.KEYS:
            for r in getattr(doc._, key) or []:
                marks[r.start:r.end] = b"\x01" * (r.end - r.start)
        # one new Doc (retokenizing token by token costs far more): jieba words for the CJK runs that
        # touch a record, the tokenizer's tokens elsewhere; the text is unchanged, so every offset holds
        words: list[str] = []
        last = 0
        for m in _RUNS.finditer(text):
            s, e = m.span()
            if e - s > 1 and "\u3400" <= text[s] <= "\u9fff" and marks.find(1, s, e) >= 0:
                words += _TOKENS.findall(text[last:s])
                words += segment(text[s:e])
                last = e
        words += _TOKENS.findall(text[last:])
        words, spaces = attach_spaces(words)
        new = Doc(doc.vocab, words=words, spaces=spaces)
        new.user_data[TEXT_KEY] = text
        for key in (*self.KEYS, "doc_year", "context"):
            setattr(new._, key, getattr(doc._, key))
        for key in self.KEYS:
            write_spans(new, key)
        return new


class RecordsComponent:
    """Runs one extractor over ``doc.text`` and stores its records as spans."""

    def __init__(self, key: str, extractor: Extractor):
        import inspect

        self.key = key
        self.extractor = extractor
        try:
            self.takes_context = "context" in inspect.signature(extractor).parameters
        except (TypeError, ValueError):
            self.takes_context = False

    def records(self, text: str, year: int | None, ctx) -> list:
        """The extractor's records for ``text`` (without a spaCy Doc: ``pipeline.extract_document`` calls this
        directly for texts too long to hold one token object per character)."""
        return self.extractor(text, year, context=ctx) if self.takes_context else self.extractor(text, year)

    def __call__(self, doc: Doc) -> Doc:
        from policytext.extractors.context import TextContext

        text = doc_text(doc)
        ctx = doc._.context
        if ctx is None or ctx.text != text or ctx.doc_year != doc._.doc_year:
            ctx = doc._.context = TextContext(text, doc._.doc_year)  # built once, shared by the next components
        spans = []
        kept = []
        for r in self.records(text, doc._.doc_year, ctx):
            sp = doc.char_span(r.start, r.end, alignment_mode="expand", label=self.key[:-1])
            if sp is None:
                continue
            spans.append(sp)
            kept.append(r)
        doc.spans[self.key] = spans
        setattr(doc._, self.key, kept)
        return doc


@Language.factory("policytext_words")
def make_words(nlp: Language, name: str) -> WordsComponent:
    return WordsComponent(nlp)


@Language.factory("policytext_targets", default_config={"extractor": {"@misc": "policytext.targets.v1"}})
def make_targets(nlp: Language, name: str, extractor: Extractor) -> RecordsComponent:
    return RecordsComponent("targets", extractor)


@Language.factory("policytext_mechanisms", default_config={"extractor": {"@misc": "policytext.mechanisms.v1"}})
def make_mechanisms(nlp: Language, name: str, extractor: Extractor) -> RecordsComponent:
    return RecordsComponent("mechanisms", extractor)


@Language.factory("policytext_deadlines", default_config={"extractor": {"@misc": "policytext.deadlines.v1"}})
def make_deadlines(nlp: Language, name: str, extractor: Extractor) -> RecordsComponent:
    return RecordsComponent("deadlines", extractor)
