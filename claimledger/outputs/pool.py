"""The per-document stage of a run: cached results where the cache has them, the rest extracted in a pool of
worker processes (issue 13), every result handed back in input order so the ledger is the same whatever the
number of workers.

Every document is extracted in a worker, even with one job, so that it is held to its limits without the run:
a worker's address space may grow by ``memory_mb`` past what it holds once the spaCy pipeline and the
embedding model are loaded (the pool's initializer), and one document may take ``timeout`` seconds to read and
extract (an alarm inside the worker; a worker stuck where the alarm cannot reach is killed from the run
``GRACE`` seconds later). Workers are forked where the platform allows (the parent has loaded nothing heavy by
then, and a fork shares its already-imported modules), else spawned. A worker that dies (a crash in a C
extension, the kernel's OOM killer, a kill after its time) breaks the pool: the documents it held are then
tried again one at a time in a fresh pool of one, and the one that kills its worker again gets a one-line
error.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as Late
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np

from claimledger.extract.nlp import load_nlp
from claimledger.models.embeddings import embed, packed
from claimledger.models.errors import DocumentTooCostly, FileError
from claimledger.models.records import DocumentResult, RunError
from claimledger.outputs.cache import Cache
from claimledger.outputs.perdoc import extract_document
from claimledger.outputs.settings import RunOptions

Step = Callable[[str, int, int, str], None]  # stage, done, total, what: the run's progress
GRACE = 30.0  # seconds past a document's time limit before the run kills a worker that has not stopped
CHUNK = 32  # texts per embedding task (about 1 s of work): one document's texts spread over every worker


def default_jobs() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def document_results(files: Sequence[Path], options: RunOptions, cache: Cache | None, jobs: int,
                     step: Step) -> Iterator[DocumentResult]:
    """One result per file, in the order of ``files``: from ``cache`` where it has the document, else
    extracted and embedded by ``jobs`` workers (one document's texts too are spread over them), then cached."""
    keys: list[str | None] = []
    cached: list[DocumentResult | None] = []
    for n, path in enumerate(files, start=1):
        step("reading", n, len(files), path.name)
        keys.append(cache.key(path) if cache else None)
        cached.append(cache.get(keys[-1], path) if cache else None)
    todo = [path for path, hit in zip(files, cached) if hit is None]
    extracted = _extracted(todo, options, jobs if todo else 0) if options.engine == "local" else \
        _on_ray(todo, options, jobs)
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
    """Every document extracted, then its texts embedded in chunks spread over all the workers (a single
    document added to a warm corpus uses every core); results in input order."""
    if not paths:
        return
    pool = _pool(max(1, jobs), options)
    stage = _Embedding(pool, options, [pool.submit(limited, p, options) for p in paths], paths)
    try:
        for i in range(len(paths)):
            yield stage.result(i)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a run stopped early (strict) leaves no work behind


class _Embedding:
    """The extraction futures of a run's documents and the embedding chunks of those already extracted: a
    document's chunks are queued as soon as its extraction ends, whichever document the run waits for."""

    def __init__(self, pool: ProcessPoolExecutor, options: RunOptions, futures: list[Future[DocumentResult]],
                 paths: Sequence[Path]) -> None:
        self.pool, self.options, self.futures, self.paths = pool, options, futures, paths
        self.extracted: dict[int, DocumentResult] = {}
        self.chunks: dict[int, list[tuple[list[str], Future[np.ndarray] | None]]] = {}

    def result(self, i: int) -> DocumentResult:
        self._extract(i)
        parts = self.chunks.pop(i)
        while True:
            waiting: list[Future[Any]] = [f for _, f in parts if f is not None and not f.done()]
            if not waiting:
                break
            waiting += [f for j, f in enumerate(self.futures) if j > i and j not in self.extracted]
            finished, _ = wait(waiting, timeout=self.options.timeout + GRACE, return_when=FIRST_COMPLETED)
            if not finished:
                break  # nothing came back in time: what is left of this document is embedded here
            for j in range(i + 1, len(self.futures)):
                if j not in self.extracted and self.futures[j].done():
                    self._extract(j)
        found = self.extracted.pop(i)
        rows = [_chunk_rows(texts, f, self.options) for texts, f in parts]
        return replace(found, vectors=packed(np.concatenate(rows))) if rows else found

    def _extract(self, i: int) -> None:
        if i in self.extracted:
            return
        found = _outcome(self.pool, self.paths[i], self.futures[i], self.options)
        self.extracted[i] = found
        self.chunks[i] = [(texts, self._submit(texts)) for texts in chunked(found.embedded)]

    def _submit(self, texts: list[str]) -> Future[np.ndarray] | None:
        try:
            return self.pool.submit(embed, texts)
        except (BrokenProcessPool, RuntimeError):  # a pool broken or shut down: the run embeds them itself
            return None


def chunked(texts: Sequence[str]) -> list[list[str]]:
    """``texts`` in chunks of ``CHUNK``, the unit of embedding work handed to a worker."""
    return [list(texts[k:k + CHUNK]) for k in range(0, len(texts), CHUNK)]


def _chunk_rows(texts: list[str], future: Future[np.ndarray] | None, options: RunOptions) -> np.ndarray:
    """A chunk's vectors from its worker, or computed here if the worker failed or did not answer in time
    (the same vectors: each text is embedded alone)."""
    if future is not None:
        try:
            return future.result(timeout=0 if future.done() else options.timeout + GRACE)
        except (Late, BrokenProcessPool, CancelledError):
            pass
    return embed(texts)


def _on_ray(paths: Sequence[Path], options: RunOptions, jobs: int) -> Iterator[DocumentResult]:
    from claimledger.outputs.rayengine import ray_extracted  # Ray is an optional extra, imported only here

    return ray_extracted(paths, options, jobs)


def _pool(jobs: int, options: RunOptions) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_warm, initargs=(options.memory_mb,))


def _outcome(pool: ProcessPoolExecutor, path: Path, future: Future[DocumentResult],
             options: RunOptions) -> DocumentResult:
    try:
        return future.result(timeout=options.timeout + GRACE)
    except Late:
        _kill(pool)  # the other documents in flight are tried again alone, below, as after any broken pool
        return too_long(path, options)
    except BrokenProcessPool:
        return _alone(path, options)


def _alone(path: Path, options: RunOptions) -> DocumentResult:
    """``path`` extracted in a pool of its own, after a worker died: a second death is its own doing."""
    pool = _pool(1, options)
    try:
        return pool.submit(limited, path, options).result(timeout=options.timeout + GRACE)
    except Late:
        _kill(pool)
        return too_long(path, options)
    except BrokenProcessPool:
        cause = "extraction failed (its worker process died: out of memory, or a crash in a C extension)"
        return DocumentResult(str(path), error=RunError(str(path), str(FileError(str(path), cause))))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers (the standard library has no public way before Python 3.14)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()


def too_long(path: Path, options: RunOptions) -> DocumentResult:
    cause = f"reading and extracting it took longer than {options.timeout:g} s (--timeout)"
    return DocumentResult(str(path), error=RunError(str(path), str(DocumentTooCostly(str(path), cause))))


class _Deadline(BaseException):
    """A document's time is up: a BaseException, so that no ``except Exception`` in the extractors keeps it."""


def limited(path: Path, options: RunOptions) -> DocumentResult:
    """One document's extraction in a worker, stopped by an alarm after ``options.timeout`` seconds."""
    def up(signum: int, frame: FrameType | None) -> None:
        raise _Deadline
    previous = signal.signal(signal.SIGALRM, up)
    signal.setitimer(signal.ITIMER_REAL, options.timeout)
    try:
        return extract_document(path, options)
    except _Deadline:
        return too_long(path, options)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def warm_models() -> None:
    """The spaCy pipeline and the embedding model loaded, and the model's first call's buffers allocated."""
    load_nlp()
    embed(["warm-up"])


def _warm(memory_mb: int) -> None:
    """A worker's initializer: its models loaded once, before its first document (:func:`warm_models`);
    then the worker's address space capped at what it holds plus ``memory_mb`` (a document over it is a
    MemoryError, its one-line error)."""
    warm_models()
    with open("/proc/self/statm") as f:
        holds = int(f.read().split()[0]) * resource.getpagesize()
    limit = holds + memory_mb * 2**20
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
