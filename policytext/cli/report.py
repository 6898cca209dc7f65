"""``policytext report FILE... -o report.html``: the comparison as a self-contained HTML page."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from policytext.cli.common import LONG_RUN, escape, report_error, silent_option
from policytext.cli.compare import exit_without_records, load_records


@click.command(help="Write a self-contained HTML report comparing the documents.")
@click.argument("inputs", nargs=-1)
@click.option("--records", "records_path", type=click.Path(exists=True, dir_okay=False),
              help="Also include the records of this JSONL.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The HTML file to write.")
@click.option("--title", default="policytext comparison", show_default=True)
@click.option("--reuse-min-chars", type=click.IntRange(min=8), default=30, show_default=True)
@silent_option()
def command(inputs, records_path, output, title, reuse_min_chars, silent) -> None:
    from policytext.compare import compare
    from policytext.report import render_html

    if not inputs and not records_path:
        raise click.UsageError("give files or directories, or --records FILE")
    records, failed = load_records(inputs, records_path, silent=silent)
    if not records:
        exit_without_records(failed)
    if not silent and len(records) >= LONG_RUN:
        click.echo(f"comparing {len(records)} documents…", err=True)
    page = render_html(compare(records, reuse_min_chars=reuse_min_chars), records, title=title)
    try:
        Path(output).write_text(page, encoding="utf-8")
    except OSError as e:
        report_error(output, e)
        sys.exit(1)
    if not silent:
        note = " (one document: nothing to compare it with)" if len(records) == 1 else ""
        click.echo(f"wrote {escape(output)}: {len(records)} document{'s' if len(records) > 1 else ''}{note}", err=True)
    sys.exit(1 if failed else 0)
