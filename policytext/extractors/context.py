"""What every extractor reads about one document, computed once: the context object of the pipeline.

``TextContext`` holds the normalized text and the document's year, plus the structure the extractors share,
each computed on first use and then kept: the sentence spans (ends from ``policytext.shape.SENT_END``), the
top-level headings with their positions, the heading index (top and sub-headings) that gives every position
its heading path, and the genre (a report of results or a policy setting goals). ``pipeline.extract_document``
builds one per document, with the sections that ``structure`` already found, and the spaCy components hand it
to the targets, mechanisms and deadlines extractors (``doc._.context``), so that no extractor scans the text
again for what another one already computed.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(eq=False)
class TextContext:
    text: str
    doc_year: int | None = None
    # the document's title (metadata), when known: a one-year report or plan names its year there
    title: str | None = None
    # sections found by ``policytext.structure`` (records.Section, offsets into ``text``), when known
    sections: list = field(default_factory=list)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Spans ending after each sentence-ending character (the last runs to the end of the text)."""
        from policytext.extractors.targets import _split_sentences

        return _split_sentences(self.text)

    @cached_property
    def headings(self) -> list[tuple[int, str]]:
        """Top-level heading lines (一、/ 第一部分) with their start offsets."""
        from policytext.extractors.targets import _headings

        return _headings(self.text)

    @cached_property
    def heading_index(self) -> list[tuple[int, str, str]]:
        """Every heading line (top and sub) with its offset and level, in text order."""
        from policytext.extractors.kind_model import heading_index

        return heading_index(self.text)

    @cached_property
    def genre(self) -> str:
        """``report`` (results reported) or ``policy`` (goals set)."""
        from policytext.extractors.targets import document_genre

        return document_genre(self.text, self.title)

    def heading_path(self, pos: int) -> list[str]:
        """The headings ``pos`` sits under, outermost first: the sections of ``structure`` when the context has
        them, else the nearest top-level heading and the nearest sub-heading under it."""
        if self.sections:
            inside = [s for s in self.sections if s.start <= pos < s.end]
            if inside:  # a section's path runs from the outermost heading to its own title
                return list(max(inside, key=lambda s: (s.level, s.start)).path)
        from policytext.extractors.kind_model import _headings

        return [h for h in _headings(self.heading_index, pos) if h]

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The sentence span that holds ``pos``."""
        i = bisect_right(self.sentence_starts, pos) - 1
        return self.sentences[max(i, 0)] if self.sentences else (0, len(self.text))
