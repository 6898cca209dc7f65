"""The report's "who aims for what" section: per catalog indicator, a dot-and-range chart of the groups' targets.

``targets_section(comparison, href=…, group_of=…)`` returns an HTML fragment (escaped, inline SVG, no
script): for every catalog target row set by at least ``min_groups`` groups, and for each of its columns
(target 2026, target 2030 average …), one line per group sorted by value. A dot is the figure in the
canonical unit; a range (5%—5.5%) is a bar between its bounds; the comparator is marked (▶ for ≥, ◀ for ≤,
a ring for ~, a filled dot for =). Every dot is a link (``href(doc_id, start, end)``) to its sentence, and
its tooltip quotes it. The heading shows the catalog name and id.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from html import escape

MAX_CHARTS = 40
WIDTH, LEFT, RIGHT, LINE, TOP = 640, 150, 70, 22, 26
MARK = {">=": "≥", "<=": "≤", "~": "≈", "=": "", ">": ">", "<": "<"}


def _e(x) -> str:
    return escape("" if x is None else str(x))


def _dec(s) -> Decimal | None:
    if s is None:
        return None
    try:
        return Decimal(str(s))
    except (InvalidOperation, ValueError):
        return None


def _fmt(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def _points(row: dict, column: str, group_of: Callable[[str], str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for doc_id, cells in (row.get("cells") or {}).items():
        for c in cells:
            if c.get("column") != column:
                continue
            lo = _dec(c.get("canonical_value"))
            if lo is None:
                continue
            hi = _dec(c.get("canonical_value_max")) or lo
            out[group_of(doc_id)].append({"lo": lo, "hi": hi, "cell": c, "doc_id": doc_id})
    return out


def _chart(points: dict[str, list[dict]], unit: str, href: Callable, chart_id: str) -> str:
    groups = sorted(points, key=lambda g: (min(p["lo"] for p in points[g]), g))
    lo = min(p["lo"] for ps in points.values() for p in ps)
    hi = max(p["hi"] for ps in points.values() for p in ps)
    if lo == hi:
        lo, hi = lo - 1 if lo else Decimal(-1), hi + 1
    span = float(hi - lo)
    pad = span * 0.06
    x0, x1 = float(lo) - pad, float(hi) + pad

    def x(v: Decimal) -> float:
        return LEFT + (float(v) - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT)

    # one line per figure: a group with several figures in one column (a restated or staged goal) gets a line
    # for each, so no dot hides another (each stays clickable)
    lines = [(g, p, i == 0) for g in groups for i, p in enumerate(sorted(points[g], key=lambda p: (p["lo"], p["hi"])))]
    height = TOP + LINE * len(lines) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{_e(chart_id)}" class=whowhat width="{WIDTH}" '
             f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" font-size="12">']
    for v, anchor in ((lo, "start"), (hi, "end")):
        parts.append(f'<text x="{x(v):.1f}" y="{TOP - 10}" text-anchor="{anchor}" fill="#666">'
                     f'{_e(_fmt(v))}{_e(unit)}</text>')
    for k, (g, p, first) in enumerate(lines):
        y = TOP + LINE * k + LINE / 2
        name = f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{_e(g)}</text>' if first else ""
        parts.append(f'{name}<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        c = p["cell"]
        comp = c.get("comparator") or "="
        xl, xh = x(p["lo"]), x(p["hi"])
        quote = _e(c.get("text"))
        label = f"{MARK.get(comp, '')}{_fmt(p['lo'])}" + (f"–{_fmt(p['hi'])}" if p["hi"] != p["lo"] else "")
        shape = []
        if xh > xl:
            shape.append(f'<line x1="{xl:.1f}" x2="{xh:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#2b6cb0" '
                         f'stroke-width="5" stroke-linecap="round"/>')
        if comp in (">=", ">"):
            shape.append(f'<path d="M{xl - 5:.1f},{y - 6:.1f} L{xl + 6:.1f},{y:.1f} L{xl - 5:.1f},{y + 6:.1f} Z" '
                         f'fill="#2b6cb0"/>')
        elif comp in ("<=", "<"):
            shape.append(f'<path d="M{xh + 5:.1f},{y - 6:.1f} L{xh - 6:.1f},{y:.1f} L{xh + 5:.1f},{y + 6:.1f} Z" '
                         f'fill="#2b6cb0"/>')
        elif comp == "~":
            shape.append(f'<circle cx="{xl:.1f}" cy="{y:.1f}" r="5" fill="#fff" stroke="#2b6cb0" '
                         f'stroke-width="2"/>')
        else:
            shape.append(f'<circle cx="{xl:.1f}" cy="{y:.1f}" r="5" fill="#2b6cb0"/>')
        shape.append(f'<text x="{max(xl, xh) + 9:.1f}" y="{y + 4:.1f}" fill="#333">{_e(label)}</text>')
        body = f"<title>{_e(g)}: {quote}</title>{''.join(shape)}"
        link = href(p["doc_id"], c.get("start"), c.get("end"))
        if link:
            parts.append(f'<a class=dot href="{_e(link)}">{body}</a>')
        else:
            parts.append(f"<g class=dot>{body}</g>")
    parts.append("</svg>")
    return "".join(parts)


def targets_section(comparison: dict, *, href: Callable[[str, int | None, int | None], str | None] | None = None,
                    group_of: Callable[[str], str] | None = None, min_groups: int = 2,
                    max_charts: int = MAX_CHARTS) -> str:
    """HTML of the "who aims for what" section (see the module docstring). ``href`` gives the link of a
    document span (None: not linked); ``group_of`` the label of a document (default: its region, else
    ``unknown``)."""
    from policytext.compare.tables import group_of as default_group

    docs = {d["doc_id"]: d for d in comparison.get("documents") or []}
    group = group_of or (lambda doc_id: default_group(docs.get(doc_id, {"doc_id": doc_id}), "region"))
    link = href or (lambda _d, _s, _e: None)
    charts = []
    for row in comparison.get("target_rows") or []:
        if not row.get("indicator_id") or row.get("kind") != "target":
            continue
        for column in row.get("columns") or []:
            pts = _points(row, column, group)
            if len(pts) >= min_groups:
                charts.append((len(pts), row, column, pts))
    # named indicators first, then the rows of a class (one qualifier of it: 汽车 · class.value_added.growth)
    charts.sort(key=lambda t: (-t[0], (t[1].get("indicator_id") or "").startswith("class."),
                               t[1].get("dimension") or "", t[2]))
    out = ["<h2 id=who-aims-for-what>Who aims for what</h2>",
           "<p class=note>Per indicator of the catalog and per column (kind and year), each group's target in the "
           "canonical unit, groups sorted by value: ● exactly, ○ about, ▶ at least, ◀ at most, a bar for a range. "
           "Each dot links to its sentence.</p>"]
    if not charts:
        out.append("<p class=muted id=who-aims-for-what-empty>No catalog indicator has targets in two or more "
                   "groups.</p>")
        return "".join(out)
    for k, (n, row, column, pts) in enumerate(charts[:max_charts]):
        unit = row.get("canonical_unit") or ""
        rid = row.get("dimension") if (row.get("indicator_id") or "").startswith("class.") else row.get("indicator_id")
        out.append(f"<section class=whowhat-chart id=whowhat-{k}><h3>{_e(row.get('indicator'))} "
                   f"<code>{_e(rid)}</code> <span class=muted>{_e(column)} · {n} groups"
                   f"{' · ' + _e(unit) if unit else ''}</span></h3>"
                   f"<div class=scroll>{_chart(pts, unit, link, f'whowhat-svg-{k}')}</div></section>")
    if len(charts) > max_charts:
        out.append(f"<p class=note>{len(charts) - max_charts} more indicator charts are left out; the target "
                   f"table above lists them.</p>")
    return "".join(out)
