"""A small trained classifier for a figure's kind (target / achievement / baseline), beside the rules.

Features are read off the normalized text around the figure, so they need no other extractor output:

- ``c:`` character uni- and bigrams of the clause holding the figure (digits folded to ``0``),
- ``l:`` character bigrams of the 30 characters before the clause in the same sentence,
- ``h:`` / ``s:`` character bigrams of the governing top-level heading (一、… / 第一部分…) and sub-heading
  ((一)…), whose wording (…回顾 / …重点工作) carries much of the mood in long reports,
- ``y:`` each year (2025年) in the clause, sentence and headings, relative to the document's year when it
  is known (``y:past`` / ``y:same`` / ``y:future``), and the ``十四五``-style plan period names.

The model is a multinomial logistic regression (scikit-learn) stored as JSON: classes, feature names,
weights. Prediction is a dot product in pure Python, so loading it runs no code from the file. Build and
measure it with ``python models/build_kind_model.py`` (annotations in ``corpora/annotations/``).
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from policytext.extractors.clauses import clause_bounds
from policytext.shape import SENT_END, SUB_HEADING, TOP_HEADING, YEAR

_YEAR = re.compile(rf"({YEAR})年")
_PLAN = re.compile(r"“?(十[一二三四五六七八九]五)”?")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
FORMAT = "policytext.kind-model/1"


def _bigrams(prefix: str, s: str, unigrams: bool = False) -> list[str]:
    s = _DIGITS.sub("0", s)
    out = [f"{prefix}{s[i:i + 2]}" for i in range(len(s) - 1)]
    if unigrams:
        out += [f"{prefix}{c}" for c in s]
    return out


def heading_index(text: str) -> list[tuple[int, str, str]]:
    """``(position, "top"|"sub", wording)`` of every heading line (or paragraph-opening sub-heading)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        st = line.strip()
        if TOP_HEADING.match(st) and len(st) <= 80:
            out.append((pos, "top", st[:30]))
        elif SUB_HEADING.match(st):
            out.append((pos, "sub", st[:20]))  # （一）精准施策稳经济。面对…: the opening words
        pos += len(line) + 1
    return out


def _headings(index: list[tuple[int, str, str]], pos: int) -> tuple[str, str]:
    """Nearest top-level heading above ``pos`` and the nearest sub-heading between it and ``pos``."""
    top = sub = ""
    for i in range(bisect_right(index, (pos, "~")) - 1, -1, -1):
        _, level, words = index[i]
        if level == "sub" and not sub:
            sub = words
        elif level == "top":
            top = words
            break
    return top, sub


def _year_features(prefix: str, s: str, doc_year: int | None) -> list[str]:
    out = []
    for m in _YEAR.finditer(s):
        y = int(m.group(1))
        if doc_year:
            rel = "past" if y < doc_year else "same" if y == doc_year else "future"
            out.append(f"{prefix}{rel}")
        out.append(f"{prefix}year")
    out += [f"{prefix}plan:{m.group(1)}" for m in _PLAN.finditer(s)]
    return out


def kind_features(text: str, start: int, end: int, doc_year: int | None = None,
                  headings: list[tuple[int, str, str]] | None = None) -> list[str]:
    """The features of the figure quoted at ``text[start:end]`` (``headings``: ``heading_index(text)``,
    computed once per document)."""
    a, b = clause_bounds(text, start, end)
    s = a
    while s > 0 and text[s - 1] not in SENT_END and a - s < 30:
        s -= 1
    clause, left = text[a:b], text[s:a]
    top, sub = _headings(heading_index(text) if headings is None else headings, s)
    feats = _bigrams("c:", clause, unigrams=True) + _bigrams("l:", left) + _bigrams("h:", top) + _bigrams("s:", sub)
    feats += _year_features("y:c:", clause + left, doc_year) + _year_features("y:h:", top + sub, doc_year)
    feats.append("bias")
    return sorted(set(feats))


@dataclass
class KindModel:
    classes: list[str]
    weights: dict[str, list[float]]  # feature → one weight per class
    intercept: list[float]
    meta: dict

    def scores(self, feats: list[str]) -> list[float]:
        z = list(self.intercept)
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                for i, x in enumerate(w):
                    z[i] += x
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return [v / total for v in e]

    def predict(self, feats: list[str]) -> tuple[str, float]:
        p = self.scores(feats)
        i = max(range(len(p)), key=p.__getitem__)
        return self.classes[i], p[i]

    def to_json(self, path: str | Path) -> None:
        data = {"format": FORMAT, "classes": self.classes, "intercept": self.intercept,
                "weights": self.weights, "meta": self.meta}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def from_json(cls, path: str | Path) -> KindModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} file")
        return cls(classes=list(data["classes"]), weights={k: list(v) for k, v in data["weights"].items()},
                   intercept=list(data["intercept"]), meta=dict(data.get("meta") or {}))


def train(examples: list[tuple[list[str], str]], c: float = 1.0, min_count: int = 2) -> KindModel:
    """A logistic regression over binary features seen at least ``min_count`` times."""
    from collections import Counter

    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, _ in examples for f in feats)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for r, (feats, _) in enumerate(examples):
        for f in feats:
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(vocab)))
    y = [label for _, label in examples]
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    clf.fit(x, y)
    classes = [str(k) for k in clf.classes_]
    coef = clf.coef_
    intercept = clf.intercept_
    if len(classes) == 2:  # binary: sklearn keeps one row (for classes[1]); spread it as ±w/2
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    weights = {f: [round(float(coef[k, j]), 6) for k in range(len(classes))] for f, j in vocab.items()
               if any(abs(coef[k, j]) > 1e-9 for k in range(len(classes)))}
    return KindModel(classes=classes, weights=weights, intercept=[round(float(v), 6) for v in intercept],
                     meta={"C": c, "min_count": min_count, "examples": len(examples)})
