"""Rebuild the shipped spaCy pipeline: ``python models/build.py`` → ``models/policytext-zh/``.

The pipeline is rules only (blank zh + the policy jieba tokenizer + extraction components), saved with
spaCy's own ``nlp.to_disk`` (config + user dictionary; no pickles). Load it with
``spacy.load("models/policytext-zh")`` after ``import policytext`` (which registers the components),
or ``policytext extract --model models/policytext-zh``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from policytext.nlp import build_pipeline

OUT = Path(__file__).resolve().parent / "policytext-zh"


def main() -> None:
    nlp = build_pipeline()
    if OUT.exists():
        shutil.rmtree(OUT)
    nlp.meta["name"] = "policytext_zh"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = "policytext extraction pipeline: rules over normalized Chinese policy text"
    nlp.to_disk(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
