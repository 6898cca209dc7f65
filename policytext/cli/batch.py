"""``policytext batch INPUTS... --db runs.sqlite``: many documents into the SQLite store, resumable."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from policytext.cli.common import dump_json, expand_inputs, format_option
from policytext.errors import StoreError


def _duration(secs: float) -> str:
    secs = int(secs)
    h, rest = divmod(secs, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"


class Bar:
    """Progress on stderr: docs done/total, docs/s, failures, ETA. Redrawn in place on a terminal (at most
    five times a second); elsewhere (a log file) one line every 30 seconds."""

    def __init__(self, total: int | None):
        self.total = total
        self.tty = sys.stderr.isatty()
        self.every = 0.2 if self.tty else 30.0
        self.t0 = time.perf_counter()
        self.last = 0.0
        self.shown = False

    def line(self, s) -> str:
        secs = time.perf_counter() - self.t0
        rate = s.done / secs if secs > 0 else 0.0
        n = s.finished
        if self.total:
            width = 24
            filled = int(width * min(n, self.total) / self.total)
            head = f"[{'#' * filled}{'-' * (width - filled)}] {n}/{self.total}"
        else:
            head = f"{n} inputs"
        eta = ""
        if self.total and rate > 0:
            eta = f"  ETA {_duration((self.total - n) / rate)}"
        return f"batch {head}  {rate:.1f} docs/s  {s.done} done  {s.skipped} skipped  {len(s.failed)} failed{eta}"

    def __call__(self, s) -> None:
        now = time.perf_counter()
        if now - self.last < self.every:
            return
        self.last = now
        if self.tty:
            sys.stderr.write("\r\x1b[K" + self.line(s))
            self.shown = True
        else:
            sys.stderr.write(self.line(s) + "\n")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def _scheduler(ctx, param, value):
    if value is not None and "://" not in value:
        raise click.BadParameter(f"{value!r} is not a scheduler address like tcp://host:8786")
    return value


@click.command(help="Extract many documents (files, directories, WARC files) into a SQLite store; reruns skip "
                    "documents already stored (same content hash and pipeline version).")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db_path", type=click.Path(dir_okay=False), required=True, help="The SQLite store.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="local process pool (default) or Dask (default when --scheduler is given).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the CPU count). Dask with --scheduler uses the cluster's workers.")
@click.option("--workers", type=click.IntRange(min=1), default=None, hidden=True)  # old name of --jobs
@click.option("--scheduler", callback=_scheduler, metavar="tcp://HOST:PORT",
              help="Address of a running Dask scheduler (implies --engine dask); without it Dask starts a "
                   "LocalCluster of --jobs processes.")
@click.option("--chunk", "chunk_size", type=click.IntRange(min=1), default=None,
              help="Documents per task (default: 1 local, 1-32 Dask, about 8 tasks per worker).")
@click.option("--force", is_flag=True, help="Re-extract documents already stored (their rows are replaced).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write one JSON line per failed input (source, code, message) to this file.")
@click.option("--silent", is_flag=True, help="No progress bar (errors and the summary are still printed).")
@format_option(("text", "json"), "text")
def command(inputs, db_path, engine, jobs, workers, scheduler, chunk_size, force, errors_path, silent,
            fmt) -> None:
    from policytext.batch import WARC_SUFFIXES, run_batch

    if engine == "local" and scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    engine = engine or ("dask" if scheduler else "local")
    jobs = jobs or workers or os.cpu_count() or 1
    db = Path(db_path).resolve()
    own = {db, *(db.with_name(db.name + x) for x in ("-wal", "-shm", "-journal"))}
    paths = [p for p in expand_inputs(inputs) if p.resolve() not in own]
    total = None if any(p.name.endswith(WARC_SUFFIXES) for p in paths) else len(paths)
    bar = None if silent else Bar(total)
    try:
        errors_fp = open(errors_path, "w", encoding="utf-8") if errors_path else None  # noqa: SIM115
    except OSError as e:
        click.echo(f"error: {errors_path}: cannot write: {e.strerror or e}", err=True)
        sys.exit(1)

    def on_failure(f) -> None:
        if bar:
            bar.clear()
        click.echo(f"error: {f.message}", err=True)
        if errors_fp:
            errors_fp.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            errors_fp.flush()

    try:
        s = run_batch(paths, db_path, engine=engine, jobs=jobs, scheduler=scheduler, force=force,
                      chunk_size=chunk_size, total=total, progress=bar, on_failure=on_failure)
    except StoreError as e:
        click.echo(f"error: {e.one_line()}", err=True)
        sys.exit(1)
    except OSError as e:  # e.g. the Dask scheduler cannot be reached
        click.echo(f"error: {scheduler or db_path}: {type(e).__name__}: {e}", err=True)
        sys.exit(1)
    finally:
        if errors_fp:
            errors_fp.close()
        if bar:
            bar.clear()
    if fmt == "json":
        dump_json(s.to_dict(), indent=2)
    rate = f", {s.done / s.elapsed:.1f} docs/s" if s.elapsed > 0 and s.done else ""
    click.echo(f"{s.inputs} inputs: {s.done} done, {s.skipped} already stored, {len(s.failed)} failed "
               f"in {_duration(s.elapsed)}{rate} → {db_path}", err=True)
    sys.exit(1 if s.failed else 0)
