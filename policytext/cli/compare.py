"""``policytext compare FILE...``: mechanism and target rows across documents, similarity, reuse."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from policytext.cli.common import LONG_RUN, expand_inputs, format_option, progress, report_error, silent_option


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
    if inputs and not paths:
        click.echo(f"error: no input files found in {', '.join(map(str, inputs))}", err=True)
    for path in progress(paths, "extract", enabled=not silent):
        try:
            if is_sqlite(path):  # a store written by `policytext batch`: its documents, all or none
                records.extend(list(iter_documents(path)))
            else:
                records.append(process_bytes(path.read_bytes(), str(path)))
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
                "kind", "text"])
    docs = {d["doc_id"]: d for d in c["documents"]}
    for row in c["mechanism_rows"]:
        for doc_id, cells in row["cells"].items():
            d = docs.get(doc_id, {})
            for x in cells:
                w.writerow(["mechanism", row["label"], doc_id, d.get("source"), d.get("region"), x["mechanism"],
                            x["component"], "", "", "", "", ""])
    for row in c["target_rows"]:
        for doc_id, cells in row["cells"].items():
            d = docs.get(doc_id, {})
            for x in cells:
                w.writerow(["target", row["indicator"], doc_id, d.get("source"), d.get("region"), "", "", x["value"],
                            x["unit"], x["year"], x["kind"], x["text"]])
    return buf.getvalue()


def to_markdown(c: dict) -> str:
    docs = c["documents"]
    names = [d.get("region") or Path(str(d.get("source"))).stem for d in docs]

    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = ["## Mechanisms", "", "| dimension | " + " | ".join(names) + " |", "|---" * (len(docs) + 1) + "|"]
    for row in c["mechanism_rows"]:
        vals = ["、".join(x["component"] or x["mechanism"] for x in row["cells"].get(d["doc_id"], [])) or "–"
                for d in docs]
        lines.append(f"| {cell(row['label'])} | " + " | ".join(cell(v) for v in vals) + " |")
    lines += ["", "## Targets", "", "| indicator | " + " | ".join(names) + " |", "|---" * (len(docs) + 1) + "|"]
    for row in c["target_rows"]:
        vals = ["; ".join(f"{x['value']}{x['unit'] or ''}{' ' + str(x['year']) if x['year'] else ''}"
                          for x in row["cells"].get(d["doc_id"], [])) or "–" for d in docs]
        lines.append(f"| {cell(row['indicator'])} | " + " | ".join(cell(v) for v in vals) + " |")
    return "\n".join(lines) + "\n"


@click.command(help="Compare documents: aligned mechanism and target rows, similarity, reused passages.")
@click.argument("inputs", nargs=-1)
@click.option("--records", "records_path", type=click.Path(exists=True, dir_okay=False),
              help="Also compare the records of this JSONL (from `policytext extract --format jsonl`).")
@format_option(("json", "csv", "markdown", "html"), "json")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--reuse-min-chars", type=click.IntRange(min=8), default=30, show_default=True)
@silent_option()
def command(inputs, records_path, fmt, output, reuse_min_chars, silent) -> None:
    from policytext.compare import compare

    if not inputs and not records_path:
        raise click.UsageError("give files or directories to compare, or --records FILE")
    records, failed = load_records(inputs, records_path, silent=silent)
    if not records:
        exit_without_records(failed)
    if not silent:
        if len(records) == 1:
            click.echo("note: only one document: rows have one column, there is nothing to compare it with", err=True)
        elif len(records) >= LONG_RUN:
            click.echo(f"comparing {len(records)} documents…", err=True)
    c = compare(records, reuse_min_chars=reuse_min_chars)
    if fmt == "json":
        text = json.dumps(c, ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        text = to_csv(c)
    elif fmt == "markdown":
        text = to_markdown(c)
    else:
        from policytext.report import render_html

        text = render_html(c, records)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            report_error(output, e)
            sys.exit(1)
    else:
        sys.stdout.write(text)
    sys.exit(1 if failed else 0)
