"""Tables as structure, and indicator tables (主要指标表) as targets.

Readers linearize a table one row per line with cells separated by ``\\t`` (HTML ``<table>``, docx/doc/wps
tables, PDF tables found by pdfplumber). :func:`tables_of` finds those rows in a Document's raw text and maps
every cell to the normalized text (``Document.text[cell.start:cell.end] == cell.text``), so the structure
survives normalization even where it joins cells.

:func:`indicator_rows` reads an indicator table: a header row naming two or more years (2020年 / 基期值
（2020年） / 2025年目标), an indicator column (指标), optionally a unit column (单位) and an attribute column
(属性: 预期性 / 约束性). For each data row, the base-year cell gives a ``baseline`` Target and the goal-year
cell a ``target`` Target, with the unit from the unit column, the indicator's parentheses (``城镇化率（%）``)
or the year column's header (``2025年（亿元）``), 万/亿 multiplied out as the gold conventions ask.
Cells that are not figures (—, /, words) give no record; a bracketed total over the plan period (〔14.2〕) is a figure.

The rules are in the tables below (ids in comments); nothing here is specific to one document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from policytext.records import Cell, Document, Table, Target
from policytext.shape import YEAR

__all__ = ["IndicatorRow", "indicator_rows", "merge_table_targets", "table_targets", "tables_of"]

# T1 header cues: which column holds what
_INDICATOR_HEAD = re.compile(r"指\s*标(?:名称)?$|^项\s*目$|名\s*称$|^内\s*容$|指标名称|主要指标")
_UNIT_HEAD = re.compile(r"^(?:计量)?单\s*位")
_ATTR_HEAD = re.compile(r"属\s*性|^性\s*质$|指标类型")
_CATEGORY_HEAD = re.compile(r"^(?:类\s*别|领\s*域|类\s*型|序\s*号|分\s*类)$")
# T2 a year in a header cell, and words marking the base / goal column when the years alone do not
_YEAR = re.compile(r"(" + YEAR + r")\s*年?")
_BASE_WORD = re.compile(r"基期|基准|现状|基数")
_GOAL_WORD = re.compile(r"目标|规划|预期值")
_RATE_HEAD = re.compile(r"年均|增速|增长|累计|变化|增减")  # 年均增长（%）: a rate column, not a year value
# T3 attributes
_ATTRIBUTES = (("约束性", "约束性"), ("约束", "约束性"), ("预期性", "预期性"), ("预期", "预期性"))
# T4 a figure in a cell: comparator before/after and the number
_CELL = re.compile(r"^(?P<cmp>[<>≤≥＜＞]|不低于|不高于|不少于|不超过|大于|小于|高于|低于|超过|达到)?\s*"
                   r"(?P<num>\d+(?:\.\d+)?)\s*(?P<tail>%|％)?\s*(?P<word>左右|以上|以下|以内)?$")
_CMP = {"<": "<=", "＜": "<=", "≤": "<=", "小于": "<=", "低于": "<=", "不高于": "<=", "不超过": "<=",
        ">": ">=", "＞": ">=", "≥": ">=", "大于": ">=", "高于": ">=", "不低于": ">=", "不少于": ">=", "超过": ">=",
        "达到": "=", "": "="}
_CMP_AFTER = {"左右": "~", "以上": ">=", "以下": "<=", "以内": "<="}
# T5 unit in parentheses, and 万/亿 prefixes multiplied out
_PAREN_UNIT = re.compile(r"[（(]\s*(?:单位[:：]\s*)?(?P<unit>[^（()）\d，,]{1,8}?)\s*(?:[，,]\s*(?P<cmp>[<>≤≥＜＞]=?))?\s*[)）]\s*$")
# T6 a wide table: each year column measures its own thing (2025年PM2.5浓度 / 2026年优良天数比率目标值) for the
# rows' places; what a column measures is its header without the year, the base/goal word and the unit
_MEASURE_NOISE = re.compile(r"(?:" + YEAR + r")\s*年(?:度|底|末)?|[（(][^（()）]*[)）]|目标值|目标|基期值|基期|基准值|现状值|预期值|规划值")
_HEAD_UNIT = re.compile(r"单位[:：]\s*(?P<unit>[^\s，,;；)）]{1,8})")
_FACTORS = (("万亿", 1e12), ("万", 1e4), ("亿", 1e8), ("千", 1e3), ("百万", 1e6))
_NOT_UNIT = re.compile(r"^(?:含|不含|累计|年均|预期性|约束性|\d)")


@dataclass(frozen=True)
class IndicatorRow:
    """One row of an indicator table: its indicator, unit and attribute, and the records it gives."""

    indicator: str
    unit: str
    attribute: str | None
    baseline: Target | None
    target: Target | None
    row: int  # index in Table.rows


def tables_of(doc: Document) -> list[Table]:
    """Runs of two or more tab-separated lines in ``doc.raw_text``, cells mapped to ``doc.text``."""
    raw = doc.raw_text
    if "\t" not in raw:
        return []
    tables: list[Table] = []
    run: list[list[tuple[int, int]]] = []
    pos = 0
    for line in raw.split("\n") + [""]:
        start, pos = pos, pos + len(line) + 1
        if "\t" in line:
            cells, at = [], start
            for part in line.split("\t"):
                lead = len(part) - len(part.lstrip())
                cells.append((at + lead, at + len(part.rstrip())))
                at += len(part) + 1
            run.append(cells)
            continue
        if len(run) >= 2:
            tables.append(_table_of(doc, run))
        run = []
    return tables


def _table_of(doc: Document, run: list[list[tuple[int, int]]]) -> Table:
    """A run of rows of raw-text cell spans as a Table of cells mapped to ``doc.text`` (an empty cell keeps its
    place)."""
    chain = doc.offsets

    def norm(s: int, e: int) -> tuple[int, int]:
        return chain.to_normalized(s, e) if chain is not None else (s, e)

    rows = []
    for cells in run:
        row = []
        for s, e in cells:
            ns, ne = norm(s, e) if e > s else (norm(s, s)[0],) * 2
            row.append(Cell(text=doc.text[ns:ne], start=ns, end=ne))
        rows.append(row)
    first, last = rows[0][0], rows[-1][-1]
    return Table(start=first.start, end=max(last.end, first.start), rows=rows)


_SPACED_SEP = re.compile(r"[ \u3000]{2,}|\u3000")
_SPACED_PROBE = re.compile(r"\S(?:[ \u3000]{2,}|\u3000)[≥≤<>]?-?\d[\d.]*(?:[ \u3000]|$)", re.M)


def _spaced_cells(line: str, start: int) -> list[tuple[int, int]] | None:
    """T7: a line of three or more cells aligned by runs of spaces, as spans into the raw text."""
    body = line.strip(" \u3000")
    if len(body) > 160 or not _SPACED_SEP.search(body):
        return None
    at = start + len(line) - len(line.lstrip(" \u3000"))
    cells = []
    for part in re.split(r"((?:[ \u3000]{2,}|\u3000)+)", body):
        if part.strip(" \u3000"):
            cells.append((at, at + len(part)))
        at += len(part)
    return cells if len(cells) >= 3 else None


def spaced_tables(doc: Document) -> list[Table]:
    """T7: tables a text page aligned with runs of spaces (a statistics bulletin's 指标名称   单位   绝对数
    比上年增长（%）): three or more consecutive lines of the same number (three or more) of cells, cells mapped
    to ``doc.text``. Read for records only (not part of the parsed structure, which keeps the readers' tables)."""
    raw = doc.raw_text
    if not _SPACED_PROBE.search(raw):
        return []  # no line ends in a figure after a run of spaces
    tables: list[Table] = []
    run: list[list[tuple[int, int]]] = []
    pos = 0
    for line in raw.split("\n") + [""]:
        start, pos = pos, pos + len(line) + 1
        cells = _spaced_cells(line, start) if "\t" not in line else None
        if cells and (not run or len(cells) == len(run[0])):
            run.append(cells)
            continue
        if len(run) >= 3:
            tables.append(_table_of(doc, run))
        run = [cells] if cells else []
    return tables


# T7 a table of values (统计公报: 指标名称 / 单位 / 绝对数 / 比上年增长（%）): a result of the year its caption names
_VALUE_HEAD = re.compile(r"^(?:绝对数|绝对值|数值|总量|总额|金额|数量|本年|本期|本月|全年|实绩|完成数?|实际完成|累计|"
                         r"\d{1,2}\s*[—\-–~至]\s*\d{1,2}\s*月|\d{1,2}\s*月)")
_GROWTH_HEAD = re.compile(r"(?:比上年|同比|比去年同期)?(?:增长|增减|增速|±)")


def value_table_targets(doc: Document, tables: list[Table] | None = None) -> list[Target]:
    """T7: rows of a table of values with a unit column: the value (万/亿 multiplied out) and its growth in
    percent, results (achievement) of the year the caption above the table names (表1　2025年…主要指标)."""
    out: list[Target] = []
    for table in (tables if tables is not None else spaced_tables(doc) + list(doc.tables or [])):
        rows = table.rows
        if len(rows) < 2 or _header(rows) is not None:
            continue  # an indicator table (two years) is read by indicator_rows
        head = [re.sub(r"\s+", "", c.text) for c in rows[0]]
        ind = next((k for k, t in enumerate(head) if _INDICATOR_HEAD.search(t)), None)
        unit_col = next((k for k, t in enumerate(head) if _UNIT_HEAD.search(t)), None)
        value_col = next((k for k, t in enumerate(head) if _VALUE_HEAD.search(t)), None)
        growth_col = next((k for k, t in enumerate(head) if k != value_col and _GROWTH_HEAD.search(t)
                           and ("%" in t or "％" in t)), None)
        if value_col is None and unit_col is not None:
            # 产品名称 / 单位 / 产量 / 比上年增长(%): the first column after the unit that is no growth holds the value
            value_col = next((k for k in range(unit_col + 1, len(head)) if k != growth_col), None)
        if ind is None or unit_col is None or value_col is None:
            continue
        # the caption: the last line above the table that is not blank (表1　2025年…主要指标)
        above = doc.text[max(0, table.start - 300):table.start].rstrip().rsplit("\n", 1)
        caption = above[-1] if above else ""
        ym = _YEAR.search(caption)
        year = int(ym.group(1)) if ym else None
        for row in rows[1:]:
            if len(row) != len(head):
                continue
            name = re.sub(r"^(?:[#＃]|其中[：:])\s*", "", row[ind].text.strip()).strip()  # #国内游客, 其中：玉米
            unit, factor = _unit_factor(row[unit_col].text)
            if not name or _NOT_UNIT.match(unit) or not unit:
                continue
            for col, is_growth in ((value_col, False), (growth_col, True)):
                if col is None:
                    continue
                m = re.fullmatch(r"([-－−])?(\d+(?:\.\d+)?)", re.sub(r"\s+", "", row[col].text))
                if not m:
                    continue
                number = Decimal(m.group(2)) * (-1 if m.group(1) else 1)
                value = float(number) if is_growth else float(number * Decimal(repr(factor)))
                start, end = row[ind].start, row[col].end
                out.append(Target(
                    indicator=name + ("比上年增长" if is_growth else ""), scope=None, value=value,
                    unit="%" if is_growth else unit, comparator="=", year=year, recurring=None, kind="achievement",
                    text=doc.text[start:end], start=start, end=end, damaged=doc.is_damaged(start, end),
                    attribute=None, rule=["table.values", "table.growth_column" if is_growth else "table.value_column"]))
    return out


def _unit_factor(unit: str) -> tuple[str, float]:
    unit = unit.strip().replace("％", "%")
    for prefix, factor in _FACTORS:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return unit[len(prefix):], factor
    return unit, 1.0


def _attribute(text: str) -> str | None:
    for word, attr in _ATTRIBUTES:
        if word in text:
            return attr
    return None


def _header(rows: list[list[Cell]]) -> tuple[int, dict] | None:
    """(index of the header row, column roles) of an indicator table, from its first three rows."""
    for h, row in enumerate(rows[:3]):
        years: dict[int, int] = {}
        roles: dict = {"indicator": None, "unit": None, "attribute": None, "category": None, "unit_text": None}
        for k, cell in enumerate(row):
            t = re.sub(r"\s+", "", cell.text)
            m = _YEAR.search(t)
            if m and not _RATE_HEAD.search(t):
                years[k] = int(m.group(1))
            elif _UNIT_HEAD.search(t):
                roles["unit"] = k
            elif _ATTR_HEAD.search(t):
                roles["attribute"] = k
            elif _INDICATOR_HEAD.search(t) and roles["indicator"] is None:
                roles["indicator"] = k
            elif _CATEGORY_HEAD.search(t):
                roles["category"] = k
            u = _HEAD_UNIT.search(t)
            if u:
                roles["unit_text"] = u.group("unit")
        if len(years) < 2:
            continue
        cols = sorted(years, key=lambda k: (years[k], k))
        base = next((k for k in years if _BASE_WORD.search(row[k].text)), cols[0])
        goal = next((k for k in years if _GOAL_WORD.search(row[k].text) and k != base), cols[-1])
        if years[goal] <= years[base] and goal == cols[-1]:
            continue
        roles.update(years=years, base=base, goal=goal, width=len(row))
        if roles["indicator"] is None:
            roles["indicator"] = next((k for k in range(len(row)) if k not in years and k != roles["unit"]
                                       and k != roles["attribute"] and k != roles["category"]), None)
        if roles["indicator"] is None:
            continue
        roles["measures"] = {k: _MEASURE_NOISE.sub("", re.sub(r"\s+", "", row[k].text)) for k in years}
        return h, roles
    return None


def _column_unit(cell: Cell) -> tuple[str, str | None]:
    """(unit, comparator) a header cell's parentheses give: （微克/立方米，≤） → ("微克/立方米", "<=")."""
    m = _PAREN_UNIT.search(cell.text)
    if not m:
        return "", None
    return m.group("unit"), _CMP.get(m.group("cmp") or "", None) if m.group("cmp") else None


def _wide_groups(roles: dict) -> list[tuple[str, int | None, int]] | None:
    """T6: (measure, base column or None, goal column) per measure when the year columns measure two or more
    different things (a table of places by indicator), else None."""
    measures = roles["measures"]
    names = list(dict.fromkeys(m for m in measures.values() if m))
    if len(names) < 2:
        return None
    years = roles["years"]
    top = max(years.values())
    out = []
    for name in names:
        cols = sorted((k for k in measures if measures[k] == name), key=lambda k: (years[k], k))
        goal = cols[-1]
        base = cols[0] if len(cols) > 1 and years[cols[0]] < years[goal] else None
        if base is None and years[goal] < top:
            out.append((name, goal, -1))  # a measure only of the base year: a baseline alone
        else:
            out.append((name, base, goal))
    return out


def _value(cell: Cell) -> tuple[float, str, bool] | None:
    """(number, comparator, has %) of a figure cell, None for a dash or words (a bracketed total 〔14.2〕 is a figure)."""
    t = re.sub(r"\s+", "", cell.text)
    if re.fullmatch(r"[〔\[［][\d.]+[〕\]］]", t):
        t = t[1:-1]  # 〔14.2〕: a total over the plan period, a figure all the same
    m = _CELL.match(t)
    if not m:
        return None
    comparator = _CMP_AFTER.get(m.group("word") or "", _CMP.get(m.group("cmp") or "", "="))
    return float(m.group("num")), comparator, bool(m.group("tail"))


def indicator_tables(doc: Document, tables: list[Table] | None = None) -> list[Table]:
    """The tables of ``doc`` that read as indicator tables (a header row with two or more years)."""
    tables = tables if tables is not None else (doc.tables or tables_of(doc))
    return [t for t in tables if _header(t.rows) is not None]


def indicator_rows(doc: Document, tables: list[Table] | None = None) -> list[IndicatorRow]:
    """Indicator-table rows of ``doc`` (its ``tables``, else :func:`tables_of`) with their records."""
    tables = tables if tables is not None else (doc.tables or tables_of(doc))
    out: list[IndicatorRow] = []
    for table in tables:
        head = _header(table.rows)
        if head is None:
            continue
        h, roles = head
        width = roles["width"]
        header = table.rows[h]
        for r, row in enumerate(table.rows[h + 1:], start=h + 1):
            if not row:
                continue
            shift = width - len(row)  # a merged (rowspan) category cell left out: align on the right
            if shift < 0 or (shift and roles["indicator"] - shift < 0):
                continue

            def cell(k: int | None, row=row, shift=shift) -> Cell | None:
                if k is None or not 0 <= k - shift < len(row):
                    return None
                return row[k - shift]

            ind = cell(roles["indicator"])
            if ind is None or not ind.text.strip() or _CELL.match(re.sub(r"\s+", "", ind.text)):
                continue
            name = ind.text.strip()
            unit = ""
            pm = _PAREN_UNIT.search(name)
            if roles["unit"] is not None and cell(roles["unit"]) is not None and cell(roles["unit"]).text.strip():
                unit = cell(roles["unit"]).text.strip()
            elif pm:
                unit = pm.group("unit")
            else:
                hm = _PAREN_UNIT.search(header[roles["goal"]].text) or _PAREN_UNIT.search(header[roles["base"]].text)
                unit = hm.group("unit") if hm else (roles["unit_text"] or "")
            if pm:
                name = name[:pm.start()].strip()
            if _NOT_UNIT.match(unit) or re.fullmatch(r"[—\-－–/／\s]*", unit):
                unit = ""  # 单位 “—”: no unit
            if not unit and re.search(r"倍差|倍数|倍$", name):
                unit = "倍"  # 城乡居民收入倍差 1.62: a ratio counted in 倍
            attr_cell = cell(roles["attribute"])
            attribute = _attribute(attr_cell.text) if attr_cell is not None else None
            if attribute is None:
                attribute = next((a for c in row if (a := _attribute(c.text)) and len(c.text.strip()) <= 4), None)
            wide = _wide_groups(roles) if roles["unit"] is None and not pm else None
            groups = [(name, None, roles["base"], roles["goal"], unit, None)] if wide is None else [
                (measure, name, base, goal, *_column_unit(header[goal if goal >= 0 else base]))
                for measure, base, goal in wide]
            for indicator, scope, base, goal, g_unit, head_cmp in groups:
                records: dict[str, Target | None] = {"baseline": None, "target": None}
                for kind, col in (("baseline", base), ("target", goal)):
                    c = cell(col) if col is not None and col >= 0 else None
                    v = _value(c) if c is not None else None
                    if v is None:
                        continue
                    number, comparator, pct = v
                    if kind == "target" and head_cmp and comparator == "=" and not re.search(r"[<>≤≥＜＞达]", c.text):
                        comparator = head_cmp  # T6: 目标值（%，≥）: the header's sign bounds every cell under it
                    base_unit, factor = _unit_factor(g_unit or ("%" if pct else ""))
                    start, end = ind.start, c.end
                    value = float(Decimal(repr(number)) * Decimal(repr(factor)))  # exact: 5.1 × 万 is 51000
                    records[kind] = Target(
                        indicator=indicator, scope=scope, value=value, unit=base_unit, comparator=comparator,
                        year=roles["years"][col], recurring=None, kind=kind, text=doc.text[start:end],
                        start=start, end=end, damaged=doc.is_damaged(start, end), attribute=attribute,
                        rule=["table.indicator_row", f"table.{kind}_column"] + (["table.wide"] if wide else [])
                        + (["table.attribute"] if attribute else []))
                if records["baseline"] or records["target"]:
                    out.append(IndicatorRow(indicator=indicator if scope is None else scope + indicator,
                                            unit=_unit_factor(g_unit)[0] if g_unit else "",
                                            attribute=attribute, baseline=records["baseline"],
                                            target=records["target"], row=r))
    return out


def table_targets(doc: Document, tables: list[Table] | None = None) -> list[Target]:
    """The baseline and target records of every indicator-table row, in text order."""
    out = [t for row in indicator_rows(doc, tables) for t in (row.baseline, row.target) if t is not None]
    return sorted(out, key=lambda t: (t.start, t.end))


_HEAD_PAREN_UNIT = re.compile(r"^(?P<measure>[^（(]{2,20})[（(](?P<unit>[^（()）]{1,8})[)）]$")
_PER = {"月": "monthly", "年": "yearly", "人": None, "次": None}


def matrix_table_targets(doc: Document, tables: list[Table], kind: str) -> list[Target]:
    """T8: a table of categories by measures — 人才层次 / 安家补贴（万元） / 租房补贴（元/月）, then A类 / 300 / ——: each
    cell under a measure whose header names its unit is a figure of that measure for the row's category (its
    scope), 万 multiplied out, a per-month unit read as monthly. ``kind``: what a figure of this document is (a
    policy's standard: target; a report's: achievement)."""
    out: list[Target] = []
    for table in tables:
        rows = table.rows
        if len(rows) < 2 or _header(rows) is not None:
            continue
        head = [re.sub(r"\s+", "", c.text) for c in rows[0]]
        if len(head) < 2 or any(_UNIT_HEAD.search(t) for t in head):
            continue
        measures = {k: m for k, t in enumerate(head) if k > 0 and (m := _HEAD_PAREN_UNIT.match(t))}
        if len(measures) < max(1, (len(head) - 1) // 2 + (len(head) - 1) % 2):
            continue  # most value columns must name their unit
        for row in rows[1:]:
            if len(row) != len(head) or not row[0].text.strip():
                continue
            scope = row[0].text.strip()
            for k, m in measures.items():
                v = _value(row[k])
                if v is None:
                    continue
                number, comparator, _pct = v
                unit_text = m.group("unit")
                per = unit_text.split("/", 1)[1] if "/" in unit_text else ""
                base_unit, factor = _unit_factor(unit_text.split("/", 1)[0])
                if not base_unit or _NOT_UNIT.match(base_unit):
                    continue
                start, end = row[0].start, row[k].end
                out.append(Target(
                    indicator=m.group("measure"), scope=scope, value=float(Decimal(repr(number)) * Decimal(repr(factor))),
                    unit=base_unit, comparator=comparator, year=None, recurring=_PER.get(per), kind=kind,
                    text=doc.text[start:end], start=start, end=end, damaged=doc.is_damaged(start, end),
                    attribute=None, rule=["table.matrix"]))
    return out


def merge_table_targets(doc: Document, targets: list[Target], genre: str | None = None) -> list[Target]:
    """``targets`` found by the text rules, with those inside an indicator table replaced by the table's
    records (the text rules see the table only as flattened cells). Tables that give no rows change nothing.
    ``genre``: the document's (the pipeline's context already knows it); judged here only when not given and a
    table needs it."""
    tables = list(doc.tables or tables_of(doc)) + spaced_tables(doc)
    spans = [(t.start, t.end) for t in indicator_tables(doc, tables)]
    rows = table_targets(doc, tables) if spans else []
    values = value_table_targets(doc, tables)
    if not values and tables:
        if genre is None:
            from policytext.extractors.targets import document_genre

            genre = document_genre(doc.text, doc.metadata.title if doc.metadata else None)
        values = matrix_table_targets(doc, tables, "achievement" if genre == "report" else "target")
    if values:
        spans += [(t.start, t.end) for t in values]  # the row spans: a value table's rows, not its caption
    if not rows and not values:
        return list(targets)
    rows = sorted(rows + values, key=lambda t: (t.start, t.end))
    kept = [t for t in targets if not any(a <= t.start < b for a, b in spans)]
    return sorted(kept + rows, key=lambda t: (t.start, t.end))
