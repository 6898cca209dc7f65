"""``policytext batch INPUTS... --db runs.sqlite``: many documents into the SQLite store, resumable."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from policytext.batch import DOC_TIMEOUT, MAX_MEMORY
from policytext.cli.common import dump_json, escape, expand_inputs, format_option
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


_URL_LIST_SUFFIXES = ("", ".txt", ".urls", ".url", ".lst", ".list")


def url_list(path: Path) -> list[str] | None:
    """The URLs of a URL list (a small text file whose every line, blanks and # comments aside, is an http(s)
    URL), else None."""
    if path.suffix.lower() not in _URL_LIST_SUFFIXES or not path.is_file():
        return None
    try:
        if path.stat().st_size > 5_000_000:
            return None
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    urls = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if urls and all(u.startswith(("http://", "https://")) for u in urls):
        return urls
    return None


def _fetch_first(urls: list[str], warc: Path, silent: bool, allow_private: bool = False,
                 follow_attachments: bool = False, follow_images: bool = False):
    """Fetch URLs given to batch into ``warc`` (politely, resumable: already stored URLs are not asked again).
    ``allow_private`` lets seeds on loopback or private addresses through (the fetcher's network policy);
    ``follow_attachments`` fetches the pages' attachments too (``follow_images``: and their images)."""
    from policytext.fetch import fetch

    def progress(event: str, url: str, detail: str) -> None:
        if event in ("fetched", "skipped"):
            click.echo(f"fetch {event}: {escape(url)}", err=True)

    return fetch(urls, warc, progress=None if silent else progress, allow_private=allow_private,
                 follow_attachments=follow_attachments, follow_images=follow_images)


def _scheduler(ctx, param, value):
    if value is not None and "://" not in value:
        raise click.BadParameter(f"{value!r} is not a scheduler address like tcp://host:8786")
    return value


@click.command(help="Extract many documents (files, directories, globs, WARC files, URLs or files listing URLs) into "
                    "a SQLite store; URLs are fetched first into a WARC (--warc). Reruns skip documents already "
                    "stored (same content hash and pipeline version).")
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
              help="Documents per Dask task (default: 1-32, about 8 tasks per worker). The local engine gives "
                   "each worker one document at a time (and takes up to 2 × jobs × chunk inputs ahead).")
@click.option("--force", is_flag=True, help="Re-extract documents already stored (their rows are replaced).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write one JSON line per failed input (source, code, message) to this file.")
@click.option("--silent", is_flag=True, help="No progress bar (errors and the summary are still printed).")
@click.option("--warc", "warc_path", type=click.Path(dir_okay=False), default=None,
              help="Where URL inputs are fetched to (default: next to --db, NAME.warc.gz); appended to on reruns.")
@click.option("--doc-timeout", type=click.FloatRange(min=0, min_open=True), default=DOC_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Stop a document that takes longer (local engine); it is recorded as failed.")
@click.option("--max-memory", type=click.IntRange(min=64), default=MAX_MEMORY // 2**20, show_default=True,
              metavar="MB", help="Address space of each local worker (RLIMIT_AS); a document that needs more is "
                                 "recorded as failed (Dask: the LocalCluster's memory limit per worker).")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="SECONDS",
              help="How long to wait for another writer's lock on the store before giving up.")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links out of input folders.")
@click.option("--allow-private", is_flag=True,
              help="Fetch URLs on loopback, private or link-local addresses (refused by default).")
@click.option("--follow-attachments", is_flag=True,
              help="For URL inputs: fetch the files each page attaches too (fetch --follow-attachments; with "
                   "--ocr-images its images too). Each attachment is stored with its page as parent.")
@click.option("--no-ocr", "no_ocr", is_flag=True, help="Do not OCR scanned PDF pages (they are listed as not read).")
@click.option("--ocr-images", is_flag=True, help="Read image files of text (PNG, JPEG, TIFF …) by OCR.")
@format_option(("text", "json"), "text")
def command(inputs, db_path, engine, jobs, workers, scheduler, chunk_size, force, errors_path, silent,
            warc_path, doc_timeout, max_memory, lock_timeout, follow_links, allow_private, follow_attachments, no_ocr,
            ocr_images, fmt) -> None:
    from policytext.batch import WARC_SUFFIXES, run_batch

    if engine == "local" and scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    engine = engine or ("dask" if scheduler else "local")
    jobs = jobs or workers or os.cpu_count() or 1
    db = Path(db_path).resolve()
    own = {db, *(db.with_name(db.name + x) for x in ("-wal", "-shm", "-journal"))}
    urls = [i for i in inputs if i.startswith(("http://", "https://"))]
    rest = []
    for i in inputs:  # only a file named on the command line is a URL list, never one found in a folder
        if i in urls:
            continue
        listed = url_list(Path(i))
        if listed is not None:
            urls += listed
        else:
            rest.append(i)
    found = expand_inputs(rest, follow_links=follow_links, quiet=silent)
    if found.problems and not found and not urls:  # nothing to do: the error lines said why
        sys.exit(1)
    paths = [p for p in found if p.resolve() not in own]
    fetch_failed = []
    if urls:
        from policytext.records import Failed

        warc = Path(warc_path) if warc_path else db.with_name(db.stem + ".warc.gz")
        try:
            fs = _fetch_first(urls, warc, silent, allow_private, follow_attachments, ocr_images)
        except (ValueError, OSError) as e:
            click.echo(f"error: {escape(warc)}: {escape(e)}", err=True)
            sys.exit(1)
        fetch_failed = [Failed(source=f.url, code="E400", message=f"{f.url}: {f.reason}") for f in fs.failed]
        if fs.fetched or fs.skipped:
            paths.append(warc)
    total = None if any(p.name.endswith(WARC_SUFFIXES) for p in paths) else len(paths)
    bar = None if silent else Bar(total)
    try:
        errors_fp = open(errors_path, "w", encoding="utf-8") if errors_path else None  # noqa: SIM115
    except OSError as e:
        click.echo(f"error: {escape(errors_path)}: cannot write: {escape(e.strerror or e)}", err=True)
        sys.exit(1)

    def on_failure(f) -> None:
        if bar:
            bar.clear()
        click.echo(f"error: {escape(f.message)}", err=True)
        if errors_fp:
            errors_fp.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            errors_fp.flush()

    if fetch_failed:  # listed like any failed input: on stderr, in --errors and in the store
        from policytext.store import Store

        try:
            with Store(db_path, lock_timeout=lock_timeout) as store:
                for f in fetch_failed:
                    store.put_failure(f)
                    on_failure(f)
        except StoreError as e:
            click.echo(f"error: {escape(e.one_line())}", err=True)
            sys.exit(1)

    try:
        s = run_batch(paths, db_path, engine=engine, jobs=jobs, scheduler=scheduler, force=force,
                      chunk_size=chunk_size, total=total, progress=bar, on_failure=on_failure,
                      doc_timeout=doc_timeout, max_memory=max_memory * 2**20, lock_timeout=lock_timeout,
                      ocr=not no_ocr, ocr_images=ocr_images)
    except StoreError as e:
        if bar:
            bar.clear()
        click.echo(f"error: {escape(e.one_line())}", err=True)
        sys.exit(1)
    except OSError as e:  # e.g. the Dask scheduler cannot be reached
        click.echo(f"error: {escape(scheduler or db_path)}: {type(e).__name__}: {escape(e)}", err=True)
        sys.exit(1)
    finally:
        if errors_fp:
            errors_fp.close()
        if bar:
            bar.clear()
    if fmt == "json":
        out = s.to_dict()
        out["fetch_failed"] = [f.to_dict() for f in fetch_failed]
        dump_json(out, indent=2)
    rate = f", {s.done / s.elapsed:.1f} docs/s" if s.elapsed > 0 and s.done else ""
    if fetch_failed:
        click.echo(f"{len(fetch_failed)} URLs could not be fetched", err=True)
    click.echo(f"{s.inputs} inputs: {s.done} done, {s.skipped} already stored, {len(s.failed)} failed "
               f"in {_duration(s.elapsed)}{rate} → {escape(db_path)}", err=True)
    if s.parents:
        click.echo(f"{s.parents} documents stored with the page they are attached to (documents.parent)", err=True)
    sys.exit(1 if s.failed or fetch_failed or found.problems else 0)
