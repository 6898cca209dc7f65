"""Run the per-document function over many inputs into the SQLite store: local processes or Dask.

Inputs are streamed: the parent reads one input at a time, skips it when its content hash and pipeline
version are already stored, and hands the others to the workers (local: one document per worker at a time;
Dask: in chunks), with a bounded number in flight (``2 × workers`` by default), so memory stays flat however
many documents there are. Workers only compute and return records; the parent is the one writer, committing
each document with all its rows in one transaction. Both engines call the same top-level function
(``process_bytes``) on the same bytes, so their stores hold the same records. A broken input becomes a
``Failed`` row and the run goes on; in the local engine so does a document that passes the time or memory
limit or kills its worker (see ``_Pool``), and a killed ``batch`` takes its workers with it.

Attachments: a WARC response whose request sent a Referer (``fetch --follow-attachments``) is stored with that
page as its ``parent``; at the end of every run, documents still without one get the stored page that links to
them (``Store.link_parents``: a page's attachment and image links, for pages read from files too).
"""
from __future__ import annotations

import hashlib
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from policytext.errors import InputError, PolicytextError
from policytext.records import Failed
from policytext.store import Store

WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_CHUNK = 32  # documents per Dask task, at most
DOC_TIMEOUT = 120.0  # seconds one document may take in a local worker (--doc-timeout)
MAX_MEMORY = 2 * 2**30  # bytes of address space per local worker (--max-memory)
TIMEOUT_CODE = "E107"  # a document passed the time limit
MEMORY_CODE = "E106"  # a document passed the memory limit (as TooLargeError: a size cap)
DIED_CODE = "E999"  # a worker died twice under a document
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class Summary:
    inputs: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[Failed] = field(default_factory=list)
    elapsed: float = 0.0
    run_id: int | None = None
    parents: int = 0  # documents of this run stored with the page they are attached to

    @property
    def finished(self) -> int:
        """Inputs dealt with so far (done, skipped or failed)."""
        return self.done + self.skipped + len(self.failed)

    def to_dict(self) -> dict:
        return {"inputs": self.inputs, "done": self.done, "skipped": self.skipped,
                "failed": [f.to_dict() for f in self.failed], "elapsed": round(self.elapsed, 3),
                "docs_per_s": round(self.done / self.elapsed, 2) if self.elapsed > 0 else None,
                "run_id": self.run_id, "parents": self.parents}


def iter_inputs(paths: Iterable[str | Path], *, parents: bool = False
                ) -> Iterator[tuple[str, bytes | Exception, str | None]]:
    """(source, bytes, HTTP charset) of each file, read one at a time; WARC files yield their HTTP responses
    with the charset of their Content-Type (files: None). An input that cannot be read yields (source, the
    exception, None) instead. ``parents``: 4-tuples, with the page the input is an attachment of last (a WARC
    response's request Referer; None for files)."""
    for p in paths:
        p = Path(p)
        if p.name.endswith(WARC_SUFFIXES):
            from policytext.fetch import charset_of, iter_warc

            n = 0
            try:
                for url, data, content_type, referer in iter_warc(p, referers=True):
                    n += 1
                    item = (url, data, charset_of(content_type or ""))
                    yield (*item, referer) if parents else item
            except Exception as e:  # noqa: BLE001 - a damaged WARC is one failed input
                yield (str(p), e, None, None) if parents else (str(p), e, None)
                continue
            if n == 0:
                err = InputError("no complete 2xx document response in it (empty, damaged or not a WARC)")
                yield (str(p), err, None, None) if parents else (str(p), err, None)
        else:
            try:
                item = (str(p), _read_file(p), None)
            except (OSError, InputError) as e:
                item = (str(p), e, None)
            yield (*item, None) if parents else item


def _read_file(p: Path) -> bytes:
    """The bytes of a regular file of at most the readers' size limit, checked before reading: a FIFO, a
    device (``/dev/zero``) or a huge file is refused here instead of hanging or filling the writer's memory."""
    from policytext.read import MAX_BYTES, read_file

    return read_file(p, max_bytes=MAX_BYTES)


def _work(item: tuple, func: Callable, *, memory_error: bool = False) -> tuple[str, dict | None, Failed | None]:
    """``func(data, source)``; with ``charset=`` too when the input came with an HTTP charset (a WARC).
    ``memory_error``: let a MemoryError through (a local worker reports it as over the memory limit)."""
    source, data, *rest = item
    charset = rest[0] if rest else None
    try:
        return source, (func(data, source) if charset is None else func(data, source, charset=charset)), None
    except MemoryError:
        if memory_error:
            raise
        return source, None, Failed(source=source, code=MEMORY_CODE, message=f"{source}: out of memory")
    except PolicytextError as e:
        msg = e.one_line() if e.source else f"{source}: {e.one_line()}"
        return source, None, Failed(source=source, code=e.code, message=msg)
    except Exception as e:  # noqa: BLE001 - an unexpected bug in one document must not end the run
        return source, None, Failed(source=source, code="E999", message=f"{source}: {type(e).__name__}: {e}")


def work_chunk(items: list[tuple[str, bytes]], func: Callable) -> list[tuple[str, dict | None, Failed | None]]:
    """One task: several documents, results in the same order."""
    return [_work(item, func) for item in items]


def _default_func(ocr: bool = True, ocr_images: bool = False):
    from policytext.pipeline import process_bytes

    if ocr and not ocr_images:
        return process_bytes
    import functools

    return functools.partial(process_bytes, ocr=ocr, ocr_images=ocr_images)  # a partial pickles (Dask)


# a tiny document of our own wording: running it once loads the pipeline (spaCy, lexicons, compiled patterns)
_WARM_UP = "关于做好示例工作的通知\n各单位要认真落实。到2030年，示例指标达到90%以上。\n".encode()


def _warm_up(func: Callable) -> None:
    """Load the pipeline in this process before the workers are forked from it: each worker (and each
    replacement of a killed one) then starts ready, in milliseconds, instead of spending its first
    document's time limit on imports."""
    try:
        func(_WARM_UP, "<warm-up>")
        import policytext.read.html  # noqa: F401 - lxml too: a worker under --max-memory may not map it later
    except Exception:  # noqa: BLE001 - only a head start: a real document will report the problem
        pass


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
              on_failure: Callable[[Failed], None] | None = None, config: dict | None = None,
              doc_timeout: float | None = DOC_TIMEOUT, max_memory: int | None = MAX_MEMORY,
              lock_timeout: float = 30.0, ocr: bool = True, ocr_images: bool = False) -> Summary:
    """Process ``inputs`` (paths; WARC files expand to their records) into the store at ``store_path``.

    ``jobs`` (alias ``workers``) is the number of worker processes (default: the CPU count); with the Dask
    engine and a ``scheduler`` address (``tcp://host:8786``) the cluster's workers are used instead of a
    LocalCluster. ``force`` re-extracts stored documents. ``progress(summary)`` is called after each input,
    ``on_failure(failed)`` for each failed input. Raises StoreError when the store cannot be opened or
    stays locked by another writer for ``lock_timeout`` seconds.

    The local engine runs each document in a worker process under ``doc_timeout`` seconds and ``max_memory``
    bytes of address space (None: no limit); a document past either limit is stopped and recorded as failed
    (codes E107 and E106), a worker that dies is replaced and its document tried once more alone, and the
    workers end with this process. The run always goes on to the next document.

    With the default pipeline, ``ocr=False`` leaves scanned PDF pages unread (listed as not read) and
    ``ocr_images=True`` reads image files of text by OCR.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    jobs = jobs or workers or os.cpu_count() or 1
    warm = func is None and engine == "local"
    func = func or _default_func(ocr, ocr_images)
    t0 = time.perf_counter()
    summary = Summary()
    cfg = {"engine": engine, "jobs": jobs, "scheduler": scheduler, "force": force, "chunk_size": chunk_size,
           "doc_timeout": doc_timeout, "max_memory": max_memory, "ocr": ocr, "ocr_images": ocr_images,
           **(config or {})}
    with Store(store_path, lock_timeout=lock_timeout) as store:
        run_id = summary.run_id = store.start_run(engine, total, config=cfg)
        if warm:
            _warm_up(func)

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

        parent_of: dict[str, str] = {}  # source → the page it is an attachment of (a WARC request's Referer)

        def todo() -> Iterator[tuple[str, bytes, str, str | None]]:
            """Inputs still to extract, read lazily; unreadable and already-stored ones are dealt with here."""
            for source, data, charset, parent in iter_inputs(inputs, parents=True):
                summary.inputs += 1
                if isinstance(data, Exception):
                    fail(_read_failure(source, data))
                    continue
                h = hashlib.sha256(data).hexdigest()
                if not force and store.has(h[:16], content_hash=h):
                    if parent and parent != source:
                        store.set_parent(h[:16], parent)
                    summary.skipped += 1
                    tick()
                    continue
                if parent and parent != source:
                    parent_of[source] = parent
                yield source, data, h, charset

        def commit(results, hashes: list[str]) -> None:
            for (source, rec, f), h in zip(results, hashes, strict=True):
                if rec is not None:
                    try:
                        store.put(rec, content_hash=h, run_id=run_id, parent=parent_of.pop(source, None))
                    except (TypeError, ValueError, KeyError, AttributeError) as e:  # a record the store cannot hold
                        fail(Failed(source=source, code="E999",
                                    message=f"{source}: cannot store its record: {type(e).__name__}: {e}"))
                        continue
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
                items = ((((s, d) if c is None else (s, d, c)), h) for s, d, h, c in todo())
                limit = (max_in_flight or 2 * jobs) * (chunk_size or 1)
                _run_local(items, jobs, func, commit, fail, limit, doc_timeout, max_memory)
            else:
                _run_dask(todo(), total, chunk_size, jobs, scheduler, func, commit, lost, max_in_flight, max_memory)
            store.link_parents()  # attachments to the stored pages that link to them
            summary.parents = store.count_parents(run_id)
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


class _Job:
    """One document on its way through a worker: its task item, content hash and tries so far."""

    __slots__ = ("item", "hash", "tries")

    def __init__(self, item: tuple, h: str):
        self.item, self.hash, self.tries = item, h, 0

    @property
    def source(self) -> str:
        return self.item[0]


def _die_with_parent(parent_pid: int) -> None:
    """In a worker: end when the parent ends, however it ends (kill -9 included). Linux sends SIGKILL on the
    parent's death (prctl PR_SET_PDEATHSIG); everywhere a watchdog thread checks the parent pid each second
    (it needs the GIL, so it covers the systems without prctl, not a worker stuck in C code)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: the watchdog still runs
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="policytext-parent-watchdog", daemon=True).start()


def _limit_memory(max_memory: int | None) -> None:
    """Cap this process's address space (RLIMIT_AS) at ``max_memory`` bytes: allocations past it fail
    (MemoryError) instead of taking the machine down."""
    if not max_memory:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    except (ImportError, ValueError, OSError):  # not on this system, or above the hard limit
        pass


def _worker_main(conn, func: Callable, parent_pid: int, max_memory: int | None) -> None:
    """A local worker: documents in one at a time, ``(result, restart)`` out; ``None`` or EOF ends it."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which ends the workers
    _limit_memory(max_memory)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        restart = False
        try:
            result = _work(item, func, memory_error=True)
        except MemoryError:  # over --max-memory: one failed document; the worker starts afresh
            mb = f" of {max_memory // 2**20} MB" if max_memory else ""
            result = (item[0], None, Failed(source=item[0], code=MEMORY_CODE,
                                             message=f"{item[0]}: over the memory limit{mb} (--max-memory)"))
            restart = True
        try:
            conn.send((result, restart))
        except MemoryError:
            os._exit(3)
        if restart:
            return


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


class _Pool:
    """``jobs`` worker processes, one document each at a time, each under a time limit (the parent kills a
    worker whose document passes ``doc_timeout`` seconds) and a memory limit (``max_memory`` bytes of
    address space, set in the worker). A worker that dies is replaced; the document it held is tried once
    more in a fresh worker (a worker can die of something else, an OOM kill of the biggest process, an
    operator's kill), and fails only when it kills a worker twice. Workers end with their parent."""

    def __init__(self, jobs: int, func: Callable, doc_timeout: float | None, max_memory: int | None):
        import multiprocessing as mp

        methods = mp.get_all_start_methods()
        # fork: the worker inherits the imported pipeline and ``func`` (no pickling, fast replacements)
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.func, self.doc_timeout, self.max_memory = func, doc_timeout, max_memory
        self.idle: list = []
        self.busy: dict = {}  # worker → (job, deadline)
        self.procs: list = []
        for _ in range(jobs):
            self.idle.append(self._spawn())

    def _spawn(self):
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=_worker_main, args=(child, self.func, os.getpid(), self.max_memory),
                                daemon=True, name="policytext-worker")
        proc.start()
        child.close()
        w = (proc, parent)
        self.procs.append(w)
        return w

    def _retire(self, w, *, kill: bool) -> None:
        proc, conn = w
        if kill and proc.is_alive():
            proc.kill()
        proc.join(5)
        conn.close()
        self.procs.remove(w)

    def submit(self, job: _Job) -> bool:
        """Give ``job`` to an idle worker; False when none is idle."""
        while self.idle:
            w = self.idle.pop()
            try:
                w[1].send(job.item)
            except (OSError, ValueError):  # the idle worker died meanwhile: replace it, try the next
                self._retire(w, kill=True)
                self.idle.append(self._spawn())
                continue
            deadline = time.monotonic() + self.doc_timeout if self.doc_timeout else None
            self.busy[w] = (job, deadline)
            return True
        return False

    def wait(self) -> Iterator[tuple[_Job, tuple | None, str | None]]:
        """Wait for at least one busy worker to finish, die or pass its time limit; yields (job, result,
        None) for a result, (job, None, why) for a lost worker (the job to retry or fail)."""
        from multiprocessing.connection import wait as mp_wait

        now = time.monotonic()
        deadlines = [d for _, d in self.busy.values() if d is not None]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        handles = [h for proc, conn in self.busy for h in (conn, proc.sentinel)]
        mp_wait(handles, timeout)
        now = time.monotonic()
        for w, (job, deadline) in list(self.busy.items()):
            proc, conn = w
            try:
                has_msg = conn.poll()
            except (OSError, EOFError):
                has_msg = False
            if has_msg:
                try:
                    result, restart = conn.recv()
                except (EOFError, OSError):
                    pass  # died while answering: handled below as a death
                else:
                    del self.busy[w]
                    if restart:
                        self._retire(w, kill=True)
                        w = self._spawn()
                    self.idle.append(w)
                    yield job, result, None
                    continue
            if not proc.is_alive() or has_msg:
                del self.busy[w]
                proc.join(5)
                why = _death(proc.exitcode)
                self._retire(w, kill=True)
                self.idle.append(self._spawn())
                yield job, None, why
            elif deadline is not None and now >= deadline:
                del self.busy[w]
                self._retire(w, kill=True)
                self.idle.append(self._spawn())
                yield job, None, "timeout"

    def close(self) -> None:
        for _proc, conn in list(self.procs):
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
        t_end = time.monotonic() + 5
        for w in list(self.procs):
            w[0].join(max(0.0, t_end - time.monotonic()))
            self._retire(w, kill=True)


def _run_local(jobs_in, jobs: int, func, commit, fail, limit: int, doc_timeout: float | None,
               max_memory: int | None) -> None:
    """``jobs_in`` yields (item, content hash) pairs, pulled so that at most ``limit`` documents are taken
    and not finished."""
    from collections import deque

    pool = _Pool(jobs, func, doc_timeout, max_memory)
    ready: deque[_Job] = deque()
    exhausted = False
    try:
        while True:
            while not exhausted and len(ready) + len(pool.busy) < limit:
                nxt = next(jobs_in, None)
                if nxt is None:
                    exhausted = True
                else:
                    ready.append(_Job(*nxt))
            while ready and pool.submit(ready[0]):
                ready.popleft()
            if not pool.busy:
                if exhausted and not ready:
                    break
                continue
            for job, result, why in pool.wait():
                if result is not None:
                    commit([result], [job.hash])
                elif why == "timeout":
                    fail(Failed(source=job.source, code=TIMEOUT_CODE,
                                message=f"{job.source}: over the time limit of {doc_timeout:g} s (--doc-timeout); "
                                        "the worker was stopped"))
                elif job.tries == 0:  # a worker died under it: once more, alone in a fresh worker
                    job.tries += 1
                    ready.appendleft(job)
                else:
                    mb = f"; memory limit {max_memory // 2**20} MB" if max_memory else ""
                    fail(Failed(source=job.source, code=DIED_CODE,
                                message=f"{job.source}: the worker died twice on it ({why}{mb})"))
    finally:
        pool.close()


def _run_dask(todo, total: int | None, chunk_size: int | None, jobs: int, scheduler: str | None, func, commit, lost,
              max_in_flight: int | None, max_memory: int | None = None) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler:
        client = Client(scheduler, timeout="30s")
        cluster = None
    else:
        # the nanny restarts a worker past max_memory; its task's documents then fail (``lost``)
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                               memory_limit=max_memory or "auto")
        client = Client(cluster)
    try:
        threads = sum(client.nthreads().values()) or jobs  # a remote cluster may still be starting workers
        limit = max_in_flight or 2 * threads
        pending: dict = {}
        ac = as_completed()
        it = _chunks(todo, chunk_size or auto_chunk(total, threads))

        def submit(items: list, hashes: list[str]) -> None:
            fut = client.submit(work_chunk, items, func, pure=False)
            pending[fut.key] = (items, hashes)
            ac.add(fut)

        def submit_one() -> bool:
            nxt = next(it, None)
            if nxt is None:
                return False
            submit(*nxt)
            return True

        while len(pending) < limit and submit_one():
            pass
        for fut in ac:
            items, hashes = pending.pop(fut.key)
            try:
                results = fut.result()
            except Exception as e:  # noqa: BLE001 - a lost worker or task: its inputs fail, the run goes on
                if len(items) > 1:  # which document killed it is unknown: each is tried again alone
                    for item, h in zip(items, hashes, strict=True):
                        submit([item], [h])
                else:
                    lost([items[0][0]], e)
            else:
                commit(results, hashes)
            fut.release()
            while len(pending) < limit and submit_one():
                pass
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

