"""Ranking claims for a query: TF-IDF and sentence-embedding scores, fused by a weighted sum.

``ClaimIndex`` holds what the stored index holds (``claimledger.outputs.index`` writes it,
``claimledger.models.search`` opens it) and scores a query among the rows a filter allows. Cost stays low
at a million claims: TF-IDF reads only the postings of the query's words, and above ``EXACT_LIMIT`` allowed
rows the embedding side scans sign-bit codes before rescoring the best exactly.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

# TF-IDF settings: numbers ("385,000", "16.6") stay one token, accents folded, English stop words out,
# sublinear tf so a repeated word counts less. Single words: word pairs and character n-grams scored within
# a point on the query set and would multiply the matrix at a million claims.
LEXICAL_PARAMS: dict[str, Any] = {"lowercase": True, "strip_accents": "unicode", "stop_words": "english",
                                  "token_pattern": r"(?u)\b\w+(?:[.,]\d+)*\b", "sublinear_tf": True,
                                  "dtype": np.float32}
# Fused score = w * embedding cosine + (1 - w) * TF-IDF cosine, both in [0, 1]. 0.5 is the untuned midpoint;
# on tests/gold/queries.json every w in 0.4-0.6 beats either ranking alone (see tests/models/test_search.py).
EMBEDDING_WEIGHT = 0.5
CANDIDATES = 1000       # how deep each ranking goes before fusion (and how many bit-scan rows are rescored)
EXACT_LIMIT = 2_000     # above this many allowed claims, a bit-code scan picks candidates for exact scoring


def make_vectorizer(vocabulary: Sequence[str] | None = None) -> TfidfVectorizer:
    """The TF-IDF vectorizer of the index, with a fixed vocabulary when one is given."""
    return TfidfVectorizer(**LEXICAL_PARAMS, vocabulary=list(vocabulary) if vocabulary is not None else None)


def bit_codes(embeddings: np.ndarray) -> np.ndarray:
    """Sign bits of each row packed into uint64 words, laid out (words, rows) so a scan reads memory in order."""
    bits = np.packbits(np.asarray(embeddings) > 0, axis=1)
    pad = (-bits.shape[1]) % 8
    bits = np.pad(bits, ((0, 0), (0, pad)))
    return np.ascontiguousarray(bits.view(np.uint64).T)


class ClaimIndex:
    """Embeddings and TF-IDF over claim texts; ``rank`` scores a query among allowed rows.

    Learned state: ``vectorizer_``, ``postings_`` (terms x claims CSR), ``embeddings_`` (float16),
    ``codes_`` (bit codes for the coarse scan at scale).
    """

    def __init__(self, embedding_weight: float = EMBEDDING_WEIGHT, candidates: int = CANDIDATES,
                 exact_limit: int = EXACT_LIMIT) -> None:
        self.embedding_weight = embedding_weight
        self.candidates = candidates
        self.exact_limit = exact_limit

    def fit(self, texts: Sequence[str], embeddings: np.ndarray) -> ClaimIndex:
        """Learn the vocabulary and idf from ``texts``; keep ``embeddings`` (unit rows, same order)."""
        vectorizer = make_vectorizer()
        matrix = vectorizer.fit_transform(texts) if len(texts) else sparse.csr_matrix((0, 0), dtype=np.float32)
        self.vectorizer_ = vectorizer
        self.postings_ = sparse.csr_matrix(matrix.T, dtype=np.float32)
        self.embeddings_ = np.asarray(embeddings, dtype=np.float16)
        self.codes_ = bit_codes(self.embeddings_)
        return self

    @property
    def size(self) -> int:
        """Number of indexed claims."""
        return int(self.embeddings_.shape[0])

    def lexical_scores(self, query: str) -> tuple[np.ndarray, np.ndarray, int]:
        """TF-IDF cosine of the query with every claim, the rows that share a word with it (a row once per
        shared word) and the number of the query's indexed words. Only their postings are read."""
        if not getattr(self.vectorizer_, "vocabulary_", None):
            return np.zeros(self.size, dtype=np.float32), np.zeros(0, dtype=np.int64), 0
        q = self.vectorizer_.transform([query])
        ptr = self.postings_.indptr
        spans = [slice(ptr[t], ptr[t + 1]) for t in q.indices]
        rows = np.concatenate([self.postings_.indices[s] for s in spans] or [np.zeros(0, np.int32)])
        weights = np.concatenate([self.postings_.data[s] * w for s, w in zip(spans, q.data)] or [np.zeros(0)])
        return np.bincount(rows, weights=weights, minlength=self.size).astype(np.float32), rows, len(spans)

    def lexical_top(self, query: str, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The best ``candidates`` allowed rows by TF-IDF (only rows sharing a word), and all TF-IDF scores.

        Selecting among the matched postings avoids scanning a million mostly-zero scores."""
        lexical, rows, words = self.lexical_scores(query)
        if allowed is not None:
            rows = rows[allowed[rows]]
        best = np.unique(rows[_top(lexical[rows], self.candidates * max(words, 1))])  # once per shared word
        return best[_top(lexical[best], self.candidates)], lexical

    def embedding_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine of the query vector with the given rows.

        torch widens float16 to float32 about five times faster than numpy (F16C), which matters when
        thousands of rows are rescored per query."""
        import torch

        block = torch.from_numpy(np.ascontiguousarray(self.embeddings_[rows])).float().numpy()
        return block @ vector.astype(np.float32)

    def embedding_candidates(self, vector: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
        """Rows (among allowed) that may be the query's nearest: all of them when few, else a bit-code scan.

        Hamming distance over sign bits approximates cosine; the best ``candidates`` by it are then scored
        exactly. A narrow filter scans only its own rows. Written by hand because no ANN library is among
        the dependencies.
        """
        count = self.size if allowed is None else int(np.count_nonzero(allowed))
        if count <= self.exact_limit:
            return np.arange(self.size) if allowed is None else np.flatnonzero(allowed)
        rows = np.flatnonzero(allowed) if allowed is not None and count <= self.size // 8 else None
        codes = self.codes_ if rows is None else np.asarray(self.codes_)[:, rows]
        distance = _hamming(codes, bit_codes(vector[None, :])[:, 0])
        if rows is None and allowed is not None:
            distance[~allowed] = np.iinfo(np.uint16).max
        near = _nearest(distance, self.candidates)
        return near if rows is None else rows[near]

    def rank(self, query: str, vector: np.ndarray | None, k: int, allowed: np.ndarray | None = None,
             mode: str = "hybrid") -> tuple[np.ndarray, np.ndarray]:
        """The best ``k`` allowed rows (all when ``allowed`` is None) and their scores, best first.

        ``mode`` is hybrid, lexical (claims sharing no word with the query are not ranked) or embeddings."""
        if self.size == 0 or (allowed is not None and not allowed.any()):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        if mode != "embeddings":
            lex_top, lexical = self.lexical_top(query, allowed)
            if mode == "lexical" or vector is None:
                return _best(lex_top, lexical[lex_top], k)
        if vector is None:
            raise ValueError("ranking by embeddings needs the query's vector")
        cand = np.sort(self.embedding_candidates(vector, allowed))
        emb = self.embedding_scores(vector, cand)
        if mode == "embeddings":
            return _best(cand, emb, k)
        # Candidates: the best of each ranking; each is scored by both, so the sum is exact for them.
        rows = np.union1d(cand[_top(emb, self.candidates)], lex_top)
        at = np.minimum(np.searchsorted(cand, rows), cand.size - 1)
        scored = cand[at] == rows
        emb_rows = np.empty(rows.size, dtype=np.float32)
        emb_rows[scored] = emb[at[scored]]
        emb_rows[~scored] = self.embedding_scores(vector, rows[~scored])
        fused = self.embedding_weight * emb_rows + (1.0 - self.embedding_weight) * lexical[rows]
        return _best(rows, fused, k)


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest scores (unordered), via argpartition."""
    if scores.size <= n:
        return np.arange(scores.size)
    return np.argpartition(scores, -n)[-n:]


def _hamming(codes: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Bits that differ between each column of ``codes`` (words x rows) and the query's words."""
    n = codes.shape[1]
    distance = np.zeros(n, dtype=np.uint16)
    xor = np.empty(n, dtype=np.uint64)
    count, near = np.empty(n, dtype=np.uint8), np.empty(n, dtype=np.uint8)
    for part in (slice(0, 3), slice(3, None)):   # three words give at most 192 bits: uint8 is enough
        near.fill(0)
        for word, qword in zip(codes[part], query[part]):
            np.bitwise_xor(word, qword, out=xor)
            near += np.bitwise_count(xor, out=count)
        distance += near
    return distance


def _nearest(distance: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` smallest small-integer distances, ties by index: a histogram finds the cut-off,
    which is cheaper than a partition of a million values."""
    if distance.size <= n:
        return np.arange(distance.size)
    cut = int(np.searchsorted(np.cumsum(np.bincount(distance)), n))
    near = np.flatnonzero(distance <= cut)
    inside = distance[near] < cut
    return np.concatenate([near[inside], near[~inside][: n - int(inside.sum())]])


def _order(rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Positions sorting by score descending, ties by row ascending (deterministic)."""
    return np.lexsort((rows, -scores))


def _best(rows: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    order = _order(rows, scores)[:k]
    return rows[order], np.asarray(scores[order], dtype=np.float64)


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Run torch on one thread inside the block (a query's embedding and rescoring), then restore its count.

    A query is one short text: a second thread gains nothing, and on a busy two-core machine torch's
    OpenMP workers wait for each other and keep spinning after each call, slowing the numpy work that
    follows (measured: 13 ms against 440 ms for embedding one query)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
