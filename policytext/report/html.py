"""Render a comparison as one self-contained HTML page for people.

Sections: overview (documents, regions, issued dates, nearest neighbours when the comparison has them),
mechanism and target tables (rows × regions), coverage heatmap (mechanism taxonomy dimension and catalog
policy domain × region), deadline timeline, similarity heatmap, shared passages side by side, and each
document's normalized text with every record span as an anchored ``<mark>``. A table cell links to its
passage: one small inline script opens the text's ``<details>``, highlights the passage and scrolls to it
(``:target`` CSS still marks its start when scripts are off).

Document text is untrusted: every piece goes through ``html.escape``. The page loads nothing (CSS, script
and SVG figures are inline) and says so in a Content-Security-Policy that admits only its own script by hash.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from datetime import date
from html import escape

from policytext.compare.tables import UNKNOWN, group_of
from policytext.report.targets_section import targets_section

CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
"WenQuanYi Micro Hei",sans-serif;margin:0 auto;padding:1em 2em 4em;color:#222;max-width:1500px;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #ccd}
nav{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #eee;z-index:2;font-size:.9em}
nav a{margin-right:1em;color:#335;text-decoration:none}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eef}td:empty::after{content:"–";color:#aaa}td.hit{background:#f6fbf6}.best{background:#dff3df;font-weight:bold}
.muted{color:#888}.quote{color:#555;font-size:.85em}.num{text-align:right;white-space:nowrap}
.note{color:#555;font-size:.9em;max-width:60em}
a.src{color:#1a4d8f;text-decoration:none;border-bottom:1px dotted #1a4d8f}a.src:hover{background:#fff3b0}
.summary{display:flex;gap:2em;flex-wrap:wrap;margin:.8em 0}.summary div{background:#f4f5fa;padding:.5em 1em;
border-radius:6px}.summary b{font-size:1.3em;display:block}
details.doc{border:1px solid #dde;border-radius:6px;margin:.5em 0;padding:.3em .8em}
details.doc summary{cursor:pointer;font-weight:bold}
.text{white-space:pre-wrap;font-size:.92em;line-height:1.7;max-width:60em}
mark{background:none;color:inherit;padding:0}
mark.k-t{background:#fff1b8}mark.k-m{background:#dbe9ff}mark.k-d{background:#ffe0ea}
mark.k-t.k-m,mark.k-t.k-d{background:#f3e2b0}mark.k-r{border-bottom:2px dotted #9a9}
mark.hl,.anchor:target+mark{background:#ffb463!important;box-shadow:0 2px 0 #d35400}
.anchor{scroll-margin-top:5em}
.side td{width:47%}.side td.num{width:auto}.side mark{background:#fff1b8}
.legend span{padding:0 .4em;margin-right:.6em}.nn,.date{white-space:nowrap}.nns{min-width:16em}
.src-path{color:#888;font-size:.8em;min-width:12em;overflow-wrap:anywhere}
svg{max-width:100%;height:auto}
"""

SCRIPT = """(function(){
function show(){
 document.querySelectorAll('mark.hl').forEach(function(m){m.classList.remove('hl');});
 var id=decodeURIComponent(location.hash.slice(1));
 if(!/^p[0-9]+-[0-9]+-[0-9]+$/.test(id))return;
 var a=document.getElementById(id);
 if(!a)return;
 var d=a.closest('details');
 if(d&&!d.open)d.open=true;
 var ms=document.querySelectorAll('mark[data-p~="'+id+'"]');
 ms.forEach(function(m){m.classList.add('hl');});
 (ms[0]||a).scrollIntoView({block:'center'});
}
window.addEventListener('hashchange',show);
document.addEventListener('click',function(e){
 var l=e.target.closest?e.target.closest('a'):null;
 if(l&&(l.getAttribute('href')||l.getAttribute('xlink:href'))===location.hash)setTimeout(show,0);
});
show();
})();"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
CSP = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{_SCRIPT_HASH}'"

MAX_REUSE = 500        # shared passages listed
MAX_TABLE_ROWS = 300   # rows of the mechanism and of the target table …
MAX_TABLE_CELLS = 20_000  # … and rows × documents of each
MAX_SVG_SIMILARITY = 40  # documents up to which the similarity heatmap is vector cells with values
MAX_PLOT_COLUMNS = 60  # regions in the coverage heatmap / lanes in the timeline (those with most data)
CONTEXT = 24           # characters either side of a shared passage
KIND_NAMES = {"t": "target", "m": "mechanism", "d": "deadline", "r": "shared passage"}


def _e(x) -> str:
    return escape("" if x is None else str(x))


def _fmt_value(c: dict) -> str:
    v = c.get("value")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    cmp_ = {">=": "≥", "<=": "≤", "~": "≈", "=": ""}.get(c.get("comparator") or "=", "")
    return f"{cmp_}{v:,}{_e(c.get('unit') or '')}" if isinstance(v, int | float) else _e(v)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


class _Passages:
    """Record spans of each document's normalized text, each with the anchor id a table cell links to."""

    def __init__(self, docs: list[dict], recs: dict[str, dict]):
        self.index = {d["doc_id"]: i for i, d in enumerate(docs)}
        self.text = {d["doc_id"]: (recs.get(d["doc_id"]) or {}).get("text") or "" for d in docs}
        self.spans: dict[str, dict[tuple[int, int], set[str]]] = defaultdict(dict)

    def href(self, doc_id: str, start, end, kind: str) -> str | None:
        """``#anchor`` of ``[start, end)`` in ``doc_id``'s text (registering it), or None without a usable span."""
        text = self.text.get(doc_id)
        if not text or not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            return None
        self.spans[doc_id].setdefault((start, end), set()).add(kind)
        return f"#p{self.index[doc_id]}-{start}-{end}"

    def marked(self, doc_id: str) -> str:
        """The document's text, escaped, with each span's segments in ``<mark data-p="ids">`` and an empty
        ``<span class=anchor id=…>`` where a span starts (spans may overlap or nest)."""
        text, spans = self.text[doc_id], self.spans.get(doc_id) or {}
        i = self.index[doc_id]
        bounds = sorted({0, len(text)} | {s for s, _ in spans} | {e for _, e in spans})
        starting: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for s, e in sorted(spans, key=lambda se: (se[0], -se[1])):
            starting[s].append((s, e))
        active: list[tuple[int, int]] = []
        out = []
        for b0, b1 in zip(bounds, bounds[1:], strict=False):
            active = [se for se in active if se[1] > b0] + starting.get(b0, [])
            for s, e in starting.get(b0, []):
                out.append(f'<span class=anchor id="p{i}-{s}-{e}"></span>')
            seg = _e(text[b0:b1])
            if active:
                kinds = " ".join(sorted({f"k-{k}" for se in active for k in spans[se]}))
                ids = " ".join(f"p{i}-{s}-{e}" for s, e in active)
                out.append(f'<mark class="{kinds}" data-p="{ids}">{seg}</mark>')
            else:
                out.append(seg)
        return "".join(out)


def _top_rows(rows: list[dict], n_docs: int) -> tuple[list[dict], str]:
    """The rows shared by most documents (in their order) that fit ``MAX_TABLE_ROWS`` and ``MAX_TABLE_CELLS``,
    and a note when some are left out: a browser takes long over a table of thousands of rows × hundreds of
    regions."""
    limit = min(MAX_TABLE_ROWS, max(30, MAX_TABLE_CELLS // max(1, n_docs)))
    if len(rows) <= limit:
        return rows, ""
    keep = set(sorted(range(len(rows)), key=lambda k: (-len(rows[k].get("cells") or {}), k))[:limit])
    return ([r for k, r in enumerate(rows) if k in keep],
            f"<p class=note>The {limit} rows shared by most documents are shown, of {len(rows):,}; "
            "<code>policytext compare --format csv</code> has them all (every record is still marked in the "
            "texts below).</p>")


def _year_of(value) -> float | None:
    """2017 → 2017.0; '2017-06-30' → 2017.49; anything else → None."""
    s = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if not m:
        return None
    y = int(m.group(1))
    if not 1900 <= y <= 2200:
        return None
    if not m.group(2):
        return float(y)
    try:
        d = date(y, int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return float(y)
    return y + (d.timetuple().tm_yday - 1) / 365.0


def _neighbours(comparison: dict) -> dict[str, list[tuple[str, float | None]]]:
    """``comparison["neighbours"]`` read leniently: ``{doc_id: [..]}`` or ``[{"doc_id", "neighbours"}]``; an
    item is ``{"doc_id"|"id"|"b", "similarity"|"score"}``, a ``[doc_id, score]`` pair or a doc_id."""
    raw = comparison.get("neighbours")
    if isinstance(raw, list):
        raw = {x.get("doc_id") or x.get("id"): x.get("neighbours") or x.get("nearest") or []
               for x in raw if isinstance(x, dict)}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, list[tuple[str, float | None]]] = {}
    for doc_id, items in raw.items():
        got = []
        for it in items if isinstance(items, list) else []:
            if isinstance(it, dict):
                other = it.get("doc_id") or it.get("id") or it.get("b") or it.get("neighbour")
                score = next((it[k] for k in ("similarity", "score", "cosine") if k in it), None)
            elif isinstance(it, list | tuple) and it:
                other, score = it[0], (it[1] if len(it) > 1 else None)
            else:
                other, score = it, None
            if other is not None:
                got.append((str(other), score if isinstance(score, int | float) else None))
        out[str(doc_id)] = got
    return out


def _similarity_svg(sim: dict, labels: dict[str, str]) -> str:
    order, m = sim.get("order") or [], sim.get("matrix") or []
    n = len(order)
    if not n:
        return "<p class=muted>no documents</p>"
    cell, left, top, right = 40, 150, 110, 90
    w, h = left + cell * n + right, top + cell * n + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
             f'role="img" aria-label="document similarity" font-size="13">']
    for i, a in enumerate(order):
        name = _e(_clip(labels.get(a, a), 10))
        parts.append(f'<text x="{left - 8}" y="{top + cell * i + cell * 0.62}" text-anchor="end">{name}</text>')
        parts.append(f'<text transform="translate({left + cell * i + cell * 0.35},{top - 8}) rotate(-45)">'
                     f'{name}</text>')
        for j in range(n):
            v = float(m[i][j]) if i < len(m) and j < len(m[i]) else 0.0
            shade = int(255 - 180 * max(0.0, min(1.0, v)))
            parts.append(f'<rect x="{left + cell * j}" y="{top + cell * i}" width="{cell}" height="{cell}" '
                         f'fill="rgb({shade},{shade},255)" stroke="#fff"><title>{v:.2f}</title></rect>')
            parts.append(f'<text x="{left + cell * j + cell / 2}" y="{top + cell * i + cell * 0.62}" '
                         f'text-anchor="middle" font-size="11" fill="{"#fff" if v > 0.6 else "#222"}">{v:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


UNCATALOGUED = "uncatalogued"


def domain_counts(comparison: dict, region: dict[str, str], kinds: tuple[str, ...] = ("target",)) -> dict[str, dict]:
    """Catalog policy domain → region → how many targets (cells of ``kinds``) the region sets in it. A cell's
    domain is its mapping's (a generic class's comes from its qualifier), else its row's; a target without a
    catalog id counts as ``uncatalogued``."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in comparison.get("target_rows") or []:
        for doc_id, items in (row.get("cells") or {}).items():
            if doc_id not in region:
                continue
            for c in items or []:
                if (c.get("kind") or row.get("kind") or "target") not in kinds:
                    continue
                dom = (c.get("domain") or row.get("domain") or UNCATALOGUED) if c.get("indicator_id") else UNCATALOGUED
                out[dom][region[doc_id]] += 1
    return out


def _coverage(comparison: dict, docs: list[dict], region: dict[str, str]) -> str:
    """Mechanism components per taxonomy dimension, and targets per catalog domain, × region."""
    from policytext.compare.align import taxonomy
    from policytext.compare.catalog import catalog
    from policytext.report.plots import coverage_heatmap

    tax = taxonomy()
    cols = list(dict.fromkeys(region[d["doc_id"]] for d in docs))
    mech_rows: dict[str, dict[str, int]] = {e["id"]: defaultdict(int) for e in tax["dimensions"]}
    other_m: dict[str, int] = defaultdict(int)
    for row in comparison.get("mechanism_rows") or []:
        into = mech_rows.get(row.get("dimension"), other_m)
        for doc_id, items in (row.get("cells") or {}).items():
            if doc_id in region:
                into[region[doc_id]] += len(items or [])
    names, counts = [], []
    for e in tax["dimensions"]:
        if sum(mech_rows[e["id"]].values()):
            names.append(e["label"])
            counts.append(mech_rows[e["id"]])
    if sum(other_m.values()):
        names.append("other components")
        counts.append(other_m)
    split = len(names)
    domains = catalog().domains
    by_domain = domain_counts(comparison, region)
    for dom in [*domains, *sorted(d for d in by_domain if d not in domains and d != UNCATALOGUED), UNCATALOGUED]:
        if sum((by_domain.get(dom) or {}).values()):
            names.append(f"target · {(domains.get(dom) or {}).get('label') or dom}")
            counts.append(by_domain[dom])
    if not names:
        return "<p class=muted id=coverage-empty>No mechanism components or targets were found, so there is no " \
               "coverage to show.</p>"
    note = ""
    if len(cols) > MAX_PLOT_COLUMNS:
        cols = sorted(cols, key=lambda c: -sum(r.get(c, 0) for r in counts))[:MAX_PLOT_COLUMNS]
        note = f"<p class=note>Showing the {MAX_PLOT_COLUMNS} regions with the most records.</p>"
    uncovered = [e["label"] for e in tax["dimensions"] if not sum(mech_rows[e["id"]].values())]
    svg = coverage_heatmap(names, cols, [[r.get(c, 0) for c in cols] for r in counts],
                           sections=[split] if 0 < split < len(names) else [])
    return (f"<div class=scroll id=coverage-plot>{svg}</div>{note}<p class=note>Upper block: mechanism components "
            "per taxonomy dimension (<code>policytext/data/taxonomy.json</code>; components no cue covers are "
            "clustered and counted as “other”). Lower block: how many targets (kind target; results and baselines "
            "are not counted) each region sets per policy domain of the indicator catalog "
            "(<code>policytext/data/indicators.json</code>); targets without a catalog id are “uncatalogued”. "
            + (f"No document has components on: {_e('、'.join(uncovered))}." if uncovered else "") + "</p>")


def _timeline(docs: list[dict], recs: dict[str, dict], region: dict[str, str], passages: _Passages) -> str:
    from policytext.report.plots import deadline_timeline

    points, spans, issued = [], [], []
    recurring = 0
    per_lane: dict[str, int] = defaultdict(int)
    for d in docs:
        r = recs.get(d["doc_id"]) or {}
        lane = region[d["doc_id"]]
        md = r.get("metadata") or {}
        x = _year_of(md.get("issued_date") or md.get("published_date"))
        if x is not None:
            issued.append({"lane": lane, "x": x})
        for dl in r.get("deadlines") or []:
            url = passages.href(d["doc_id"], dl.get("start"), dl.get("end"), "d")
            parts = str(dl.get("date") or "").split("/")
            ys = [_year_of(p) for p in parts]
            if len(parts) == 2 and None not in ys:
                spans.append({"lane": lane, "x0": min(ys), "x1": max(ys), "url": url})
            elif len(parts) == 1 and ys[0] is not None:
                points.append({"lane": lane, "x": ys[0], "url": url})
            else:
                recurring += 1
                continue
            per_lane[lane] += 1
    if not points and not spans:
        return ("<p class=muted id=timeline-empty>No dated deadlines in these documents"
                + (f" ({recurring} recurring commitments such as yearly ones are highlighted in the texts)"
                   if recurring else "") + ".</p>")
    lanes = list(dict.fromkeys(region[d["doc_id"]] for d in docs))
    note = ""
    if len(lanes) > MAX_PLOT_COLUMNS:
        keep = set(sorted(lanes, key=lambda n: -per_lane[n])[:MAX_PLOT_COLUMNS])
        lanes = [n for n in lanes if n in keep]
        points = [p for p in points if p["lane"] in keep]
        spans = [s for s in spans if s["lane"] in keep]
        issued = [p for p in issued if p["lane"] in keep]
        note = f" Showing the {MAX_PLOT_COLUMNS} regions with the most deadlines."
    svg = deadline_timeline(lanes, points, spans, issued)
    return (f"<div class=scroll id=timeline-plot>{svg}</div><p class=note>Red dots: due dates; orange bars: "
            "periods; grey diamonds: issue (or publication) dates. Click a dot or bar for its source passage."
            + (f" {recurring} recurring commitments (yearly, per term) have no date and are not drawn." if recurring
               else "") + note + "</p>")


def render_html(comparison: dict, records: list[dict] | None = None, *, title: str = "policytext comparison") -> str:
    docs = comparison.get("documents") or []
    ids = [d["doc_id"] for d in docs]
    recs = {r["doc_id"]: r for r in records or []}
    # a document without a region is in the one "unknown" group, not a region named after its file
    region = {d["doc_id"]: group_of(d, "region") for d in docs}
    passages = _Passages(docs, recs)
    nn = _neighbours(comparison)
    out = [f"<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{_e(title)}</title>"
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
           f"<meta name=viewport content='width=device-width'><style>{CSS}</style></head><body>",
           f"<h1>{_e(title)}</h1><nav><a href='#overview'>Overview</a><a href='#mechanisms'>Mechanisms</a>"
           "<a href='#targets'>Targets</a><a href='#who-aims-for-what'>Who aims for what</a><a href='#coverage'>Coverage</a><a href='#timeline'>Deadlines</a>"
           "<a href='#similarity'>Similarity</a><a href='#reuse'>Shared passages</a><a href='#texts'>Texts</a></nav>"]

    # overview
    dates = sorted(x for x in ((recs.get(i) or {}).get("metadata", {}).get("issued_date") for i in ids) if x)
    n_regions = len(set(region.values()))
    n_rec = {k: sum(len((recs.get(i) or {}).get(k) or []) for i in ids) for k in ("targets", "mechanisms", "deadlines")}
    reuse = comparison.get("reuse") or []
    out.append("<h2 id=overview>Overview</h2><div class=summary>"
               f"<div><b>{len(docs)}</b>documents</div><div><b>{n_regions}</b>regions</div>"
               f"<div><b>{_e(dates[0] + ' – ' + dates[-1] if dates else '–')}</b>issued "
               f"({len(dates)} of {len(docs)} dated)</div>"
               f"<div><b>{n_rec['targets']} / {n_rec['mechanisms']} / {n_rec['deadlines']}</b>targets / mechanisms "
               f"/ deadlines</div><div><b>{len(reuse)}</b>shared passages</div></div>")
    if not docs:
        out.append("<p class=note id=no-documents>No documents were given, so there is nothing to compare.</p>")
    elif len(docs) == 1:
        out.append("<p class=note id=one-document>Only one document: the tables have a single column, and "
                   "similarity and shared passages need at least two documents.</p>")
    if docs and not n_rec["mechanisms"] and records is not None:
        out.append("<p class=note id=no-mechanisms>No named mechanisms were found in these documents.</p>")
    nn_head = "<th>nearest documents</th>" if nn else ""
    out.append("<div class=scroll><table id=documents-table><tr><th>#</th><th>region</th><th>title</th>"
               f"<th>文号</th><th>issued</th><th>source</th><th>targets</th><th>mechanisms</th><th>deadlines</th>"
               f"{nn_head}</tr>")
    for k, d in enumerate(docs):
        r = recs.get(d["doc_id"]) or {}
        md = r.get("metadata") or {}
        reg = md.get("region") or {}
        prov = reg.get("province") if reg.get("province") and reg.get("province") != reg.get("name") else None
        when = _e(md.get("issued_date")) or (f"<span class=muted>published<br>{_e(md.get('published_date'))}</span>"
                                             if md.get("published_date") else "<span class=muted>–</span>")
        title_cell = _e(d.get("title")) or "<span class=muted>–</span>"
        if passages.text.get(d["doc_id"]):
            title_cell = f"<a class=src href='#doc-{k}'>{title_cell}</a>"
        nn_cell = ""
        if nn:
            items = [f"<span class=nn>{_e(region.get(o, o))}" + (f" <span class=muted>{s:.2f}</span>" if s is not None
                                                                   else "") + "</span>"
                     for o, s in nn.get(d["doc_id"], [])]
            nn_cell = f"<td class=nns>{' · '.join(items) or '<span class=muted>–</span>'}</td>"
        out.append(f"<tr><td class=num>{k + 1}</td><td>{_e(region[d['doc_id']])}"
                   f"{f' <span class=muted>{_e(prov)}</span>' if prov else ''}</td><td>{title_cell}</td>"
                   f"<td class=date>{_e(md.get('doc_number')) or '<span class=muted>–</span>'}</td>"
                   f"<td class=date>{when}</td><td class=src-path>{_e(d.get('source'))}</td><td class=num>{len(r.get('targets') or [])}</td>"
                   f"<td class=num>{len(r.get('mechanisms') or [])}</td><td class=num>"
                   f"{len(r.get('deadlines') or [])}</td>{nn_cell}</tr>")
    out.append("</table></div>")
    head = "".join(f"<th title='{_e(d.get('title'))}'>{_e(region[d['doc_id']])}</th>" for d in docs)

    # mechanisms
    mrows, mnote = _top_rows(comparison.get("mechanism_rows") or [], len(docs))
    out.append("<h2 id=mechanisms>Mechanisms by dimension</h2><p class=note>Rows align components that mean the "
               "same thing; click a component to see its passage highlighted in the document text.</p>"
               f"<div class=scroll><table id=mechanism-table><tr><th>dimension</th>{head}</tr>")
    for row in mrows:
        cells = row.get("cells") or {}
        tds = []
        for i in ids:
            items = cells.get(i) or []
            if not items:
                tds.append("<td></td>")
                continue
            lines = []
            for c in items:
                name = f"✓ {_e(c.get('component') or c.get('mechanism'))}"
                href = passages.href(i, c.get("start"), c.get("end"), "m")
                if href:
                    name = f"<a class=src href='{href}'>{name}</a>"
                lines.append(f"{name} <span class=muted>({_e(c.get('mechanism'))})</span>")
            tds.append(f"<td class=hit>{'<br>'.join(lines)}</td>")
        out.append(f"<tr><th>{_e(row.get('label'))}</th>{''.join(tds)}</tr>")
    out.append("</table></div>")
    if not mrows:
        out.append("<p class=muted>No mechanisms to align.</p>")
    out.append(mnote)

    # targets: side by side; the highest value and the earliest year of a row stand out
    trows, tnote = _top_rows(comparison.get("target_rows") or [], len(docs))
    out.append("<h2 id=targets>Targets side by side</h2>"
               f"<div class=scroll><table id=target-table><tr><th>indicator</th>{head}</tr>")
    for row in trows:
        cells = row.get("cells") or {}
        goals = [(c.get("value"), c.get("year")) for i in ids for c in cells.get(i) or [] if c.get("kind") == "target"]
        vals = [v for v, _ in goals if isinstance(v, int | float)]
        years = [y for _, y in goals if isinstance(y, int)]
        best_v = max(vals) if len(cells) > 1 and vals else None
        first_y = min(years) if len(cells) > 1 and years else None
        tds = []
        for i in ids:
            items = cells.get(i) or []
            if not items:
                tds.append("<td></td>")
                continue
            lines = []
            for c in items:
                best = c.get("kind") == "target" and (c.get("value") == best_v or (first_y and c.get("year") == first_y))
                value = f"<span class={'best' if best else 'v'}>{_fmt_value(c)}</span>"
                href = passages.href(i, c.get("start"), c.get("end"), "t")
                if href:
                    value = f"<a class=src href='{href}'>{value}</a>"
                lines.append(f"{value} {_e(c.get('year') or '')} <span class=muted>{_e(c.get('kind'))}</span>"
                             f"<div class=quote>{_e(c.get('text'))}</div>")
            tds.append(f"<td class=hit>{''.join(lines)}</td>")
        out.append(f"<tr><th>{_e(row.get('indicator'))}</th>{''.join(tds)}</tr>")
    out.append("</table></div>")
    if not trows:
        out.append("<p class=muted>No targets to align.</p>")
    out.append(tnote)
    out.append(targets_section(comparison, href=lambda d, s, e: passages.href(d, s, e, "t"),
                               group_of=lambda d: region.get(d, UNKNOWN)))

    # coverage and deadlines (matplotlib, inline SVG)
    out.append("<h2 id=coverage>Coverage by policy dimension and domain</h2>")
    out.append(_coverage(comparison, docs, region) if docs else "<p class=muted>no documents</p>")
    out.append("<h2 id=timeline>Deadlines across regions</h2>")
    out.append(_timeline(docs, recs, region, passages) if docs else "<p class=muted>no documents</p>")

    # similarity
    out.append("<h2 id=similarity>Document similarity</h2><div class=scroll id=similarity-plot>")
    sim = comparison.get("similarity") or {}
    if len(sim.get("order") or []) > MAX_SVG_SIMILARITY:
        from policytext.report.plots import similarity_image

        out.append(similarity_image([_clip(region.get(a, a), 10) for a in sim["order"]], sim.get("matrix") or []))
    else:
        out.append(_similarity_svg(sim, region))
    out.append("</div>")

    # reuse, side by side
    out.append(f"<h2 id=reuse>Shared passages ({len(reuse)})</h2>")
    if not reuse:
        out.append("<p class=muted>No passage is shared between documents"
                   + (" (needs at least two documents)" if len(docs) < 2 else "") + ".</p>")
    else:
        out.append("<div class=scroll><table id=reuse-table class=side><tr><th>document A</th><th>document B</th>"
                   "<th>characters · identity</th></tr>")
    for r in reuse[:MAX_REUSE]:
        sides = []
        for who in ("a", "b"):
            doc_id = r.get(who)
            s, e = r.get(f"{who}_start"), r.get(f"{who}_end")
            text = passages.text.get(doc_id) or ""
            href = passages.href(doc_id, s, e, "r") if doc_id in passages.index else None
            if href:
                body = (f"<span class=muted>…{_e(text[max(0, s - CONTEXT):s])}</span><mark>{_e(_clip(text[s:e], 400))}"
                        f"</mark><span class=muted>{_e(text[e:e + CONTEXT])}…</span>")
                name = f"<a class=src href='{href}'>{_e(region.get(doc_id, doc_id))}</a>"
            else:
                body = f"<mark>{_e(_clip(r.get('text') or '', 400))}</mark>"
                name = _e(region.get(doc_id, doc_id))
            sides.append(f"<td><b>{name}</b> <span class=muted>{_e(s)}–{_e(e)}</span><div class=quote>{body}</div></td>")
        size = r.get("chars") or len(r.get("text") or "")
        ident = f" · {r['identity']:.2f}" if isinstance(r.get("identity"), int | float) else ""
        out.append(f"<tr>{''.join(sides)}<td class=num>{_e(size)}{ident}</td></tr>")
    if reuse:
        out.append("</table></div>")
    if len(reuse) > MAX_REUSE:
        out.append(f"<p class=note>The first {MAX_REUSE} of {len(reuse)} are listed; "
                   "`policytext compare --format json` has all.</p>")

    # every record of every document is marked in its text, not only those the tables show
    for i in ids:
        r = recs.get(i) or {}
        for key, kind in (("targets", "t"), ("mechanisms", "m"), ("deadlines", "d")):
            for x in r.get(key) or []:
                passages.href(i, x.get("start"), x.get("end"), kind)
    out.append("<h2 id=texts>Normalized texts</h2><p class='note legend'>Marked: "
               "<span style='background:#fff1b8'>targets</span><span style='background:#dbe9ff'>mechanisms</span>"
               "<span style='background:#ffe0ea'>deadlines</span><span style='border-bottom:2px dotted #9a9'>shared"
               "</span>; the passage a link points to is orange.</p>")
    for k, d in enumerate(docs):
        text = passages.text.get(d["doc_id"])
        if not text:
            continue
        out.append(f"<details class=doc id=doc-{k}><summary>{_e(region[d['doc_id']])} · {_e(d.get('title') or '')} "
                   f"<span class=muted>({len(text):,} characters)</span></summary>"
                   f"<div class=text>{passages.marked(d['doc_id'])}</div></details>")
    if not any(passages.text.values()):
        out.append("<p class=muted>The records carry no text (e.g. a JSONL extracted without it).</p>")
    out.append("<p class=muted>Generated by policytext. Values are in base units; ≥/≤/≈ give the comparator; green "
               "marks the highest target value and the earliest due year of a row.</p>"
               f"<script>{SCRIPT}</script></body></html>")
    return "".join(out)
