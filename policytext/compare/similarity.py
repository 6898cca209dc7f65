"""Document similarity: TF-IDF over character bigrams, cosine."""
from __future__ import annotations


def similarity(records: list[dict]) -> dict:
    order = [r["doc_id"] for r in records]
    texts = [r.get("text") or "" for r in records]
    if len(texts) < 2 or not any(texts):
        return {"order": order, "matrix": [[1.0 if i == j else 0.0 for j in range(len(order))]
                                           for i in range(len(order))]}
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    x = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), min_df=1, sublinear_tf=True).fit_transform(texts)
    m = cosine_similarity(x)
    return {"order": order, "matrix": [[round(float(v), 4) for v in row] for row in m]}
