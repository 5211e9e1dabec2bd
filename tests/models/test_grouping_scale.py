"""Grouping's candidate search past the exact size: the inverted file finds nearly the neighbours the exact
product finds, the same ones on every run, at a fraction of the products."""
from __future__ import annotations

import numpy as np
import pytest

from claimledger.models import grouping


def _clustered(n: int, seed: int = 1) -> np.ndarray:
    """Unit vectors in clusters of about 50, as claims about one thing are in embedding space."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n // 50, 384)).astype(np.float32)
    x = centres[rng.integers(0, len(centres), n)] + 0.6 * rng.standard_normal((n, 384)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_the_inverted_file_keeps_nine_in_ten_of_the_exact_neighbour_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grouping, "CELL", 300)  # 12 cells for 4,000 rows, as 125 cells for 250,000
    vectors = _clustered(4000)
    exact = set(grouping._nearest(vectors, 40, exact_up_to=len(vectors)))
    approx = list(grouping._nearest(vectors, 40, exact_up_to=0))
    assert len(set(approx) & exact) / len(exact) >= 0.95
    assert approx == list(grouping._nearest(vectors, 40, exact_up_to=0))  # the same on every run


def test_a_block_at_or_below_the_exact_size_is_searched_exactly() -> None:
    vectors = _clustered(500)
    row = vectors[7] @ vectors.T
    best = set(np.argsort(-row)[1:11].tolist())
    found = {j if i == 7 else i for i, j in grouping._nearest(vectors, 10) if 7 in (i, j)}
    assert best <= found
