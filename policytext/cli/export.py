"""``policytext export --db runs.sqlite --format jsonl|csv|parquet -o OUT``."""
from __future__ import annotations

import click


@click.command(help="Export the store's records as JSONL (a file) or CSV/Parquet tables (a directory).")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False), required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path())
def command(db_path, fmt, output) -> None:
    from policytext.export import export

    for p in export(db_path, output, fmt):
        click.echo(f"wrote {p}", err=True)
