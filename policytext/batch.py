"""Run the per-document function over many inputs into the SQLite store: local processes or Dask.

Both engines call the same top-level function (``process_bytes``) on the same inputs, so their stores
hold the same records. Inputs whose content hash is already stored are skipped (resume after a crash);
a broken input becomes a ``Failed`` row and the run goes on.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from policytext.errors import PolicytextError
from policytext.records import Failed
from policytext.store import Store

WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass
class Summary:
    inputs: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[Failed] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"inputs": self.inputs, "done": self.done, "skipped": self.skipped,
                "failed": [f.to_dict() for f in self.failed]}


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[str, bytes]]:
    """(source, bytes) of each file; WARC files yield their HTTP responses."""
    for p in paths:
        p = Path(p)
        if p.name.endswith(WARC_SUFFIXES):
            from policytext.fetch import iter_warc

            for url, data, _ in iter_warc(p):
                yield url, data
        else:
            try:
                yield str(p), p.read_bytes()
            except OSError as e:
                yield str(p), e  # type: ignore[misc]


def _work(item: tuple[str, bytes], func: Callable) -> tuple[str, dict | None, Failed | None]:
    source, data = item
    try:
        return source, func(data, source), None
    except PolicytextError as e:
        return source, None, Failed(source=source, code=e.code, message=e.one_line())
    except Exception as e:  # noqa: BLE001 - an unexpected bug in one document must not end the run
        return source, None, Failed(source=source, code="E999", message=f"{source}: {type(e).__name__}: {e}")


def _default_func():
    from policytext.pipeline import process_bytes

    return process_bytes


def run_batch(inputs: Iterable[str | Path], store_path: str | Path, *, engine: str = "local", workers: int = 2,
              func: Callable | None = None, progress: Callable[[int], None] | None = None) -> Summary:
    func = func or _default_func()
    summary = Summary()
    with Store(store_path) as store:
        todo: list[tuple[str, bytes]] = []
        for source, data in iter_inputs(inputs):
            summary.inputs += 1
            if isinstance(data, OSError):
                f = Failed(source=source, code="E100", message=f"{source}: cannot read: {data.strerror or data}")
                store.put_failure(f)
                summary.failed.append(f)
                continue
            if store.has(hashlib.sha256(data).hexdigest()[:16]):
                summary.skipped += 1
                if progress:
                    progress(1)
                continue
            todo.append((source, data))
        run_id = store.start_run(engine, summary.inputs)

        def record(result) -> None:
            source, rec, fail = result
            if rec is not None:
                store.put(rec)
                summary.done += 1
            else:
                store.put_failure(fail)
                summary.failed.append(fail)
            if progress:
                progress(1)

        if engine == "local":
            if workers <= 1:
                for item in todo:
                    record(_work(item, func))
            else:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    futures = [pool.submit(_work, item, func) for item in todo]
                    for fut in as_completed(futures):
                        record(fut.result())
        elif engine == "dask":
            from dask.distributed import Client, LocalCluster
            from dask.distributed import as_completed as dask_completed

            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                futures = [client.submit(_work, item, func, pure=False) for item in todo]
                for fut in dask_completed(futures):
                    record(fut.result())
        else:
            raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
        store.finish_run(run_id, summary.done, len(summary.failed))
    return summary
