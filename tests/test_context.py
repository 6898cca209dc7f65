"""The context object: one TextContext per document, built by the pipeline with structure's sections and read by
every extractor (sentences, headings, genre, year), so nothing is scanned twice."""
from __future__ import annotations

from policytext.extractors import context as context_mod
from policytext.extractors import deadlines as deadlines_mod
from policytext.extractors import targets as targets_mod
from policytext.extractors.context import TextContext
from policytext.pipeline import extract_document, parse_bytes

TEXT = """关于推进示例县义务教育优质均衡发展的实施意见
一、总体目标
（一）主要指标
到2027年，全县义务教育巩固率达到98%以上，每年新增学位不少于500个。
（二）工作机制
建立统一管理、统一调配、统一考核的“三统一”机制。
二、过去五年成效
全县新建学校12所，已完成投资3亿元，入学率逐年提高。
"""


def test_one_context_per_document_shared_by_the_extractors(nlp, monkeypatch):
    calls = {"sentences": 0, "genre": 0}
    split, genre = targets_mod._split_sentences, targets_mod.document_genre

    def counted_split(text):
        calls["sentences"] += 1
        return split(text)

    def counted_genre(text, title=None):
        calls["genre"] += 1
        return genre(text, title)

    monkeypatch.setattr(targets_mod, "_split_sentences", counted_split)
    monkeypatch.setattr(targets_mod, "document_genre", counted_genre)
    monkeypatch.setattr(deadlines_mod, "document_genre", counted_genre)
    parsed = parse_bytes(TEXT.encode(), "example.txt")
    deadlines_mod.find_deadlines(parsed.text, doc_year=2024)  # on its own, deadlines judges the genre itself
    assert calls["genre"] == 1
    calls["genre"] = 0
    doc = extract_document(parsed, nlp)
    assert doc.targets and doc.mechanisms and doc.deadlines
    assert calls == {"sentences": 1, "genre": 1}  # targets and deadlines read the one context


def test_heading_paths_come_from_structure_sections():
    doc = parse_bytes(TEXT.encode(), "example.txt")
    ctx = TextContext(doc.text, 2024, sections=list(doc.sections))
    pos = doc.text.index("巩固率")
    path = ctx.heading_path(pos)
    assert path[0].startswith("一、") or path[0].startswith("总体目标") or "总体目标" in path[0]
    assert any("主要指标" in h for h in path)
    bare = TextContext(doc.text, 2024)  # without sections: the nearest top and sub-heading above
    assert any("主要指标" in h for h in bare.heading_path(pos))
    s, e = ctx.sentence_at(pos)
    assert s <= pos < e and "巩固率" in doc.text[s:e]
    assert ctx.genre in ("policy", "report")


def test_extractors_without_a_context_build_their_own():
    text = "到2027年，全县义务教育巩固率达到98%以上。"
    with_ctx = targets_mod.find_targets(text, doc_year=2024, context=context_mod.TextContext(text, 2024))
    assert with_ctx == targets_mod.find_targets(text, doc_year=2024)
    # a context of another text is not used
    other = context_mod.TextContext("别的文本。", 2024)
    assert targets_mod.find_targets(text, doc_year=2024, context=other) == with_ctx


def test_long_texts_skip_the_spacy_doc_with_the_same_records(nlp, monkeypatch, seed_paths):
    """Above SPACY_DOC_CHARS the extractors read the text without a per-character spaCy Doc (memory: a 50 MB
    text stays under 1 GB); the records are the same either way."""
    import policytext.pipeline as pipeline
    from policytext.pipeline import parse_path

    n = 0
    for path in seed_paths:
        with_doc = extract_document(parse_path(path), nlp).to_dict(structure=False)
        monkeypatch.setattr(pipeline, "SPACY_DOC_CHARS", 0)
        without = extract_document(parse_path(path), nlp).to_dict(structure=False)
        monkeypatch.undo()
        assert without == with_doc, path.name
        n += len(with_doc["targets"]) + len(with_doc["mechanisms"]) + len(with_doc["deadlines"])
    assert n > 50
