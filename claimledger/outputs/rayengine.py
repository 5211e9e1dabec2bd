"""The per-document stage on Ray (``--engine ray``, the optional extra ``claimledger[ray]``; issue 13).

Each Ray worker is an actor that loads the spaCy pipeline and the embedding model once, then extracts the
documents handed to it, one at a time, and embeds chunks of their texts (one document's chunks spread over
every actor), under the same ``--timeout`` as a local worker (the alarm of
:func:`claimledger.outputs.pool.limited`; an actor still busy ``GRACE`` seconds later is killed and
replaced). Results travel back to the driver, which gathers them in input order for the cross-document
stages, so the ledger is the local engine's, byte for byte (vectors are computed one text at a time on one
thread: see claimledger.models.embeddings). ``--ray-address`` joins a running cluster (the documents must
then be at the same path on every node, and claimledger installed there); without it a local Ray starts
with ``jobs`` CPUs and stops at the end. ``--memory-mb`` is not applied here: a Ray worker maps the
object store into its address space, which an address-space limit would break.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from claimledger.models.embeddings import embed, packed
from claimledger.models.errors import FileError, MissingExtra
from claimledger.models.records import DocumentResult, RunError
from claimledger.outputs.pool import GRACE, chunked, limited, too_long, warm_models
from claimledger.outputs.settings import RunOptions

OBJECT_STORE_MB = 256  # a local Ray's shared store: results are small pickles, the default takes 30% of memory


class Extractor:
    """A Ray actor holding the models: one per CPU the run is given."""

    def __init__(self) -> None:
        warm_models()

    def extract(self, path: str, options: RunOptions) -> DocumentResult:
        return limited(Path(path), options)

    def embed(self, texts: list[str]) -> np.ndarray:
        return embed(texts)


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise MissingExtra("Ray is not installed: pip install 'claimledger[ray]'") from None
    return ray


def ray_extracted(paths: Sequence[Path], options: RunOptions, cpus: int) -> Iterator[DocumentResult]:
    """One result per path, in order, extracted by Ray actors (at most one per path)."""
    if not paths:
        return
    ray = _ray()
    started = not ray.is_initialized()
    if started:
        local = {} if options.ray_address else {"num_cpus": cpus, "object_store_memory": OBJECT_STORE_MB << 20}
        ray.init(address=options.ray_address, include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR", **local)
    try:
        yield from _scheduled(ray, paths, options, cpus)
    finally:
        if started:
            ray.shutdown()


def _scheduled(ray: Any, paths: Sequence[Path], options: RunOptions, cpus: int) -> Iterator[DocumentResult]:
    """Hand each free actor the next job (a document to extract, or a chunk of an extracted document's texts
    to embed, queued first); yield the results in input order as they complete."""
    actor = ray.remote(num_cpus=1, max_restarts=0)(Extractor)
    width = cpus if not options.ray_address else max(1, int(ray.cluster_resources()["CPU"]))
    free = [actor.remote() for _ in range(width)]
    queue: deque[tuple[int, int, Any]] = deque((i, -1, path) for i, path in enumerate(paths))
    pending: dict[Any, tuple[int, int, Any, Any, float]] = {}
    extracted: dict[int, DocumentResult] = {}
    rows: dict[int, dict[int, np.ndarray]] = {}
    following = 0
    try:
        while queue or pending:
            while free and queue:
                i, k, job = queue.popleft()
                worker = free.pop()
                ref = worker.extract.remote(str(job), options) if k < 0 else worker.embed.remote(job)
                pending[ref] = (i, k, job, worker, time.monotonic())
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
            for ref in ready:
                i, k, job, worker, _ = pending.pop(ref)
                value, healthy = _outcome(ray, ref, paths[i], k)
                free.append(worker if healthy else actor.remote())
                if k < 0:
                    extracted[i], rows[i] = value, {}
                    queue.extendleft(reversed([(i, n, texts) for n, texts in enumerate(chunked(value.embedded))]))
                else:
                    rows[i][k] = value if value is not None else embed(job)
            for ref, (i, k, job, worker, since) in list(pending.items()):
                if time.monotonic() - since > options.timeout + GRACE:  # the alarm did not reach it
                    del pending[ref]
                    ray.kill(worker)
                    free.append(actor.remote())
                    if k < 0:
                        extracted[i], rows[i] = too_long(paths[i], options), {}
                    else:
                        rows[i][k] = embed(job)
            while following in extracted and len(rows[following]) == len(chunked(extracted[following].embedded)):
                yield _assembled(extracted.pop(following), rows.pop(following))
                following += 1
    finally:
        for worker in free + [w for _, _, _, w, _ in pending.values()]:
            ray.kill(worker)


def _assembled(found: DocumentResult, rows: dict[int, np.ndarray]) -> DocumentResult:
    return replace(found, vectors=packed(np.concatenate([rows[k] for k in sorted(rows)]))) if rows else found


def _outcome(ray: Any, ref: Any, path: Path, chunk: int) -> tuple[Any, bool]:
    """A job's value (None for a chunk whose actor died: the driver embeds it), and whether its actor may be
    used again (not after it died)."""
    try:
        return ray.get(ref), True
    except ray.exceptions.RayActorError:
        if chunk >= 0:
            return None, False
        cause = "extraction failed (its Ray actor died: out of memory, or a crash in a C extension)"
        return DocumentResult(str(path), error=RunError(str(path), str(FileError(str(path), cause)))), False
