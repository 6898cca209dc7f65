"""The spaCy pipeline: components by name, spans with records, save/load with to_disk/spacy.load."""
from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.nlp import build_pipeline, load_pipeline
from policytext.pipeline import extract_document, parse_bytes

TEXT = "到2025年，全市森林覆盖率达到45%以上，实行统一规划、统一建设、统一管理等“三统一”模式。每年新增造林1.2万亩。"


def run(nlp, text=TEXT):
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def test_components_write_spans_with_records(nlp):
    assert nlp.pipe_names == ["targets", "mechanisms", "deadlines"]
    doc = run(nlp)
    assert doc.text == TEXT
    kinds = {k: [sp._.record for sp in doc.spans[k]] for k in ("targets", "mechanisms", "deadlines")}
    values = sorted(r.value for r in kinds["targets"])
    assert values == [45, 12000]
    assert kinds["mechanisms"][0].name == "三统一"
    assert {r.date for r in kinds["deadlines"]} == {"2025", "yearly"}
    # words: jieba segments a record's span on access (森林覆盖率 from the policy user dictionary)
    sp = doc.spans["targets"][0]
    assert sp._.words[:2] == ["全市", "森林覆盖率"]
    for k, recs in kinds.items():
        for sp, r in zip(doc.spans[k], recs, strict=True):
            assert sp.start_char <= r.start and r.end <= sp.end_char, k


def test_words_component_puts_jieba_tokens_into_records():
    nlp = build_pipeline(components=("policytext_targets", "policytext_words"))
    doc = run(nlp)
    sp = doc.spans["targets"][0]
    assert [t.text for t in sp][:2] == ["全市", "森林覆盖率"]
    assert sp._.record.value == 45


def test_jieba_private_and_silent(capfd, nlp):
    import jieba

    run(nlp)
    assert jieba.dt.initialized is False  # our tokenizer is a private instance, the global one is untouched
    assert capfd.readouterr().err == ""


def test_save_and_load(tmp_path, nlp):
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    assert loaded.pipe_names == nlp.pipe_names
    a, b = run(loaded), run(nlp)
    assert [sp.text for sp in a.spans["targets"]] == [sp.text for sp in b.spans["targets"]]
    assert load_pipeline(tmp_path / "m").pipe_names == nlp.pipe_names


def test_swapping_an_extractor_by_registered_name():
    from spacy.util import registry

    @registry.misc("test.no_targets.v1")
    def no_targets():
        return lambda text, year: []

    nlp = build_pipeline(components=())
    nlp.add_pipe("policytext_targets", name="targets", config={"extractor": {"@misc": "test.no_targets.v1"}})
    assert list(run(nlp).spans["targets"]) == []


def test_document_without_figures_gives_empty_lists(nlp):
    doc = extract_document(parse_bytes("关于加强学校安全工作的通知\n各学校要高度重视安全工作。".encode(), "x.txt"), nlp)
    assert doc.targets == [] and doc.deadlines == [] and doc.mechanisms == []


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab 1２.,，%中文\n\t。－Ａ 　", max_size=60))
def test_tokenizer_words_rebuild_the_text(s):
    from policytext.nlp import _TOKENS, _words, tokens_of

    assert _words(s) == _TOKENS.findall(s)
    words, spaces = tokens_of(s)
    assert "".join(w + (" " if sp else "") for w, sp in zip(words, spaces, strict=True)) == s
