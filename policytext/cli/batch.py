"""``policytext batch INPUTS... --db runs.sqlite``: many documents into the SQLite store, resumable."""
from __future__ import annotations

import sys

import click

from policytext.cli.common import dump_json, expand_inputs, format_option


@click.command(help="Extract many documents (files, directories, WARC files) into a SQLite store; reruns resume.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db_path", type=click.Path(dir_okay=False), required=True)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True)
@format_option(("text", "json"), "text")
def command(inputs, db_path, engine, workers, fmt) -> None:
    from policytext.batch import run_batch

    paths = expand_inputs(inputs)
    if sys.stderr.isatty():
        with click.progressbar(length=len(paths), label="batch", file=sys.stderr) as bar:
            s = run_batch(paths, db_path, engine=engine, workers=workers, progress=bar.update)
    else:
        s = run_batch(paths, db_path, engine=engine, workers=workers)
    if fmt == "json":
        dump_json(s.to_dict(), indent=2)
    else:
        for f in s.failed:
            click.echo(f"error: {f.message}", err=True)
        click.echo(f"{s.inputs} inputs: {s.done} done, {s.skipped} already stored, {len(s.failed)} failed "
                   f"→ {db_path}", err=True)
    sys.exit(1 if s.failed else 0)
