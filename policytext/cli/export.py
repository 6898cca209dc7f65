"""``policytext export --db runs.sqlite --table targets --format csv -o targets.csv`` (and ``--schema``)."""
from __future__ import annotations

import sys

import click

from policytext.cli.common import dump_json, escape
from policytext.errors import StoreError
from policytext.export import DERIVED, FORMATS, GROUP_BY, TABLES


@click.command(help="Export a store table (--table) as JSONL, CSV or Parquet; without --table, JSONL holds the full "
                    "document records and CSV/Parquet write one file per table into the directory -o. "
                    "--schema prints the JSON Schema of a table's rows.")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False), help="The SQLite store.")
@click.option("--table", type=click.Choice([*TABLES, *DERIVED]), default=None,
              help="One table (components = mechanism components; target_matrix / target_matrix_wide = the target "
                   "matrix of compare --table targets, computed from the stored records).")
@click.option("--group-by", "group_by", type=click.Choice(list(GROUP_BY)), default="region", show_default=True,
              help="For the target matrix: what a group is (documents without one share 'unknown').")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="File to write (- = stdout for jsonl/csv); a directory "
                                                         "for csv/parquet without --table.")
@click.option("--bom", is_flag=True, help="For Excel: start CSV with a UTF-8 byte-order mark, and put ' before text cells "
                                         "that start with = + - @ (so that they are not run as formulas).")
@click.option("--schema", "schema", is_flag=True, help="Print the JSON Schema (draft 2020-12) of --table's rows.")
def command(db_path, table, group_by, fmt, output, bom, schema) -> None:
    from policytext.export import export, export_table, table_schema

    if schema:
        if not table:
            raise click.UsageError("--schema needs --table")
        dump_json(table_schema(table), indent=2)
        return
    if not db_path:
        raise click.UsageError("--db is required")
    if not output:
        raise click.UsageError("-o/--output is required")
    if output == "-" and (fmt == "parquet" or not table and fmt != "jsonl"):
        raise click.UsageError("this format needs a file or directory, not stdout")
    try:
        if table:
            n = export_table(db_path, table, output, fmt, bom=bom, group_by=group_by)
            if output != "-":
                click.echo(f"wrote {n} {table} rows to {escape(output)}", err=True)
        else:
            for p in export(db_path, output, fmt, bom=bom):
                if str(p) != "-":
                    click.echo(f"wrote {escape(p)}", err=True)
    except StoreError as e:
        click.echo(f"error: {escape(e.one_line())}", err=True)
        sys.exit(1)
    except OSError as e:
        click.echo(f"error: {escape(output)}: cannot write: {escape(e.strerror or e)}", err=True)
        sys.exit(1)
