"""``policytext compare FILE...``: mechanism and target rows across documents, similarity, reuse."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from policytext.cli.common import LONG_RUN, expand_inputs, format_option, progress, report_error, silent_option
from policytext.read import read_file


def load_records(inputs, records_path, *, silent: bool = False) -> tuple[list[dict], int]:
    """Records of a JSONL file and of every input file (extracted here); bad lines and files are reported on
    stderr and counted, a document given twice is compared once."""
    from policytext.pipeline import process_bytes
    from policytext.store import is_sqlite, iter_documents

    records: list[dict] = []
    failed = 0
    if records_path:
        try:
            lines = Path(records_path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            report_error(str(records_path), e)
            lines, failed = [], failed + 1
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                report_error(f"{records_path}:{n}", e)
                failed += 1
                continue
            if not isinstance(rec, dict) or not rec.get("doc_id"):
                report_error(f"{records_path}:{n}", ValueError("not a document record (no doc_id)"))
                failed += 1
                continue
            records.append(rec)
    paths = expand_inputs(inputs)
    failed += paths.problems  # each refused or empty input was reported by expand_inputs
    for path in progress(paths, "extract", enabled=not silent):
        try:
            if is_sqlite(path):  # a store written by `policytext batch`: its documents, all or none
                records.extend(list(iter_documents(path)))
            else:
                records.append(process_bytes(read_file(path), str(path)))  # regular files only, capped
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the comparison
            report_error(str(path), e)
            failed += 1
    seen: dict[str, str] = {}
    unique = []
    for r in records:
        if r["doc_id"] in seen:
            if not silent:
                click.echo(f"note: {r.get('source')}: same document as {seen[r['doc_id']]}, compared once", err=True)
            continue
        seen[r["doc_id"]] = str(r.get("source"))
        unique.append(r)
    return unique, failed


def exit_without_records(failed: int) -> None:
    """The clear message (and exit code 1) for a run with nothing to compare."""
    click.echo("error: no documents to compare" + (": no input could be read" if failed else ""), err=True)
    sys.exit(1)


def to_csv(c: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["row_type", "row", "doc_id", "source", "region", "mechanism", "component", "value", "unit", "year",
                "kind", "text", "row_id", "indicator_id", "measure", "column", "comparator", "value_max",
                "canonical_value", "canonical_value_max", "canonical_unit", "start", "end"])
    docs = {d["doc_id"]: d for d in c["documents"]}
    for row in c["mechanism_rows"]:
        for doc_id, cells in row["cells"].items():
            d = docs.get(doc_id, {})
            for x in cells:
                w.writerow(["mechanism", row["label"], doc_id, d.get("source"), d.get("region"), x["mechanism"],
                            x["component"], "", "", "", "", "", row.get("dimension"), "", "", "", "", "", "", "", "",
                            x.get("start"), x.get("end")])
    for row in c["target_rows"]:
        for doc_id, cells in row["cells"].items():
            d = docs.get(doc_id, {})
            for x in cells:
                w.writerow(["target", row["indicator"], doc_id, d.get("source"), d.get("region"), "", "", x["value"],
                            x["unit"], x["year"], x["kind"], x["text"], row.get("dimension"), x.get("indicator_id"),
                            x.get("measure"), x.get("column"), x.get("comparator"), x.get("value_max"),
                            x.get("canonical_value"), x.get("canonical_value_max"), x.get("canonical_unit"),
                            x.get("start"), x.get("end")])
    return buf.getvalue()


def md_cell(s) -> str:
    """A Markdown table cell: ``|`` escaped, line breaks as spaces, HTML special characters as entities (a
    document's text must not become markup)."""
    import html

    s = "" if s is None else str(s)
    s = html.escape(s, quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(s.split())


def _figure(x: dict) -> str:
    comp = {">=": "≥", "<=": "≤", "~": "~", ">": ">", "<": "<"}.get(x.get("comparator") or "", "")
    val = x.get("written_value") if x.get("written_value") is not None else x.get("value")
    unit = x.get("written_unit") if x.get("written_value") is not None else x.get("unit")
    col = x.get("column") or (str(x["year"]) if x.get("year") else "")
    return f"{comp}{val}{unit or ''}" + (f" ({col})" if col else "")


def to_markdown(c: dict, group_by: str = "region") -> str:
    """Mechanism and target rows × groups (regions by default; documents without one in a single
    ``unknown`` column)."""
    from policytext.compare.tables import UNKNOWN, group_of

    docs = c["documents"]
    group = {d["doc_id"]: group_of(d, group_by) for d in docs}
    if group_by == "document":
        group = {d["doc_id"]: Path(str(d.get("source"))).stem or d["doc_id"] for d in docs}
    names = list(dict.fromkeys(g for g in group.values() if g != UNKNOWN))
    if UNKNOWN in group.values():
        names.append(UNKNOWN)

    def by_group(cells: dict) -> dict[str, list]:
        out: dict[str, list] = {}
        for doc_id, xs in cells.items():
            out.setdefault(group.get(doc_id, UNKNOWN), []).extend(xs)
        return out

    head = " | ".join(md_cell(n) for n in names)
    lines = ["## Mechanisms", "", f"| dimension | {head} |", "|---" * (len(names) + 1) + "|"]
    for row in c["mechanism_rows"]:
        g = by_group(row["cells"])
        vals = ["、".join(dict.fromkeys(x["component"] or x["mechanism"] for x in g.get(n, []))) or "–"
                for n in names]
        lines.append(f"| {md_cell(row['label'])} | " + " | ".join(md_cell(v) for v in vals) + " |")
    lines += ["", "## Targets", "", f"| indicator | id | {head} |", "|---" * (len(names) + 2) + "|"]
    for row in c["target_rows"]:
        g = by_group(row["cells"])
        vals = ["; ".join(_figure(x) for x in g.get(n, [])) or "–" for n in names]
        rid = row.get("indicator_id") or row.get("dimension") or ""
        lines.append(f"| {md_cell(row['indicator'])} | {md_cell(rid)} | " + " | ".join(md_cell(v) for v in vals)
                     + " |")
    return "\n".join(lines) + "\n"


@click.command(help="Compare documents: aligned mechanism and target rows, similarity, reused passages. "
                    "With --table targets: the target matrix, one row per group, indicator, measure, year and kind "
                    "(docs/CONTRACTS.md).")
@click.argument("inputs", nargs=-1)
@click.option("--records", "records_path", type=click.Path(exists=True, dir_okay=False),
              help="Also compare the records of this JSONL (from `policytext extract --format jsonl`).")
@format_option(("json", "csv", "markdown", "html", "parquet"), "json")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--table", "table", type=click.Choice(["targets"]), default=None,
              help="Write only this table: targets = the target matrix (csv, parquet, json or markdown).")
@click.option("--wide", is_flag=True, help="With --table targets: one row per group, one column per indicator "
                                           "and year (the targets' canonical values).")
@click.option("--group-by", "group_by", type=click.Choice(["region", "issuer", "site", "document"]),
              default="region", show_default=True,
              help="What a column (markdown) or group (--table) is; documents without one share 'unknown'.")
@click.option("--reuse-min-chars", type=click.IntRange(min=8), default=30, show_default=True)
@silent_option()
def command(inputs, records_path, fmt, output, table, wide, group_by, reuse_min_chars, silent) -> None:
    from policytext.compare import compare

    if not inputs and not records_path:
        raise click.UsageError("give files or directories to compare, or --records FILE")
    if fmt == "parquet" and (not output or table != "targets"):
        raise click.UsageError("--format parquet needs --table targets and -o FILE")
    if wide and table != "targets":
        raise click.UsageError("--wide needs --table targets")
    if table and fmt == "html":
        raise click.UsageError("--table writes json, csv, markdown or parquet")
    records, failed = load_records(inputs, records_path, silent=silent)
    if not records:
        exit_without_records(failed)
    if not silent:
        if len(records) == 1:
            click.echo("note: only one document: rows have one column, there is nothing to compare it with", err=True)
        elif len(records) >= LONG_RUN:
            click.echo(f"comparing {len(records)} documents…", err=True)
    if table == "targets":
        write_target_table(records, fmt, output, wide=wide, group_by=group_by)
        sys.exit(1 if failed else 0)
    c = compare(records, reuse_min_chars=reuse_min_chars)
    if fmt == "json":
        text = json.dumps(c, ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        text = to_csv(c)
    elif fmt == "markdown":
        text = to_markdown(c, group_by)
    else:
        from policytext.report import render_html

        text = render_html(c, records)
    _write(text, output)
    sys.exit(1 if failed else 0)


def _write(text: str, output) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            report_error(output, e)
            sys.exit(1)
    else:
        sys.stdout.write(text)


def write_target_table(records: list[dict], fmt: str, output, *, wide: bool, group_by: str) -> None:
    """The target matrix of ``records`` (long, or ``wide``) in ``fmt`` to ``output`` (stdout without)."""
    from policytext.compare import tables

    rows = tables.target_table_from_records(records, group_by=group_by)
    if wide:
        cols, rows = tables.wide_table(rows)
    else:
        cols = tables.target_columns()
    if fmt == "parquet":
        try:
            tables.write_parquet(cols, rows, output, wide=wide)
        except OSError as e:
            report_error(output, e)
            sys.exit(1)
        return
    if fmt == "csv":
        text = tables.to_csv(cols, rows)
    elif fmt == "json":
        text = json.dumps({"columns": cols, "rows": rows}, ensure_ascii=False, indent=1) + "\n"
    else:
        text = "| " + " | ".join(md_cell(c) for c in cols) + " |\n" + "|---" * len(cols) + "|\n" + "".join(
            "| " + " | ".join(md_cell(r.get(c)) for c in cols) + " |\n" for r in rows)
    _write(text, output)
