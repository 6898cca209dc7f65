"""compare over 10, 100 and 1,000 documents: wall time and peak memory, and how they grow per 10× documents
(issue target for 1,000 documents: < 60 s on one core, < 2 GB), and the target matrix built from the comparison.

    python benchmarks/compare.py [--sizes 10 100 1000] [--paragraphs 40] [--distinct]

Documents are built from the bundled seeds and government reports (their extracted records included): each
takes ``--paragraphs`` random paragraphs of them, so real passages recur across documents, and varies some
of them the way copies vary in the wild — 10 % converted to traditional script (OpenCC s2t), 10 %
re-punctuated (，↔；, some punctuation dropped), 10 % with two or three characters changed. Each size runs
in a fresh process so its peak RSS is its own; the baseline (interpreter, spaCy pipeline, corpus) is shown
separately. ``--distinct`` also changes one character of every sentence, so that no sentence repeats
anywhere: the worst case for similarity (jieba's per-sentence cache is useless and its character budget
binds) and for reuse (every copy is an edited copy).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import bundled  # noqa: E402

EDIT_CHARS = "区县市省镇村年度项目规划方案体系建设发展改革服务管理"


def _vary(para: str, has_records: bool, rng: random.Random, s2t) -> str:
    r = rng.random()
    if r < 0.1:
        t = s2t.convert(para)
        return t if len(t) == len(para) else para  # offsets of the records inside must stay valid
    if r < 0.2:
        para = para.replace("，", "\0").replace("；", "，").replace("\0", "；")
        if not has_records:
            para = para.replace("、", "").replace("“", "").replace("”", "")
        return para
    if r < 0.3 and not has_records:
        chars = list(para)
        for _ in range(rng.randint(2, 3)):
            chars[rng.randrange(len(chars))] = rng.choice(EDIT_CHARS)
        return "".join(chars)
    return para


_SENTENCE_END = "。；！？"


def _edit_every_sentence(text: str, rng: random.Random) -> str:
    """One character of every sentence changed (same length), so no sentence of any copy repeats."""
    chars = list(text)
    start = 0
    for i, ch in enumerate(chars + ["。"]):
        if ch in _SENTENCE_END or i == len(chars):
            if i - start >= 4:
                chars[rng.randrange(start, i)] = rng.choice(EDIT_CHARS)
            start = i + 1
    return "".join(chars)


def build(n_docs: int, n_paragraphs: int, distinct: bool = False) -> list[dict]:
    from opencc import OpenCC

    from policytext.pipeline import process_bytes

    rng = random.Random(0)
    s2t = OpenCC("s2t")
    base = [process_bytes(data, name) for name, data in bundled("all")]
    paras = []  # (paragraph text, records inside it, metadata)
    for rec in base:
        pos = 0
        for para in rec["text"].split("\n"):
            s, e = pos, pos + len(para)
            pos = e + 1
            if len(para) < 20:
                continue
            inside = {k: [dict(x, start=x["start"] - s, end=x["end"] - s) for x in rec[k]
                          if s <= x["start"] and x["end"] <= e] for k in ("targets", "mechanisms", "deadlines")}
            paras.append((para, inside, rec["metadata"]))
    records = []
    for i in range(n_docs):
        chosen = rng.sample(paras, min(n_paragraphs, len(paras)))
        parts, recs = [], {"targets": [], "mechanisms": [], "deadlines": []}
        off = 0
        for para, inside, _ in chosen:
            text = _vary(para, any(inside.values()), rng, s2t)
            if distinct:
                text = _edit_every_sentence(text, rng)
            for k, xs in inside.items():
                recs[k].extend(dict(x, start=x["start"] + off, end=x["end"] + off) for x in xs)
            parts.append(text)
            off += len(text) + 1
        records.append({"doc_id": f"{i:016x}", "source": f"synthetic/{i}.txt", "text": "\n".join(parts),
                        "metadata": chosen[0][2], **recs})
    return records


def run_one(n_docs: int, n_paragraphs: int, distinct: bool = False) -> dict:
    records = build(n_docs, n_paragraphs, distinct)
    from policytext.compare import compare
    from policytext.compare.similarity import document_tokens

    document_tokens(["预热"])  # load jieba and its dictionary outside the timing
    t = time.perf_counter()
    compare([{"doc_id": "0", "text": "预热文本，加载依赖。"}, {"doc_id": "1", "text": "预热文本二。"}])
    warm = time.perf_counter() - t  # first call: scikit-learn import, t2s tables
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    c = compare(records)
    secs = time.perf_counter() - t
    from policytext.compare.tables import target_table

    t = time.perf_counter()
    matrix = target_table(c)
    table_secs = time.perf_counter() - t
    mapped = sum(1 for r in c["target_rows"] if r.get("indicator_id") for xs in r["cells"].values() for _ in xs)
    cells = sum(1 for r in c["target_rows"] for xs in r["cells"].values() for _ in xs)
    return {"docs": len(records), "chars": sum(len(r["text"]) for r in records), "secs": secs, "warm": warm,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "base_mb": base_rss,
            "mechanism_rows": len(c["mechanism_rows"]), "target_rows": len(c["target_rows"]),
            "reuse": len(c["reuse"]), "reuse_stats": c["reuse_stats"],
            "token_coverage": c["similarity"]["token_coverage"],
            "segmented_chars": c["similarity"]["segmented_chars"], "table_secs": table_secs,
            "table_rows": len(matrix), "catalog_share": mapped / cells if cells else 1.0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--paragraphs", type=int, default=40)
    ap.add_argument("--distinct", action="store_true",
                    help="also change one character in every sentence of every document, so no sentence "
                         "repeats (jieba's sentence cache gains nothing; its character budget binds)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, a.paragraphs, a.distinct)))
        return
    prev = None
    if a.distinct:
        print("every sentence of every document edited (no repeated sentences)")
    for n in a.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--paragraphs", str(a.paragraphs)]
                             + (["--distinct"] if a.distinct else []), capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        line = (f"compare: {r['docs']:>5} docs, {r['chars'] / 1e6:5.2f} M chars: {r['secs']:6.2f} s, "
                f"peak RSS {r['peak_mb']:5.0f} MB (baseline before compare {r['base_mb']:.0f} MB; first call "
                f"{r['warm']:.1f} s, not counted); "
                f"reuse {r['reuse']} passages ({r['reuse_stats']['candidate_pairs']} candidate pairs, "
                f"truncated: {r['reuse_stats']['truncated']}); token coverage {r['token_coverage']:.2f} "
                f"({r['segmented_chars'] / 1e6:.2f} M distinct chars segmented by jieba); "
                f"rows {r['mechanism_rows']} mechanism / {r['target_rows']} target "
                f"({r['catalog_share']:.0%} of target cells with a catalog id); "
                f"target matrix {r['table_rows']} rows in {r['table_secs']:.2f} s (after compare, not counted)")
        if prev:
            f = r["docs"] / prev["docs"]
            line += (f"\n         ×{f:g} documents → time ×{r['secs'] / max(prev['secs'], 1e-9):.1f}, "
                     f"compare memory (peak − baseline) ×"
                     f"{max(r['peak_mb'] - r['base_mb'], 1) / max(prev['peak_mb'] - prev['base_mb'], 1):.1f}")
        print(line, flush=True)
        prev = r
    last = prev
    if last and last["docs"] >= 1000:
        ok = last["secs"] < 60 and last["peak_mb"] < 2048
        print(f"target for {last['docs']} documents (< 60 s, < 2048 MB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
