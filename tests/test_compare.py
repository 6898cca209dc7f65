"""Comparison: alignment against the gold rows (a floor) and on a non-education fixture corpus, reuse
detection on constructed pairs and on the seeds, similarity and neighbours, CLI formats."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.compare import compare
from policytext.compare.reuse import find_reuse, reuse_with_stats
from policytext.compare.similarity import document_tokens, similarity, stop_words
from policytext.compare.text import project
from policytext.pipeline import process_bytes

from .conftest import GOLD, ROOT, SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "compare"

ALIGN_FLOOR = 0.92         # measured 0.928 (issue minimum 0.85)
TARGET_ALIGN_FLOOR = 1.0   # measured 1.000


@pytest.fixture(scope="module")
def seed_comparison(tmp_path_factory):
    recs = [process_bytes(p.read_bytes(), str(p.relative_to(ROOT))) for p in sorted(SEEDS.glob("*.txt"))]
    path = tmp_path_factory.mktemp("cmp") / "compare.json"
    path.write_text(json.dumps(compare(recs), ensure_ascii=False), encoding="utf-8")
    return path


def score(script: str, gold: str, pred: Path) -> dict:
    out = subprocess.run([sys.executable, str(GOLD / script), str(GOLD / "alignment" / gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_mechanism_alignment_floor(seed_comparison):
    assert score("score_alignment.py", "seeds.json", seed_comparison)["f1"] >= ALIGN_FLOOR


def test_target_alignment_floor(seed_comparison):
    assert score("score_target_alignment.py", "seeds-targets.json", seed_comparison)["f1"] >= TARGET_ALIGN_FLOOR


def test_reuse_finds_copied_passage_with_offsets():
    shared = "各地要建立健全城乡义务教育学校校长教师交流轮岗制度，每年交流轮岗的教师不低于应交流总数的百分之十。"
    a = "甲市通知。" + shared + "其余内容甲。"
    b = "乙县方案开头不同的文字。" + shared[3:] + "乙县自己的结尾。"
    recs = [{"doc_id": "a" * 16, "text": a}, {"doc_id": "b" * 16, "text": b}, {"doc_id": "c" * 16, "text": "无关内容" * 20}]
    out = find_reuse(recs, min_chars=30)
    assert len(out) == 1
    r = out[0]
    assert a[r["a_start"]:r["a_end"]] == r["text"] == b[r["b_start"]:r["b_end"]]
    assert r["text"] == shared[3:]


def test_reuse_ignores_short_overlaps():
    recs = [{"doc_id": "a" * 16, "text": "加快推进教育现代化建设。" * 2}, {"doc_id": "b" * 16, "text": "我们要加快推进教育现代化。"}]
    assert find_reuse(recs, min_chars=30) == []


def test_other_domain_rows_align():
    recs = [
        {"doc_id": "1" * 16, "text": "", "mechanisms": [
            {"name": "四统一", "components": ["统一规划", "统一污染治理", "统一医疗服务"]}], "targets": [
            {"indicator": "森林覆盖率", "value": 45, "unit": "%", "text": "森林覆盖率达到45%", "end": 0}]},
        {"doc_id": "2" * 16, "text": "", "mechanisms": [
            {"name": "三联动", "components": ["生态环境联防", "医保医药联动"]}], "targets": [
            {"indicator": "森林覆盖率", "value": 50, "unit": "%", "text": "森林覆盖率提高到50%", "end": 0}]},
    ]
    c = compare(recs)
    rows = {r["dimension"]: r for r in c["mechanism_rows"]}
    assert set(rows["ecology"]["cells"]) == {"1" * 16, "2" * 16}
    assert set(rows["health"]["cells"]) == {"1" * 16, "2" * 16}
    assert any(len(r["cells"]) == 2 for r in c["target_rows"])


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_compare_cli_formats(fmt, tmp_path):
    exe = str(Path(sys.executable).parent / "policytext")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    r = subprocess.run([exe, "compare", "corpora/seeds", str(bad), "--format", fmt], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 1  # the empty file failed, the seeds were still compared
    assert "bad.txt" in r.stderr and r.stdout
    if fmt == "json":
        assert len(json.loads(r.stdout)["documents"]) == 5
    elif fmt == "csv":
        assert r.stdout.startswith("row_type,row,doc_id")
    elif fmt == "markdown":
        assert "| dimension |" in r.stdout
    else:
        assert r.stdout.startswith("<!doctype html>")


# --- reuse on constructed pairs ---------------------------------------------------------------------------

PARA = ("为进一步推进生态文明建设，全面改善城乡人居环境，各县区要严格落实河长制湖长制，加强饮用水水源地保护，"
        "到2025年，地表水国控断面水质优良比例达到百分之八十五以上，城市黑臭水体基本消除；"
        "同时要强化大气污染联防联控，细颗粒物浓度持续下降。")
PREFIX_A, SUFFIX_A = "甲市生态环境局关于印发实施方案的通知。", "请各单位结合实际认真执行。"
PREFIX_B, SUFFIX_B = "乙县人民政府办公室文件，内容如下：", "本方案自印发之日起施行。"


def _s2t(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


def _edited(text: str) -> str:
    """Two characters changed, two inserted, two more changed — all inside the paragraph."""
    out = text.replace("城乡人居", "城乡居住").replace("严格落实", "认真严格落实").replace("基本消除", "全面消除")
    assert out != text
    return out


def _repunctuated(text: str) -> str:
    """Commas become semicolons, one semicolon a full stop, a line break and a space appear inside."""
    out = text.replace("，", "；").replace("；同时", "。同时")
    return out[:30] + "\n" + out[30:50] + " " + out[50:]


VARIANTS = {
    "edited": _edited,
    "traditional": _s2t,
    "repunctuated": _repunctuated,
    "all_three": lambda t: _s2t(_repunctuated(_edited(t))),
}


@pytest.mark.parametrize("kind", list(VARIANTS))
def test_reuse_constructed_pair_spans(kind):
    variant = VARIANTS[kind](PARA)
    a = PREFIX_A + PARA + SUFFIX_A
    b = PREFIX_B + variant + SUFFIX_B
    recs = [{"doc_id": "a" * 16, "text": a}, {"doc_id": "b" * 16, "text": b}]
    out = find_reuse(recs)
    assert len(out) == 1
    r = out[0]
    # the whole paragraph, in both documents' own coordinates (the closing 。 included)
    assert (r["a_start"], r["a_end"]) == (len(PREFIX_A), len(PREFIX_A) + len(PARA))
    assert (r["b_start"], r["b_end"]) == (len(PREFIX_B), len(PREFIX_B) + len(variant))
    assert r["text"] == PARA and r["b_text"] == variant
    assert r["identity"] >= (0.99 if kind in ("traditional", "repunctuated") else 0.85)


def test_reuse_traditional_offsets_map_back():
    trad = _s2t(PARA)
    assert trad != PARA
    p = project("前言。" + trad)
    i = p.text.index("地表水")
    s, e = p.to_original(i, i + 3)
    assert ("前言。" + trad)[s:e] == _s2t("地表水")


def test_projection_maps_length_changing_conversions(monkeypatch):
    """t2s may replace a run by one of another length (none does with today's dictionaries): projected
    characters then map to the whole replaced run."""
    import policytext.compare.text as text_mod

    def fake_t2s(s):
        i = s.find("甲乙丙")
        return (s.replace("甲乙丙", "丁"), [(i, i + 3, "丁")]) if i >= 0 else (s, [])

    monkeypatch.setattr(text_mod, "t2s", fake_t2s)
    src = "前言，甲乙丙后文。"
    p = text_mod.project(src)
    assert p.text == "前言丁后文"
    assert p.to_original(2, 3) == (3, 6)
    assert src[slice(*p.to_original(1, 4))] == "言，甲乙丙后"


def _random_text(rng, n: int) -> str:
    alphabet = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000, 7))
    return "".join(rng.choice(alphabet) for _ in range(n)) + "。"


def test_reuse_ignores_ngrams_common_to_many_documents():
    import random

    rng = random.Random(1)
    boiler = "以习近平新时代中国特色社会主义思想为指导全面贯彻党的二十大精神认真落实省委省政府决策部署"
    shared = _random_text(rng, 60)
    docs = []
    for i in range(12):
        text = _random_text(rng, 80) + boiler + "。" + _random_text(rng, 80)
        if i in (3, 7):
            text += shared
        docs.append({"doc_id": f"{i:016x}", "text": text})
    out, stats = reuse_with_stats(docs)
    assert stats["common_ngram_docs"] == 10
    assert [(r["a"], r["b"], r["text"]) for r in out] == [(f"{3:016x}", f"{7:016x}", shared)]
    # in only three documents the same sentence is reuse, found between each pair
    few = [dict(d, text=d["text"].replace(boiler, "")) for d in docs]
    for i in (0, 5, 9):
        few[i]["text"] += boiler + "。"
    pairs = {(r["a"], r["b"]) for r in find_reuse(few) if boiler in r["text"]}
    assert pairs == {(f"{0:016x}", f"{5:016x}"), (f"{0:016x}", f"{9:016x}"), (f"{5:016x}", f"{9:016x}")}


def test_reuse_compares_only_candidate_pairs():
    import random

    rng = random.Random(2)
    shared = _random_text(rng, 50)
    docs = [{"doc_id": f"{i:016x}", "text": _random_text(rng, 400)} for i in range(40)]
    docs[10]["text"] += shared
    docs[25]["text"] = shared + docs[25]["text"]
    out, stats = reuse_with_stats(docs)
    assert stats["candidate_pairs"] == 1  # not 40 × 39 / 2
    assert len(out) == 1 and out[0]["text"] == shared


# --- reuse on the seeds -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_records():
    return [process_bytes(p.read_bytes(), str(p.relative_to(ROOT))) for p in sorted(SEEDS.glob("*.txt"))]


def test_seeds_share_no_long_passage(seed_records):
    assert find_reuse(seed_records) == []


def test_seed_shared_passages_are_real(seed_records):
    from difflib import SequenceMatcher

    texts = {r["doc_id"]: r["text"] for r in seed_records}
    stem = {r["doc_id"]: Path(r["source"]).stem[:3] for r in seed_records}
    out = find_reuse(seed_records, min_chars=10)
    pairs = {(stem[r["a"]], stem[r["b"]]) for r in out}
    # what the seeds quote in common: the central 规划纲要 (000, 001), the State Council opinion on 城乡义务教育
    # 一体化改革发展 (000, 002), the title of the 2019 central opinion the Qinghai notice quotes (001, 002),
    # and 习近平新时代中国特色社会主义思想 (002, 003)
    assert {("000", "001"), ("000", "002"), ("001", "002"), ("002", "003")} <= pairs
    for r in out:
        ta, tb = texts[r["a"]][r["a_start"]:r["a_end"]], texts[r["b"]][r["b_start"]:r["b_end"]]
        assert ta == r["text"] and tb == r["b_text"]
        assert SequenceMatcher(None, project(ta).text, project(tb).text).ratio() >= 0.9
    qinghai = [r for r in out if {stem[r["a"]], stem[r["b"]]} == {"001", "002"}]
    assert any("全面提高义务教育质量" in r["text"] for r in qinghai)


# --- similarity -------------------------------------------------------------------------------------------

def test_stop_word_list_is_shipped_and_used():
    stops = stop_words()
    assert {"的", "和", "等", "要", "进一步", "加强", "推进", "工作", "各级", "有关", "落实"} <= stops
    tokens, coverage = document_tokens(["进一步加强推进各级有关工作。", "加强大气污染防治。"])
    assert tokens[0] == [] and coverage == 1.0
    assert "大气污染" in tokens[1] or "大气" in tokens[1]
    assert not set(tokens[1]) & stops


def test_similarity_token_part_ignores_policy_boilerplate():
    recs = [{"doc_id": "a", "text": "进一步加强大气污染防治，切实推进各级有关部门工作。"},
            {"doc_id": "b", "text": "进一步加强基层医疗卫生服务，切实推进各级有关部门工作。"}]
    tokens_only = similarity(recs, token_weight=1.0)
    bigrams_only = similarity(recs, token_weight=0.0)
    assert tokens_only["matrix"][0][1] == 0.0   # they share only stop words
    assert bigrams_only["matrix"][0][1] > 0.2   # … which the character view does see


def test_similarity_sees_through_script():
    recs = [{"doc_id": "a", "text": PARA}, {"doc_id": "b", "text": _s2t(PARA)},
            {"doc_id": "c", "text": "卫生健康委员会负责组织实施基层医疗卫生服务能力提升工程。"}]
    sim = similarity(recs)
    m = sim["matrix"]
    assert m[0][1] > 0.99 and m[0][2] < 0.2
    assert [row[i] for i, row in enumerate(m)] == [1.0, 1.0, 1.0]
    assert all(m[i][j] == m[j][i] for i in range(3) for j in range(3))
    assert sim["neighbours"][0]["neighbours"][0] == {"doc_id": "b", "score": m[0][1]}


def test_similarity_token_budget_samples_sentences():
    sents = [f"第{i}条加强大气污染防治和水环境治理，推进森林城市建设。" for i in range(200)]
    texts = ["".join(sents[:100]), "".join(sents[100:])]
    _, full = document_tokens(texts)
    tokens, part = document_tokens(texts, max_token_chars=1000)
    assert full == 1.0 and 0.1 < part < 0.5
    assert all(tokens)  # every document keeps a share


# --- alignment and neighbours on a non-education corpus ---------------------------------------------------

@pytest.fixture(scope="module")
def fixture_comparison():
    recs = [process_bytes(p.read_bytes(), p.name) for p in sorted(FIXTURES.glob("*.txt"))]
    return recs, compare(recs), json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def _row_of(rows: list[dict], doc_id: str, needle: str, field: str) -> int:
    found = [i for i, row in enumerate(rows) for c in row["cells"].get(doc_id, []) if needle in (c.get(field) or "")]
    assert len(set(found)) == 1, f"{needle!r} of {doc_id} is in rows {found}"
    return found[0]


@pytest.mark.parametrize("kind,field", [("target_rows", "text"), ("mechanism_rows", "component")])
def test_fixture_rows_group_like_with_like(fixture_comparison, kind, field):
    recs, c, expected = fixture_comparison
    ids = {Path(r["source"]).stem: r["doc_id"] for r in recs}
    rows = c[kind]
    for group in expected[kind]:
        at = {_row_of(rows, ids[stem], needle, field) for stem, needle in group}
        assert len(at) == 1, group
        assert set(rows[at.pop()]["cells"]) == {ids[stem] for stem, _ in group}


def test_fixture_rows_keep_domains_apart(fixture_comparison):
    recs, c, expected = fixture_comparison
    ids = {Path(r["source"]).stem: r["doc_id"] for r in recs}
    for (s1, n1), (s2, n2) in expected["apart"]:
        kind, field = ("mechanism_rows", "component") if n1.startswith("统一") else ("target_rows", "text")
        assert _row_of(c[kind], ids[s1], n1, field) != _row_of(c[kind], ids[s2], n2, field)
    env = {ids["env_hexi"], ids["env_qingshui"]}
    for row in c["target_rows"]:  # no target row mixes the environmental and the health plans
        assert set(row["cells"]) <= env or not set(row["cells"]) & env


def test_fixture_neighbours(fixture_comparison):
    recs, c, expected = fixture_comparison
    stem = {r["doc_id"]: Path(r["source"]).stem for r in recs}
    got = {stem[n["doc_id"]]: stem[n["neighbours"][0]["doc_id"]] for n in c["neighbours"]}
    assert got == expected["neighbours"]
    for n in c["neighbours"]:
        scores = [x["score"] for x in n["neighbours"]]
        assert scores == sorted(scores, reverse=True) and len(scores) == 3
    assert c["similarity"]["order"] == [r["doc_id"] for r in recs]
    assert c["reuse"] == []  # the four plans were written independently


def test_comparison_validates_against_the_shipped_schema(seed_comparison):
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "policytext" / "data" / "comparison.schema.json").read_text(encoding="utf-8"))
    c = json.loads(seed_comparison.read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(c)]
    assert not errors, errors[:3]
    assert c["target_rows"] and all("columns" in r and r["kind"] in ("target", "achievement", "baseline")
                                    for r in c["target_rows"])
