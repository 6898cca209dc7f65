"""``policytext report FILE... -o report.html``: the comparison as a self-contained HTML page."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from policytext.cli.compare import load_records


@click.command(help="Write a self-contained HTML report comparing the documents.")
@click.argument("inputs", nargs=-1)
@click.option("--records", "records_path", type=click.Path(exists=True, dir_okay=False),
              help="Also include the records of this JSONL.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The HTML file to write.")
@click.option("--title", default="policytext comparison", show_default=True)
def command(inputs, records_path, output, title) -> None:
    from policytext.compare import compare
    from policytext.report import render_html

    if not inputs and not records_path:
        raise click.UsageError("give files or directories, or --records FILE")
    records, failed = load_records(inputs, records_path)
    if not records:
        click.echo("error: no document could be read", err=True)
        sys.exit(1)
    Path(output).write_text(render_html(compare(records), records, title=title), encoding="utf-8")
    click.echo(f"wrote {output}", err=True)
    sys.exit(1 if failed else 0)
