"""compare over 1000 documents: wall time and peak memory (issue target: < 60 s, < 2 GB).

    python benchmarks/compare.py [--docs 1000]

Documents are built from the bundled government reports: each takes ~40 random paragraphs of them (so real
passages are reused across documents) and the records extracted from those paragraphs.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import bundled  # noqa: E402

from policytext.compare import compare  # noqa: E402
from policytext.pipeline import process_bytes  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--paragraphs", type=int, default=40)
    a = ap.parse_args()
    rng = random.Random(0)
    base = [process_bytes(data, name) for name, data in bundled("all")]
    paras = []  # (paragraph text, records inside it)
    for rec in base:
        text = rec["text"]
        pos = 0
        for para in text.split("\n"):
            s, e = pos, pos + len(para)
            pos = e + 1
            if len(para) < 20:
                continue
            inside = {k: [dict(x, start=x["start"] - s, end=x["end"] - s) for x in rec[k] if s <= x["start"] and x["end"] <= e]
                      for k in ("targets", "mechanisms", "deadlines")}
            paras.append((para, inside, rec["metadata"]))
    records = []
    for i in range(a.docs):
        chosen = rng.sample(paras, a.paragraphs)
        text_parts, recs = [], {"targets": [], "mechanisms": [], "deadlines": []}
        off = 0
        for para, inside, _ in chosen:
            for k, xs in inside.items():
                recs[k].extend(dict(x, start=x["start"] + off, end=x["end"] + off) for x in xs)
            text_parts.append(para)
            off += len(para) + 1
        meta = chosen[0][2]
        records.append({"doc_id": f"{i:016x}", "source": f"synthetic/{i}.txt", "text": "\n".join(text_parts),
                        "metadata": meta, **recs})
    chars = sum(len(r["text"]) for r in records)
    t = time.perf_counter()
    c = compare(records)
    secs = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"compare: {len(records)} docs, {chars / 1e6:.1f} M chars in {secs:.1f} s (target < 60 s); "
          f"peak RSS {rss:.0f} MB (target < 2048 MB)")
    print(f"  rows: {len(c['mechanism_rows'])} mechanism, {len(c['target_rows'])} target; "
          f"reused passages: {len(c['reuse'])}")


if __name__ == "__main__":
    main()
