"""The per-document stage of a run: cached results where the cache has them, the rest extracted in a pool of
worker processes (issue 13), every result handed back in input order so the ledger is the same whatever the
number of workers.

Each worker loads the spaCy pipeline once (the pool's initializer). Workers are forked where the platform
allows (the parent has loaded nothing heavy by then, and a fork shares its already-imported modules),
else spawned. A worker that dies (a crash in a C extension, the kernel's OOM killer) breaks the pool: the
documents it held are then tried again one at a time in a fresh pool of one, and the one that kills its
worker again gets a one-line error.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from claimledger.extract.nlp import load_nlp
from claimledger.models.errors import FileError
from claimledger.models.records import DocumentResult, RunError
from claimledger.outputs.cache import Cache
from claimledger.outputs.perdoc import extract_document
from claimledger.outputs.settings import RunOptions

Step = Callable[[str, int, int, str], None]  # stage, done, total, what: the run's progress


def default_jobs() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def document_results(files: Sequence[Path], options: RunOptions, cache: Cache | None, jobs: int,
                     step: Step) -> Iterator[DocumentResult]:
    """One result per file, in the order of ``files``: from ``cache`` where it has the document, else
    extracted (in-process for ``jobs`` 1 or a single document, else by ``jobs`` workers) and then cached."""
    keys: list[str | None] = []
    cached: list[DocumentResult | None] = []
    for n, path in enumerate(files, start=1):
        step("reading", n, len(files), path.name)
        keys.append(cache.key(path) if cache else None)
        cached.append(cache.get(keys[-1], path) if cache else None)
    todo = [path for path, hit in zip(files, cached) if hit is None]
    extracted = _extracted(todo, options, min(jobs, len(todo)))
    done = 0
    for path, key, hit in zip(files, keys, cached):
        if hit is not None:
            yield hit
            continue
        result = next(extracted)
        done += 1
        step("extracting", done, len(todo), path.name)
        if cache:
            cache.put(key, result)
        yield result
    step("extracted", len(todo), len(files), f"({len(files) - len(todo)} from the cache)")


def _extracted(paths: Sequence[Path], options: RunOptions, jobs: int) -> Iterator[DocumentResult]:
    if jobs <= 1:
        yield from (extract_document(p, options) for p in paths)
        return
    with ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_warm) as pool:
        futures = [pool.submit(extract_document, p, options) for p in paths]
        try:
            for path, future in zip(paths, futures):
                yield _outcome(path, future, options)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # a run stopped early (strict) leaves no work behind


def _outcome(path: Path, future: Future[DocumentResult], options: RunOptions) -> DocumentResult:
    try:
        return future.result()
    except BrokenProcessPool:
        return _alone(path, options)


def _alone(path: Path, options: RunOptions) -> DocumentResult:
    """``path`` extracted in a pool of its own, after a worker died: a second death is its own doing."""
    with ProcessPoolExecutor(1, mp_context=_context(), initializer=_warm) as pool:
        try:
            return pool.submit(extract_document, path, options).result()
        except BrokenProcessPool:
            cause = "extraction failed (its worker process died: out of memory, or a crash in a C extension)"
            return DocumentResult(str(path), error=RunError(str(path), str(FileError(str(path), cause))))


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _warm() -> None:
    """A worker's initializer: the spaCy pipeline loaded once, before its first document."""
    load_nlp()
