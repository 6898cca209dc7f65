"""Document similarity: jieba-token TF-IDF with policy stop words, plus character bigrams; nearest neighbours.

Two sparse TF-IDF views of every document (sublinear tf, l2-normalised) are combined as
``cos = token_weight · cos(tokens) + (1 − token_weight) · cos(char bigrams)``:

- **tokens**: words of the project's private jieba instance with the policy user dictionary
  (:func:`policytext.nlp.jieba_tokenizer`, ``HMM=False``), minus the stop words shipped in
  ``data/stopwords.txt`` (function words, boilerplate verbs such as 进一步/加强/推进/落实, 工作/各级/有关 …),
  single characters, numbers and tokens without a letter;
- **character bigrams** of the comparable projection (:mod:`policytext.compare.text`: simplified,
  punctuation-free), counted with numpy.

jieba segments about half a million characters per second (measured here, HMM off), so segmentation has a
budget: every distinct sentence is segmented once (copied sentences are common in policy corpora), and when
the distinct text of a corpus exceeds ``max_token_chars``, each document contributes the same share of its
sentences, spread evenly over it, to the token view; the bigram view always covers the full text. The share
of characters whose tokens were used is reported as ``token_coverage``, the distinct characters jieba
segmented as ``segmented_chars``. Text is converted with t2s before segmentation (the dictionary is
simplified).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np

from policytext.compare.text import Projection, project
from policytext.normalize.convert import t2s

TOKEN_WEIGHT = 0.8
MAX_TOKEN_CHARS = 3_000_000
NEIGHBOURS = 5

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;\n]*")
_HAS_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    text = (resources.files("policytext") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def keep_token(w: str, stops: frozenset[str]) -> bool:
    return len(w) >= 2 and w not in stops and _HAS_LETTER.search(w) is not None


def _sample(sentences: list[str], quota: float) -> list[str]:
    """Sentences spread evenly over the document whose lengths add up to about ``quota`` characters."""
    total = sum(map(len, sentences))
    if total <= quota:
        return sentences
    out, credit, rate = [], 0.0, quota / total
    for s in sentences:
        credit += len(s) * rate
        if credit >= len(s):
            out.append(s)
            credit -= len(s)
    return out


def document_tokens(texts: list[str], *, max_token_chars: int = MAX_TOKEN_CHARS,
                    stats: dict | None = None) -> tuple[list[list[str]], float]:
    """Stop-word-filtered jieba tokens per document (within the segmentation budget) and the token coverage;
    ``stats["segmented_chars"]`` receives the distinct characters segmented."""
    from policytext.nlp import jieba_tokenizer

    tok = jieba_tokenizer()
    stops = stop_words()
    sents = [_SENTENCE.findall(t2s(t)[0]) for t in texts]  # the dictionary is simplified
    distinct: dict[str, None] = {}
    for ss in sents:
        distinct.update(dict.fromkeys(ss))
    distinct_chars = sum(map(len, distinct))
    chosen = sents
    if distinct_chars > max_token_chars:
        # every document keeps the same share of its sentences, spread evenly over it
        rate = max_token_chars / distinct_chars
        chosen = [_sample(ss, rate * sum(map(len, ss))) for ss in sents]
    cache: dict[str, list[str]] = {}
    out: list[list[str]] = []
    used = segmented = 0
    for ss in chosen:
        words: list[str] = []
        for s in ss:
            ws = cache.get(s)
            if ws is None:
                ws = [w for w in tok.cut(s, HMM=False) if keep_token(w, stops)]
                cache[s] = ws
                segmented += len(s)
            words.extend(ws)
            used += len(s)
        out.append(words)
    if stats is not None:
        stats["segmented_chars"] = segmented
    total_chars = sum(map(len, texts))
    return out, (used / total_chars if total_chars else 1.0)


def _bigram_matrix(projs: list[Projection]):
    """Sublinear-tf, smooth-idf, l2-normalised TF-IDF over character bigrams of the projections."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for d, p in enumerate(projs):
        c = p.codes.astype(np.int64)
        if len(c) < 2:
            continue
        keys, counts = np.unique(c[:-1] * 0x110000 + c[1:], return_counts=True)
        rows.append(np.full(len(keys), d, dtype=np.int64))
        cols.append(keys)
        vals.append(counts.astype(np.float64))
    n = len(projs)
    if not rows:
        return csr_matrix((n, 1))
    r, k, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    uniq, col = np.unique(k, return_inverse=True)
    df = np.bincount(col, minlength=len(uniq))
    idf = np.log((1 + n) / (1 + df)) + 1
    v = (1 + np.log(v)) * idf[col]
    x = csr_matrix((v, (r, col)), shape=(n, len(uniq)))
    return _l2(x)


def _l2(x):
    from sklearn.preprocessing import normalize

    return normalize(x, norm="l2", copy=False)


DENSE_CELLS = 1 << 24  # at most this many matrix cells go dense (64 MB of float32)


def _gram(x) -> np.ndarray:
    """``x @ x.T`` as a dense array, exactly. A sparse product costs the sum of squared document
    frequencies of the columns, so the most frequent columns (up to ``DENSE_CELLS`` cells) are multiplied
    as a dense block (BLAS) and only the rest sparsely."""
    n, v = x.shape
    df = np.bincount(x.indices, minlength=v)
    h = min(v, max(1, DENSE_CELLS // max(n, 1)))
    heavy = np.argsort(-df, kind="stable")[:h]
    heavy = heavy[df[heavy] > 1]
    is_heavy = np.zeros(v, dtype=bool)
    is_heavy[heavy] = True
    xc = x.tocsc()
    dense = xc[:, heavy].toarray()
    g = dense @ dense.T
    light = xc[:, np.flatnonzero(~is_heavy)].tocsr()
    g += (light @ light.T).toarray()
    return g


def _token_matrix(tokens: list[list[str]]):
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(tokens):
        return csr_matrix((len(tokens), 1))
    vec = TfidfVectorizer(analyzer=lambda ws: ws, sublinear_tf=True, norm="l2")
    return vec.fit_transform(tokens)


def similarity(records: list[dict], *, token_weight: float = TOKEN_WEIGHT, neighbours: int = NEIGHBOURS,
               max_token_chars: int = MAX_TOKEN_CHARS, projections: list[Projection] | None = None) -> dict:
    """``{"order", "matrix", "neighbours", "method", "token_coverage", "segmented_chars"}``: the cosine
    matrix in ``records`` order (1.0 on the diagonal) and, per document in the same order, its
    ``neighbours`` most similar other documents ``[{"doc_id", "score"}]``, best first (ties by order; zero
    scores left out)."""
    order = [r["doc_id"] for r in records]
    texts = [r.get("text") or "" for r in records]
    n = len(order)
    method = {"tokens": "jieba (policy user dictionary) minus data/stopwords.txt, tf-idf",
              "char_bigrams": "simplified, punctuation-free text, tf-idf", "token_weight": token_weight}
    if n == 0:
        return {"order": [], "matrix": [], "neighbours": [], "method": method, "token_coverage": 1.0,
                "segmented_chars": 0}
    from scipy.sparse import hstack

    projs = projections if projections is not None else [project(t) for t in texts]
    seg: dict = {}
    tokens, coverage = document_tokens(texts, max_token_chars=max_token_chars, stats=seg)
    parts = []
    if token_weight > 0:
        parts.append(_token_matrix(tokens) * np.sqrt(token_weight))
    if token_weight < 1:
        parts.append(_bigram_matrix(projs) * np.sqrt(1 - token_weight))
    m = _gram(hstack(parts, format="csr"))
    np.fill_diagonal(m, 1.0)
    np.clip(m, 0.0, 1.0, out=m)
    m = np.round(m, 4)
    return {"order": order, "matrix": m.tolist(), "neighbours": nearest(order, m, neighbours),
            "method": method, "token_coverage": round(coverage, 4), "segmented_chars": seg["segmented_chars"]}


def nearest(order: list[str], m: np.ndarray, k: int) -> list[dict]:
    """Top ``k`` other documents per row of the similarity matrix ``m``."""
    n = len(order)
    out = []
    k = min(k, n - 1)
    for i in range(n):
        row = m[i].copy()
        row[i] = -1.0
        idx = np.argsort(-row, kind="stable")[:max(k, 0)]
        out.append({"doc_id": order[i],
                    "neighbours": [{"doc_id": order[j], "score": float(row[j])} for j in idx.tolist() if row[j] > 0]})
    return out
