"""Row alignment: mechanism components and targets of many documents, like with like.

Mechanism components: a shipped taxonomy (``data/taxonomy.json``) assigns what its cue words cover; whatever
it leaves is grouped by TF-IDF character n-gram similarity (scikit-learn, agglomerative clustering with a
distance threshold), so other policy domains still align. Targets: the indicator catalog
(``data/indicators.json``, :mod:`policytext.compare.catalog`) names them; the taxonomy's generic shares
(覆盖率, 交流比例) and the clusters take the rest, never across measure, unit family or kind
(docs/CONTRACTS.md).
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

CLUSTER_DISTANCE = 0.75  # cosine distance under which uncovered items share a row


@lru_cache(maxsize=1)
def taxonomy() -> dict:
    return json.loads((resources.files("policytext") / "data" / "taxonomy.json").read_text(encoding="utf-8"))


def _first_cue(text: str, entries: list[dict]) -> dict | None:
    for e in entries:
        if any(c in text for c in e["cues"]):
            return e
    return None


MAX_AGGLOMERATIVE = 1000  # distinct strings clustered exactly; the rest join their nearest cluster


def _cluster(texts: list[str]) -> list[int]:
    """Cluster labels for ``texts`` by character 1–3-gram TF-IDF cosine (average linkage, distance threshold).

    Identical strings share a label. The most frequent distinct strings (up to ``MAX_AGGLOMERATIVE``) are
    clustered exactly; rarer ones join the nearest cluster centroid when close enough, else stand alone, so
    a thousand documents' worth of targets stays fast and small.
    """
    if not texts:
        return []
    counts: dict[str, int] = defaultdict(int)
    for t in texts:
        counts[t] += 1
    uniq = sorted(counts, key=lambda t: (-counts[t], t))
    if len(uniq) == 1:
        return [0] * len(texts)
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), max_features=8000).fit(uniq)
    head = uniq[:MAX_AGGLOMERATIVE]
    xh = vec.transform(head).toarray()
    if len(head) > 1:
        model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                        distance_threshold=CLUSTER_DISTANCE)
        labels = [int(v) for v in model.fit_predict(xh)]
    else:
        labels = [0]
    label_of = dict(zip(head, labels, strict=True))
    rest = uniq[MAX_AGGLOMERATIVE:]
    if rest:
        k = max(labels) + 1
        cent = np.zeros((k, xh.shape[1]))
        for row, lab in zip(xh, labels, strict=True):
            cent[lab] += row
        cent /= np.maximum(np.linalg.norm(cent, axis=1, keepdims=True), 1e-12)
        for start in range(0, len(rest), 5000):
            chunk = rest[start:start + 5000]
            sims = vec.transform(chunk) @ cent.T
            best = np.asarray(sims.argmax(axis=1)).ravel()
            top = np.asarray(sims.max(axis=1)).ravel()
            for t, bi, sv in zip(chunk, best, top, strict=True):
                if sv >= 1 - CLUSTER_DISTANCE:
                    label_of[t] = int(bi)
                else:
                    label_of[t] = k
                    k += 1
    return [label_of[t] for t in texts]


def _strip_mech_stem(component: str, mechanism: str) -> str:
    """统一师资 → 师资: the stem the bundle name repeats (统一, 互, 共) says nothing about the dimension."""
    out = component
    for stem in ("统一", "共同"):
        out = out.replace(stem, "")
    return out or component


def mechanism_rows(records: list[dict]) -> list[dict]:
    dims = taxonomy()["dimensions"]
    rows: dict[str, dict] = {}
    leftovers: list[tuple[str, dict, str]] = []  # (doc_id, mechanism record, component)
    for rec in records:
        for m in rec.get("mechanisms") or []:
            comps = m.get("components") or []
            if not comps:
                leftovers.append((rec["doc_id"], m, ""))
                continue
            for c in comps:
                e = _first_cue(_strip_mech_stem(c, m["name"]), dims)
                if e is None:
                    leftovers.append((rec["doc_id"], m, c))
                    continue
                row = rows.setdefault(e["id"], {"dimension": e["id"], "label": e["label"], "cells": defaultdict(list)})
                row["cells"][rec["doc_id"]].append(_mech_cell(m, c))
    texts = [c or m["name"] for _, m, c in leftovers]
    for label, idx in _groups(_cluster(texts)).items():
        members = [leftovers[i] for i in idx]
        name = min((c or m["name"] for _, m, c in members), key=len)
        row = rows.setdefault(f"cluster:{label}", {"dimension": f"other:{name}", "label": name,
                                                  "cells": defaultdict(list)})
        for doc_id, m, c in members:
            row["cells"][doc_id].append(_mech_cell(m, c))
    order = {e["id"]: i for i, e in enumerate(dims)}
    out = sorted(rows.values(), key=lambda r: (order.get(r["dimension"], len(order)), -len(r["cells"]), r["label"]))
    for r in out:
        r["cells"] = dict(r["cells"])
    return out


def _mech_cell(m: dict, component: str) -> dict:
    """A mechanism cell; ``start``/``end`` index the bundle's passage in the document's normalized text."""
    return {"mechanism": m["name"], "component": component, "start": m.get("start"), "end": m.get("end")}


def _groups(labels: list[int]) -> dict[int, list[int]]:
    g: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        g[lab].append(i)
    return g


_SCOPE_WORDS = re.compile(r"全市|全县|全省|全区|主城区|城区|市直学校|市直|县域|农村|城镇|义务教育阶段|阶段|各类|学校")


def _indicator_key(t: dict) -> str:
    ind = t.get("indicator") or ""
    return _SCOPE_WORDS.sub("", ind) or ind


# dimensions whose cue words tell a document's policy domain (the rest — governance, evaluation, finance … —
# occur in every domain)
_DOMAIN_OF = {"teachers": "education", "curriculum": "education", "teaching_research": "education",
              "students": "education", "ecology": "ecology", "health": "health", "industry": "economy",
              "employment": "economy"}


def document_domain(text: str) -> str | None:
    """The policy domain whose taxonomy cue words occur most often in ``text`` (None without any): of a
    target's own words first, else of its whole document."""
    votes: dict[str, int] = defaultdict(int)
    for e in taxonomy()["dimensions"]:
        dom = _DOMAIN_OF.get(e["id"])
        if dom:
            votes[dom] += sum(text.count(c) for c in e["cues"])
    best = max(votes.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] > 0 else None


def _split_by_domain(members: list[tuple[str, dict, str | None]]) -> list[list[tuple[str, dict, str | None]]]:
    """A generic taxonomy indicator names a kind of measure (覆盖率, 交流比例); in different policy domains
    it measures different things (森林覆盖率 · 家庭医生签约服务覆盖率), so its row splits by domain. The
    largest domain group, with the items without a domain, comes first."""
    by: dict[str | None, list] = defaultdict(list)
    for m in members:
        by[m[2]].append(m)
    named = sorted((g for d, g in by.items() if d is not None), key=lambda g: -len(g))
    if not named:
        return [members]
    named[0] = named[0] + by.get(None, [])
    return named


KIND_ORDER = {"target": 0, "achievement": 1, "baseline": 2}


def _column(t: dict) -> str:
    """The column of a row a target belongs to: its kind, its year and whether it is a yearly average over a
    period (年均): the 2026 target, the 2026–2030 average, the 2025 result and the baseline stay apart."""
    kind = t.get("kind") or "target"
    year = t.get("year")
    avg = "年均" in (t.get("indicator") or "") or "年均" in (t.get("text") or "")
    return f"{kind}{' ' + str(year) if year else ''}{' average' if avg else ''}"


def _column_key(c: str) -> tuple:
    parts = c.split()
    year = next((int(p) for p in parts[1:] if p.isdigit()), 0)
    return (KIND_ORDER.get(parts[0], 3), -year, c)


def target_rows(records: list[dict]) -> list[dict]:
    """Target rows: one per catalog indicator, measure and unit family (``indicator_id`` ``<id>.<measure>``);
    targets the catalog lacks go to a generic taxonomy measure (覆盖率, 交流比例; split by policy domain) or
    are clustered by their indicator words, never across measure or unit family. Each cell carries its
    ``column`` (kind, year, average), exact and canonical values and the mapping's ``rule`` and
    ``confidence``; each row lists its ``columns``."""
    from policytext.compare.catalog import catalog, map_document

    cat = catalog()
    inds = taxonomy()["indicators"]
    rows: dict[tuple, dict] = {}
    left: list[tuple[str, dict, object]] = []
    by_entry: dict[tuple, tuple[dict, list[tuple[str, dict, str | None, object]]]] = {}
    for rec in records:
        doc_text = rec.get("text") or ""
        doc_domain = None
        maps = map_document(rec, cat)
        for t, m in zip(rec.get("targets") or [], maps, strict=True):
            entry = cat.entries[m.entry] if m.entry else None
            # the words right after a figure often name it (每年让15%的一线教师进行交流)
            after = doc_text[t.get("end", 0):t.get("end", 0) + 12] if doc_text else ""
            after = after.split("。")[0].split("；")[0]
            # the taxonomy's measures (覆盖率, 交流比例) are shares: a count or an amount is not one; they take the
            # shares the catalog leaves and those it only names by a generic class (覆盖率 of …)
            e = _first_cue(f"{t.get('indicator') or ''} {t.get('text') or ''} {after}", inds) \
                if m.measure == "share" and (entry is None or entry.get("measure_word")) else None
            if m.indicator_id is not None and e is None:
                kind = _kind(t)
                # a class named by its head noun alone (企业1.85万家, 完成投资4608亿元) says too little to be set
                # beside another document's: its row is its document's own
                alone = rec["doc_id"] if m.qualifier == "" and entry.get("class") else None
                key = ("catalog", m.indicator_id, m.family, kind, m.qualifier, m.head, alone)
                dim = m.indicator_id
                if entry.get("class"):  # a class row: one qualifier and one head noun of the class
                    dim += f":{m.qualifier or ''}{m.head or ''}" + (f"#{alone}" if alone else "")
                if m.family != _first_family(entry, m):
                    dim += f"[{m.family}]"
                row = rows.setdefault(key, {
                    "indicator": m.label or entry["name"], "dimension": dim + _kind_suffix(kind),
                    "indicator_id": m.indicator_id, "measure": m.measure, "unit_family": m.family,
                    "canonical_unit": m.canonical_unit, "domain": m.domain or entry.get("domain"), "kind": kind,
                    "rule": "catalog", "cells": defaultdict(list)})
                if m.qualifier is not None:
                    row["qualifier"], row["head"] = m.qualifier, m.head
                row["cells"][rec["doc_id"]].append(_cell(t, m))
                continue
            if e is None:
                left.append((rec["doc_id"], t, m))
                continue
            domain = None
            if e.get("generic"):
                domain = document_domain(f"{t.get('indicator') or ''} {t.get('text') or ''}")
                if domain is None:
                    if doc_domain is None:
                        doc_domain = document_domain(doc_text) or ""
                    domain = doc_domain or None
            by_entry.setdefault((e["id"], m.measure, m.family), (e, []))[1].append((rec["doc_id"], t, domain, m))
    for (_eid, measure, family), (e, members) in by_entry.items():
        for k, group in enumerate(_split_by_domain(members)):
            # a taxonomy measure is a share in percent (覆盖率, 交流比例): its id stays the taxonomy id
            tail = "" if (measure, family) == ("share", "percent") else f".{measure}[{family}]"
            if k == 0:
                name, dim = e["label"], f"{e['id']}{tail}"
            else:
                keys = Counter(_indicator_key(t) for _, t, _, _ in group)
                name = min(keys, key=lambda k: (-keys[k], len(k), k))  # the most frequent, then shortest
                dim = f"{e['id']}:{name}{tail}"
            row = ({
                "indicator": name, "dimension": dim, "indicator_id": None, "measure": measure,
                "unit_family": family, "canonical_unit": group[0][3].canonical_unit, "domain": None,
                "rule": "taxonomy", "cells": defaultdict(list)})
            for doc_id, t, _, m in group:
                kind = _kind(t)
                krow = rows.setdefault(("taxonomy", dim, kind), {
                    **{k: v for k, v in row.items() if k != "cells"}, "dimension": dim + _kind_suffix(kind),
                    "kind": kind, "cells": defaultdict(list)})
                krow["cells"][doc_id].append(_cell(t, m))
    parts: dict[tuple, list[int]] = defaultdict(list)  # never cluster across measure or unit family
    for i, (_, _, m) in enumerate(left):
        parts[(m.measure, m.family)].append(i)
    for (measure, family), idx_all in parts.items():
        labels = _cluster([_indicator_key(left[i][1]) for i in idx_all])
        for label, idx in _groups(labels).items():
            members = [left[idx_all[i]] for i in idx]
            name = min((_indicator_key(t) for _, t, _ in members), key=lambda k: (len(k), k))
            dim = f"other:{name}.{measure}[{family}]"
            for doc_id, t, m in members:
                kind = _kind(t)
                row = rows.setdefault(("cluster", measure, family, label, kind), {
                    "indicator": name, "dimension": dim + _kind_suffix(kind), "indicator_id": None,
                    "measure": measure, "unit_family": family, "canonical_unit": m.canonical_unit, "domain": None,
                    "kind": kind, "rule": "cluster", "cells": defaultdict(list)})
                row["cells"][doc_id].append(_cell(t, m))
    out = sorted(rows.values(), key=lambda r: (KIND_ORDER.get(r["kind"], 3), r["rule"] != "catalog",
                                               -len(r["cells"]), r["indicator"], r["dimension"]))
    for r in out:
        r["cells"] = dict(r["cells"])
        r["columns"] = sorted({c["column"] for cs in r["cells"].values() for c in cs}, key=_column_key)
    return out


def _kind(t: dict) -> str:
    return t.get("kind") or "target"


def _kind_suffix(kind: str) -> str:
    """Rows of past results and baselines are rows of their own (``gdp.growth@achievement``)."""
    return "" if kind == "target" else f"@{kind}"


def _first_family(entry: dict, m) -> str:
    fams = (entry.get("measures") or {}).get(m.measure)
    return fams if isinstance(fams, str) else (fams or [m.family])[0]


def _cell(t: dict, m) -> dict:
    """A target cell: the record's fields, the mapping and the exact figure (see docs/CONTRACTS.md)."""
    from policytext.compare.catalog import canonical_figure, dec_json, dec_str

    fig = canonical_figure(t, m)
    return {"value": dec_json(fig["value"]), "value_max": dec_json(fig["value_max"]), "unit": t.get("unit"),
            "year": t.get("year"), "kind": t.get("kind"), "comparator": t.get("comparator"),
            "column": _column(t), "text": m.quote or t.get("text"),
            "start": m.quote_start if m.quote_start is not None else t.get("start"), "end": t.get("end"),
            "indicator": t.get("indicator"), "scope": t.get("scope"),
            "indicator_id": m.indicator_id, "measure": m.measure, "unit_family": m.family,
            "rule": m.rule, "confidence": m.confidence, "qualifier": m.qualifier, "head": m.head, "domain": m.domain,
            "written_value": fig["written_value"], "written_unit": fig["written_unit"],
            "canonical_value": dec_str(fig["canonical_value"]),
            "canonical_value_max": dec_str(fig["canonical_value_max"]), "canonical_unit": fig["canonical_unit"]}
