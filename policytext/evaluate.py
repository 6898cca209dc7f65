"""Score extracted records against gold annotations (the format of ``corpora/gold``).

The scoring rules are those of ``corpora/gold/score.py`` (the development set's own scorer), kept here
so ``policytext evaluate`` works from an installed package; ``tests/test_evaluate.py`` checks both agree.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

UNIT_ALIASES = {"％": "%", "百分点": "个百分点", "万元": None, "亿元": None}


def norm_text(s: str | None) -> str:
    if not s:
        return ""
    s = re.sub(r"[\s\u3000《》<>“”\"'‘’【】\[\]（）()]", "", s)
    return s


def norm_doc_number(s: str | None) -> str:
    if not s:
        return ""
    s = re.sub(r"\s", "", s)
    return re.sub(r"[\[［〔【(（](\d{4})[\]］〕】)）]", r"〔\1〕", s)


def norm_unit(u: str | None) -> str:
    u = (u or "").strip()
    return UNIT_ALIASES.get(u, u) or u


def year_of(v) -> int | None:
    if v is None:
        return None
    m = re.match(r"\s*(\d{4})", str(v))
    return int(m.group(1)) if m else None


def same_value(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def greedy_match(gold: list, pred: list, key) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index) by descending key score; key returns 0 for no match."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = key(g, p)
            if s > 0:
                scored.append((s, gi, pi))
    scored.sort(key=lambda t: -t[0])
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in scored:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def target_key(g: dict, p: dict) -> float:
    if norm_unit(g.get("unit")) != norm_unit(p.get("unit")) or not same_value(g.get("value"), p.get("value")):
        return 0
    score = 1.0
    if year_of(g.get("year")) == year_of(p.get("year")):
        score += 1
    q, t = norm_text(g.get("quote")), norm_text(p.get("text"))
    if q and t and (q in t or t in q):
        score += 2
    return score


def mech_name(m: dict) -> str:
    return norm_text(m.get("name")).replace("“", "").replace("”", "")


def mech_key(g: dict, p: dict) -> float:
    return 1.0 if mech_name(g) and mech_name(g) == mech_name(p) else 0


def deadline_key(g: dict, p: dict) -> float:
    gy, py = year_of(g.get("date")), year_of(p.get("date"))
    if gy is None:  # a recurring commitment: date holds its period word ("yearly", "per_term")
        if str(g.get("date")) != str(p.get("date")):
            return 0
    elif gy != py:
        return 0
    score = 1.0
    if g.get("type") == p.get("type"):
        score += 1
    if str(g.get("date")) == str(p.get("date")):
        score += 1
    q, t = norm_text(g.get("quote")), norm_text(p.get("text"))
    if q and t and (q in t or t in q or q[:8] in t):
        score += 2
    return score


def expand_ranges(targets: list) -> list:
    """A predicted range (value + value_max, or low + high) stands for its two bounds, as the gold writes a range:
    the lower bound with ">=" and the upper bound with "<=", both on the range's quote."""
    out = []
    for t in targets:
        lo = t.get("low", t.get("value")) if "low" in t else t.get("value")
        hi = t.get("high") if "high" in t else t.get("value_max")
        if hi is None or lo is None or hi == lo:
            out.append(t)
            continue
        out.append({**t, "value": lo, "comparator": ">="})
        out.append({**t, "value": hi, "comparator": "<="})
    return out


def score(gold_dir: Path, records: list[dict], verbose: bool = False, golds: dict[str, dict] | None = None) -> dict:
    """Score ``records`` (contract dicts) against the gold files in ``gold_dir`` (or ``golds``, file name → gold
    record, already read); ``details`` lists misses."""
    if golds is None:
        golds = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))}
    preds: dict[str, dict] = {}
    details: list[str] = []
    for rec in records:
        stem = Path(str(rec.get("source", ""))).stem
        preds[stem + ".json"] = rec
    c = {k: [0, 0, 0] for k in ("targets_value", "targets_full", "mechanisms", "mechanisms_listed", "components",
                                 "deadlines")}
    kind_ok = kind_n = 0
    meta = {k: [0, 0] for k in ("title", "issuer", "doc_number", "issued_date", "region")}
    missing = []
    for name, g in golds.items():
        p = preds.get(name)
        if p is None:
            missing.append(name)
            p = {}
        gt, pt = g.get("targets", []), expand_ranges(p.get("targets", []) or [])
        pairs = greedy_match(gt, pt, target_key)
        # A gold file with "scope_note" annotates only part of its document: there, unmatched predictions
        # are not counted as false positives (recall is what it measures).
        n_pt = len(pairs) if g.get("scope_note") else len(pt)
        c["targets_value"][0] += len(pairs)
        c["targets_value"][1] += n_pt
        c["targets_value"][2] += len(gt)
        full = 0
        for gi, pi in pairs:
            a, b = gt[gi], pt[pi]
            kind_n += 1
            kind_ok += a.get("kind") == b.get("kind")
            if (year_of(a.get("year")) == year_of(b.get("year")) and a.get("kind") == b.get("kind")
                    and a.get("comparator") == b.get("comparator")):
                full += 1
        c["targets_full"][0] += full
        c["targets_full"][1] += n_pt
        c["targets_full"][2] += len(gt)
        if verbose:
            matched_g = {gi for gi, _ in pairs}
            matched_p = {pi for _, pi in pairs}
            for gi, t in enumerate(gt):
                if gi not in matched_g:
                    details.append(f"MISSED  {name}: {t.get('value')}{t.get('unit')} {t.get('year')} {t.get('quote')}")
            for pi, t in enumerate(pt):
                if pi not in matched_p:
                    details.append(f"EXTRA   {name}: {t.get('value')}{t.get('unit')} {t.get('year')} {t.get('text')}")
        gm, pm = g.get("mechanisms", []), p.get("mechanisms", []) or []
        if g.get("scope_note"):
            pm = []  # mechanisms are not annotated in a scoped gold file
        mpairs = greedy_match(gm, pm, mech_key)
        c["mechanisms"][0] += len(mpairs)
        c["mechanisms"][1] += len(pm)
        c["mechanisms"][2] += len(gm)
        # mechanisms_listed: only bundles whose components are listed, on both sides (robust to whether a
        # bare slogan such as 两个维护 counts as a mechanism)
        gl = [m for m in gm if m.get("components")]
        pl = [m for m in pm if m.get("components")]
        lpairs = greedy_match(gl, pl, mech_key)
        c["mechanisms_listed"][0] += len(lpairs)
        c["mechanisms_listed"][1] += len(pl)
        c["mechanisms_listed"][2] += len(gl)
        for gi, pi in mpairs:
            gc = {norm_text(x) for x in gm[gi].get("components", [])}
            pc = {norm_text(x) for x in pm[pi].get("components", []) or []}
            c["components"][0] += len(gc & pc)
            c["components"][1] += len(pc)
            c["components"][2] += len(gc)
        for gi, m in enumerate(gm):
            if gi not in {a for a, _ in mpairs}:
                c["components"][2] += len(m.get("components", []))
        if verbose:
            for gi, m in enumerate(gm):
                if gi not in {a for a, _ in mpairs}:
                    details.append(f"MISSED  {name}: mechanism {m.get('name')}")
        gd, pdl = g.get("deadlines", []), p.get("deadlines", []) or []
        # only dated deadlines are compared: a prediction with neither a year nor a period word
        # ("自秋季起", "三年内" with no issued date) has nothing to be checked against
        periods = {str(x.get("date")) for x in gd if year_of(x.get("date")) is None}
        pdl = [x for x in pdl if year_of(x.get("date")) is not None or str(x.get("date")) in periods | {"yearly", "per_term"}]
        dpairs = greedy_match(gd, pdl, deadline_key)
        c["deadlines"][0] += len(dpairs)
        c["deadlines"][1] += len(dpairs) if g.get("scope_note") else len(pdl)
        c["deadlines"][2] += len(gd)
        gmeta, pmeta = g.get("metadata", {}), p.get("metadata", {}) or {}
        meta["title"][1] += 1
        meta["title"][0] += bool(norm_text(gmeta.get("title"))) and norm_text(gmeta.get("title")) == norm_text(pmeta.get("title"))
        meta["issuer"][1] += 1
        gi_ = {norm_text(x) for x in gmeta.get("issuer") or []}
        pi_ = {norm_text(x) for x in pmeta.get("issuer") or []}
        meta["issuer"][0] += gi_ == pi_
        meta["doc_number"][1] += 1
        meta["doc_number"][0] += norm_doc_number(gmeta.get("doc_number")) == norm_doc_number(pmeta.get("doc_number"))
        meta["issued_date"][1] += 1
        meta["issued_date"][0] += str(gmeta.get("issued_date") or "") == str(pmeta.get("issued_date") or "")
        meta["region"][1] += 1
        gr, pr = gmeta.get("region") or {}, pmeta.get("region") or {}
        meta["region"][0] += bool(gr.get("name")) and norm_text(gr.get("name")) == norm_text(pr.get("name"))
    out = {k: prf(*v) for k, v in c.items()}
    out["target_kind_accuracy"] = round(kind_ok / kind_n, 4) if kind_n else None
    out["metadata_accuracy"] = {k: round(a / n, 4) if n else None for k, (a, n) in meta.items()}
    out["documents"] = len(golds)
    out["missing_predictions"] = missing
    out["details"] = details
    return out
