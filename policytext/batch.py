"""Run the per-document function over many inputs into the SQLite store: local processes or Dask.

Inputs are streamed: the parent reads one input at a time, skips it when its content hash and pipeline
version are already stored, and hands the others to the workers in chunks, with a bounded number of chunks
in flight (``2 × workers`` by default), so memory stays flat however many documents there are. Workers only
compute and return records; the parent is the one writer, committing each document with all its rows in one
transaction. Both engines call the same top-level function (``process_bytes``) on the same bytes, so their
stores hold the same records. A broken input becomes a ``Failed`` row and the run goes on.
"""
from __future__ import annotations

import hashlib
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from policytext.errors import InputError, PolicytextError
from policytext.records import Failed
from policytext.store import Store

WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_CHUNK = 32  # documents per Dask task, at most


@dataclass
class Summary:
    inputs: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[Failed] = field(default_factory=list)
    elapsed: float = 0.0
    run_id: int | None = None

    @property
    def finished(self) -> int:
        """Inputs dealt with so far (done, skipped or failed)."""
        return self.done + self.skipped + len(self.failed)

    def to_dict(self) -> dict:
        return {"inputs": self.inputs, "done": self.done, "skipped": self.skipped,
                "failed": [f.to_dict() for f in self.failed], "elapsed": round(self.elapsed, 3),
                "docs_per_s": round(self.done / self.elapsed, 2) if self.elapsed > 0 else None,
                "run_id": self.run_id}


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[str, bytes | Exception, str | None]]:
    """(source, bytes, HTTP charset) of each file, read one at a time; WARC files yield their HTTP responses
    with the charset of their Content-Type (files: None). An input that cannot be read yields (source, the
    exception, None) instead."""
    for p in paths:
        p = Path(p)
        if p.name.endswith(WARC_SUFFIXES):
            from policytext.fetch import charset_of, iter_warc

            n = 0
            try:
                for url, data, content_type in iter_warc(p):
                    n += 1
                    yield url, data, charset_of(content_type or "")
            except Exception as e:  # noqa: BLE001 - a damaged WARC is one failed input
                yield str(p), e, None
                continue
            if n == 0:
                yield str(p), InputError("no complete 2xx document response in it (empty, damaged or not a WARC)"), None
        else:
            try:
                yield str(p), p.read_bytes(), None
            except OSError as e:
                yield str(p), e, None


def _work(item: tuple, func: Callable) -> tuple[str, dict | None, Failed | None]:
    """``func(data, source)``; with ``charset=`` too when the input came with an HTTP charset (a WARC)."""
    source, data, *rest = item
    charset = rest[0] if rest else None
    try:
        return source, (func(data, source) if charset is None else func(data, source, charset=charset)), None
    except PolicytextError as e:
        msg = e.one_line() if e.source else f"{source}: {e.one_line()}"
        return source, None, Failed(source=source, code=e.code, message=msg)
    except Exception as e:  # noqa: BLE001 - an unexpected bug in one document must not end the run
        return source, None, Failed(source=source, code="E999", message=f"{source}: {type(e).__name__}: {e}")


def work_chunk(items: list[tuple[str, bytes]], func: Callable) -> list[tuple[str, dict | None, Failed | None]]:
    """One task: several documents, results in the same order."""
    return [_work(item, func) for item in items]


def _default_func():
    from policytext.pipeline import process_bytes

    return process_bytes


def _read_failure(source: str, err: Exception) -> Failed:
    if isinstance(err, OSError):
        return Failed(source=source, code="E100", message=f"{source}: cannot read: {err.strerror or err}")
    if isinstance(err, PolicytextError):
        return Failed(source=source, code=err.code, message=f"{source}: {err.message}")
    return Failed(source=source, code="E100", message=f"{source}: cannot read: {type(err).__name__}: {err}")


def auto_chunk(total: int | None, workers: int) -> int:
    """Documents per task: about 8 tasks per worker over the run, between 1 and MAX_CHUNK."""
    if not total:
        return 16
    return max(1, min(MAX_CHUNK, math.ceil(total / (workers * 8))))


def run_batch(inputs: Iterable[str | Path], store_path: str | Path, *, engine: str = "local",
              jobs: int | None = None, workers: int | None = None, scheduler: str | None = None,
              force: bool = False, chunk_size: int | None = None, max_in_flight: int | None = None,
              func: Callable | None = None, total: int | None = None,
              progress: Callable[[Summary], None] | None = None,
              on_failure: Callable[[Failed], None] | None = None, config: dict | None = None) -> Summary:
    """Process ``inputs`` (paths; WARC files expand to their records) into the store at ``store_path``.

    ``jobs`` (alias ``workers``) is the number of worker processes (default: the CPU count); with the Dask
    engine and a ``scheduler`` address (``tcp://host:8786``) the cluster's workers are used instead of a
    LocalCluster. ``force`` re-extracts stored documents. ``progress(summary)`` is called after each input,
    ``on_failure(failed)`` for each failed input. Raises StoreError when the store cannot be opened.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    jobs = jobs or workers or os.cpu_count() or 1
    func = func or _default_func()
    t0 = time.perf_counter()
    summary = Summary()
    cfg = {"engine": engine, "jobs": jobs, "scheduler": scheduler, "force": force, "chunk_size": chunk_size,
           **(config or {})}
    with Store(store_path) as store:
        run_id = summary.run_id = store.start_run(engine, total, config=cfg)

        def tick() -> None:
            summary.elapsed = time.perf_counter() - t0
            if progress:
                progress(summary)

        def fail(f: Failed) -> None:
            store.put_failure(f, run_id=run_id)
            summary.failed.append(f)
            if on_failure:
                on_failure(f)
            tick()

        def todo() -> Iterator[tuple[str, bytes, str, str | None]]:
            """Inputs still to extract, read lazily; unreadable and already-stored ones are dealt with here."""
            for source, data, charset in iter_inputs(inputs):
                summary.inputs += 1
                if isinstance(data, Exception):
                    fail(_read_failure(source, data))
                    continue
                h = hashlib.sha256(data).hexdigest()
                if not force and store.has(h[:16], content_hash=h):
                    summary.skipped += 1
                    tick()
                    continue
                yield source, data, h, charset

        def commit(results, hashes: list[str]) -> None:
            for (_source, rec, f), h in zip(results, hashes, strict=True):
                if rec is not None:
                    store.put(rec, content_hash=h, run_id=run_id)
                    summary.done += 1
                    tick()
                else:
                    fail(f)

        def lost(sources: list[str], err: BaseException) -> None:
            """A whole task died (worker killed, unpicklable result…): each of its documents fails."""
            for s in sources:
                fail(Failed(source=s, code="E999", message=f"{s}: worker failed: {type(err).__name__}: {err}"))

        try:
            if engine == "local":
                chunk = chunk_size or 1
                _run_local(_chunks(todo(), chunk), jobs, func, commit, lost, max_in_flight or 2 * jobs)
            else:
                _run_dask(todo(), total, chunk_size, jobs, scheduler, func, commit, lost, max_in_flight)
        finally:
            summary.elapsed = time.perf_counter() - t0
            store.finish_run(run_id, summary.done, len(summary.failed), skipped=summary.skipped,
                             inputs=summary.inputs)
    return summary


def _chunks(items: Iterator[tuple[str, bytes, str, str | None]], size: int) -> Iterator[tuple[list, list[str]]]:
    """([(source, bytes[, charset])…], [content hash…]) of up to ``size`` inputs each."""
    batch: list = []
    hashes: list[str] = []
    for source, data, h, charset in items:
        batch.append((source, data) if charset is None else (source, data, charset))
        hashes.append(h)
        if len(batch) >= size:
            yield batch, hashes
            batch, hashes = [], []
    if batch:
        yield batch, hashes


def _run_local(chunks, jobs: int, func, commit, lost, max_in_flight: int) -> None:
    if jobs <= 1:
        for items, hashes in chunks:
            commit(work_chunk(items, func), hashes)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: dict = {}

        def drain(block_until: int) -> None:
            nonlocal pending
            while len(pending) > block_until:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    sources, hashes = pending.pop(fut)
                    try:
                        results = fut.result()
                    except Exception as e:  # noqa: BLE001 - e.g. BrokenProcessPool: the task's inputs fail
                        lost(sources, e)
                        continue
                    commit(results, hashes)

        for items, hashes in chunks:
            fut = pool.submit(work_chunk, items, func)
            pending[fut] = ([it[0] for it in items], hashes)
            drain(max_in_flight - 1)
        drain(0)


def _run_dask(todo, total: int | None, chunk_size: int | None, jobs: int, scheduler: str | None, func, commit, lost,
              max_in_flight: int | None) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler:
        client = Client(scheduler, timeout="30s")
        cluster = None
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        threads = sum(client.nthreads().values()) or jobs  # a remote cluster may still be starting workers
        limit = max_in_flight or 2 * threads
        pending: dict = {}
        ac = as_completed()
        it = _chunks(todo, chunk_size or auto_chunk(total, threads))

        def submit_one() -> bool:
            nxt = next(it, None)
            if nxt is None:
                return False
            items, hashes = nxt
            fut = client.submit(work_chunk, items, func, pure=False)
            pending[fut.key] = ([it[0] for it in items], hashes)
            ac.add(fut)
            return True

        while len(pending) < limit and submit_one():
            pass
        for fut in ac:
            sources, hashes = pending.pop(fut.key)
            try:
                results = fut.result()
            except Exception as e:  # noqa: BLE001 - a lost worker or task: its inputs fail, the run goes on
                lost(sources, e)
            else:
                commit(results, hashes)
            fut.release()
            while len(pending) < limit and submit_one():
                pass
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

