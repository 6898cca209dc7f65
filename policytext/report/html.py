"""Render a comparison as a self-contained HTML page. Every piece of document text goes through
``html.escape``; the page has no scripts and loads nothing from the network."""
from __future__ import annotations

from html import escape

CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",sans-serif;margin:2em;color:#222;max-width:1400px}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #ccd}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
th,td{border:1px solid #ccd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eef}td.hit{background:#f4fbf4}td.best{background:#dff3df;font-weight:bold}
.muted{color:#888}.quote{color:#555;font-size:.85em}.num{text-align:right;white-space:nowrap}
"""


def _e(x) -> str:
    return escape("" if x is None else str(x))


def _fmt_value(c: dict) -> str:
    v = c.get("value")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    cmp_ = {">=": "≥", "<=": "≤", "~": "≈", "=": ""}.get(c.get("comparator") or "=", "")
    return f"{cmp_}{v:,}{c.get('unit') or ''}" if isinstance(v, int | float) else _e(v)


def _heatmap(sim: dict, labels: dict[str, str]) -> str:
    order, m = sim.get("order") or [], sim.get("matrix") or []
    n = len(order)
    if not n:
        return "<p class=muted>no documents</p>"
    cell, pad = 34, 160
    size = pad + cell * n
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" role="img" '
             f'aria-label="document similarity">']
    for i, a in enumerate(order):
        parts.append(f'<text x="{pad - 6}" y="{pad + cell * i + cell * 0.65}" text-anchor="end" font-size="12">'
                     f'{_e(labels.get(a, a))[:14]}</text>')
        parts.append(f'<text transform="translate({pad + cell * i + cell * 0.6},{pad - 6}) rotate(-60)" '
                     f'font-size="12">{_e(labels.get(a, a))[:14]}</text>')
        for j in range(n):
            v = float(m[i][j]) if i < len(m) and j < len(m[i]) else 0.0
            shade = int(255 - 180 * max(0.0, min(1.0, v)))
            parts.append(f'<rect x="{pad + cell * j}" y="{pad + cell * i}" width="{cell}" height="{cell}" '
                         f'fill="rgb({shade},{shade},255)"><title>{v:.2f}</title></rect>')
            parts.append(f'<text x="{pad + cell * j + cell / 2}" y="{pad + cell * i + cell * 0.62}" '
                         f'text-anchor="middle" font-size="10">{v:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(comparison: dict, records: list[dict] | None = None, *, title: str = "policytext comparison") -> str:
    docs = comparison.get("documents") or []
    ids = [d["doc_id"] for d in docs]
    label = {d["doc_id"]: d.get("region") or d.get("source") or d["doc_id"] for d in docs}
    recs = {r["doc_id"]: r for r in records or []}
    out = [f"<!doctype html><html lang=zh><head><meta charset=utf-8><title>{_e(title)}</title>"
           f"<meta name=viewport content='width=device-width'><style>{CSS}</style></head><body>",
           f"<h1>{_e(title)}</h1>"]
    # documents
    out.append("<h2 id=documents>Documents</h2><table id=documents-table><tr><th>region</th><th>title</th>"
               "<th>source</th><th>targets</th><th>mechanisms</th><th>deadlines</th></tr>")
    for d in docs:
        r = recs.get(d["doc_id"], {})
        out.append(f"<tr><td>{_e(d.get('region'))}</td><td>{_e(d.get('title'))}</td><td class=muted>"
                   f"{_e(d.get('source'))}</td><td class=num>{len(r.get('targets') or [])}</td><td class=num>"
                   f"{len(r.get('mechanisms') or [])}</td><td class=num>{len(r.get('deadlines') or [])}</td></tr>")
    out.append("</table>")
    head = "".join(f"<th>{_e(label[i])}</th>" for i in ids)
    # mechanisms
    out.append(f"<h2 id=mechanisms>Mechanisms by dimension</h2><table id=mechanism-table><tr><th>dimension</th>{head}</tr>")
    for row in comparison.get("mechanism_rows") or []:
        cells = row.get("cells") or {}
        tds = []
        for i in ids:
            items = cells.get(i) or []
            if items:
                body = "<br>".join(f"✓ {_e(c.get('component') or c.get('mechanism'))} <span class=muted>"
                                   f"({_e(c.get('mechanism'))})</span>" for c in items)
                tds.append(f"<td class=hit>{body}</td>")
            else:
                tds.append("<td class=muted>–</td>")
        out.append(f"<tr><th>{_e(row.get('label'))}</th>{''.join(tds)}</tr>")
    out.append("</table>")
    # targets: side by side; the highest value and the earliest year of a row stand out
    out.append(f"<h2 id=targets>Targets side by side</h2><table id=target-table><tr><th>indicator</th>{head}</tr>")
    for row in comparison.get("target_rows") or []:
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
                tds.append("<td class=muted>–</td>")
                continue
            lines = []
            for c in items:
                best = c.get("kind") == "target" and (c.get("value") == best_v or (first_y and c.get("year") == first_y))
                lines.append(f"<span class={'best' if best else 'v'}>{_fmt_value(c)}</span> "
                             f"{_e(c.get('year') or '')} <span class=muted>{_e(c.get('kind'))}</span>"
                             f"<div class=quote>{_e(c.get('text'))}</div>")
            tds.append(f"<td class=hit>{''.join(lines)}</td>")
        out.append(f"<tr><th>{_e(row.get('indicator'))}</th>{''.join(tds)}</tr>")
    out.append("</table>")
    # similarity
    out.append("<h2 id=similarity>Document similarity</h2>")
    out.append(_heatmap(comparison.get("similarity") or {}, label))
    # reuse
    reuse = comparison.get("reuse") or []
    out.append(f"<h2 id=reuse>Shared passages ({len(reuse)})</h2><table id=reuse-table><tr><th>document A</th>"
               "<th>document B</th><th>passage</th></tr>")
    for r in reuse[:500]:
        out.append(f"<tr><td>{_e(label.get(r['a'], r['a']))}</td><td>{_e(label.get(r['b'], r['b']))}</td>"
                   f"<td class=quote>{_e(r.get('text'))}</td></tr>")
    out.append("</table><p class=muted>Generated by policytext. Values are in base units; ≥/≤/≈ give the "
               "comparator; green marks the highest target value and the earliest due year of a row.</p>"
               "</body></html>")
    return "".join(out)
