"""Extract throughput over ≥10 MB, time per stage, against jieba's plain ``lcut`` over the same text.

    python benchmarks/extract.py [--mb 10]

Also measures cold start (import + pipeline load + first document) in a fresh interpreter.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus  # noqa: E402

COLD = """
import time; t = time.perf_counter()
import policytext
doc = policytext.extract("corpora/seeds/002_705eb6e6298c9d6f.txt")
print(time.perf_counter() - t, len(doc.targets))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--jieba-mb", type=float, default=0,
                    help="time jieba lcut on only this much of the text (default 0: all of it)")
    a = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    cold = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, cwd=root, check=True)
    cold_s = float(cold.stdout.split()[0])

    from policytext.nlp import build_pipeline, jieba_tokenizer
    from policytext.pipeline import _doc_year, parse_bytes

    docs = corpus(int(a.mb * 1e6))
    nlp = build_pipeline()
    stage = {"parse": 0.0, "segmentation": 0.0}
    for name, _ in nlp.pipeline:
        stage[name] = 0.0
    nbytes = sum(len(d) for _, d in docs)
    texts = []
    n_records = 0
    t0 = time.perf_counter()
    for name, data in docs:
        t = time.perf_counter()
        doc = parse_bytes(data, name)
        stage["parse"] += time.perf_counter() - t
        texts.append(doc.text)
        t = time.perf_counter()
        sdoc = nlp.make_doc(doc.text)
        stage["segmentation"] += time.perf_counter() - t
        sdoc._.doc_year = _doc_year(doc.metadata)
        for pname, proc in nlp.pipeline:
            t = time.perf_counter()
            sdoc = proc(sdoc)
            stage[pname] += time.perf_counter() - t
        n_records += len(sdoc._.targets) + len(sdoc._.mechanisms) + len(sdoc._.deadlines)
    total = time.perf_counter() - t0
    ours = nbytes / 1e6 / total
    print(f"extract: {len(docs)} docs, {nbytes / 1e6:.1f} MB in {total:.1f} s = {ours:.2f} MB/s, "
          f"{len(docs) / total:.1f} docs/s, {n_records} records")
    print("  share of time: " + ", ".join(f"{k} {v / total:.0%}" for k, v in stage.items()))
    # jieba plain lcut (default dictionary + the policy user dictionary, HMM on) over the same documents
    # normalized text (smaller than the raw bytes extract reads, so the ratio errs against us)
    tok = jieba_tokenizer()
    sample, size = [], 0
    for t in texts:
        sample.append(t)
        size += len(t.encode())
        if a.jieba_mb and size >= a.jieba_mb * 1e6:
            break
    t = time.perf_counter()
    for s in sample:
        tok.lcut(s)
    js = time.perf_counter() - t
    jieba_rate = size / 1e6 / js
    same = len(sample) == len(texts)
    print(f"jieba lcut: {size / 1e6:.1f} MB of normalized text in {js:.1f} s = {jieba_rate:.2f} MB/s")
    if same:
        print(f"ratio jieba lcut time / extract time, same documents: {js / total:.2f}x  (minimum 1.0)")
    else:
        print(f"ratio extract MB/s / jieba lcut MB/s: {ours / jieba_rate:.2f}x  (minimum 1.0)")
    print(f"cold start (import + load + first document): {cold_s:.2f} s  (limit 3 s)")


if __name__ == "__main__":
    main()
