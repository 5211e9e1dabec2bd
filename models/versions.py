"""Versions of one text: which documents are versions of one another, in what order, and which sentences
each carried over from the other (DESIGN.md, "Aligning versions").

1. Block: two documents are compared only when they share word 5-grams (numbers masked), found through an
   inverted index, so unrelated documents never meet and the cost stays near-linear in documents.
2. Candidates: each sentence's nearest neighbours in the other document by sentence embedding.
3. Confirm: a lexical score on the words with numbers masked (rapidfuzz), blended with the cosine; two
   sentences that differ only in their figures score as identical, which is the point.
4. Assign one to one, best first; then join a sentence to two neighbouring sentences of the other version
   where together they say it better (``split``/``merged``); a pair off the longest run of kept order is
   ``moved``.
5. Families: documents whose share of aligned sentences is high enough, joined transitively; ordered by
   year (stated or catalog, then inferred), then id.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from models.records import Alignment, DocumentInfo, Sentence, Version

NEIGHBOURS = 4  # candidates per sentence from embeddings, each way
MIN_COSINE = 0.45  # below this two sentences are not even candidates
MATCH = 0.62  # blended similarity at which two sentences carry the same statement
FAMILY_SHARE = 0.2  # share of the smaller document's sentences aligned for two documents to be versions
FAMILY_MIN = 5  # and at least this many aligned sentences
SHINGLE = 5
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
Embed = Callable[[Sequence[str]], np.ndarray]


def words(text: str) -> list[str]:
    """The sentence's words, lower-cased, every number masked as ``#`` (punctuation dropped)."""
    return ["#" if t[0].isdigit() else t.lower() for t in _TOKEN.findall(text)]


def lexical(a: str, b: str) -> float:
    """Similarity of two masked word strings, 0-1: the better of rapidfuzz's Indel ratio and its
    token-set ratio discounted for length difference (a sentence cut in two still matches each half)."""
    from rapidfuzz import fuzz

    if not a or not b:
        return 0.0
    ratio = fuzz.ratio(a, b) / 100
    short, long_ = sorted((len(a), len(b)))
    token_set = fuzz.token_set_ratio(a, b) / 100 * (0.5 + 0.5 * short / long_)
    return max(ratio, token_set)


def blend(cosine: float, lex: float) -> float:
    """The score a pair is accepted on: the lexical score carries it, the cosine adds what rewording hides."""
    return 0.65 * lex + 0.35 * cosine


@dataclass(frozen=True)
class Side:
    """One document's sentences as the aligner needs them."""

    sentences: tuple[Sentence, ...]
    masked: tuple[str, ...]
    vectors: np.ndarray


def sides(texts: Mapping[str, str], sentences: Sequence[Sentence], embed: Embed) -> dict[str, Side]:
    """Each document's sentences with their masked words and embeddings (each distinct text embedded once)."""
    by_doc: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_doc[s.doc_id].append(s)
    raw = {d: [texts[d][s.start:s.end] for s in ss] for d, ss in by_doc.items()}
    distinct = sorted({" ".join(t.split()) for ts in raw.values() for t in ts})
    vectors = embed(distinct)
    row = {t: i for i, t in enumerate(distinct)}
    return {d: Side(tuple(ss), tuple(" ".join(words(t)) for t in raw[d]),
                    vectors[[row[" ".join(t.split())] for t in raw[d]]] if raw[d] else vectors[:0])
            for d, ss in sorted(by_doc.items())}


def candidate_pairs(sides_: Mapping[str, Side], min_shared: int = 3, max_df: int = 50) -> list[tuple[str, str]]:
    """Document pairs that share at least ``min_shared`` masked word 5-grams (boilerplate shared by more than
    ``max_df`` documents does not count), through an inverted index."""
    postings: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for doc_id, side in sides_.items():
        for masked in side.masked:
            w = masked.split()
            for i in range(len(w) - SHINGLE + 1):
                postings[tuple(w[i:i + SHINGLE])].add(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    for docs in postings.values():
        if 1 < len(docs) <= max_df:
            for a, b in combinations(sorted(docs), 2):
                shared[(a, b)] += 1
    return sorted(pair for pair, n in shared.items() if n >= min_shared)


def align_pair(a: Side, b: Side) -> list[Alignment]:
    """The sentences of ``b`` that carry a sentence of ``a``, with their kind and similarity."""
    if not a.sentences or not b.sentences:
        return []
    scores = _scored_candidates(a, b)
    matched: dict[int, int] = {}
    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score >= MATCH and i not in matched and j not in matched.values():
            matched[i] = j
    links: dict[tuple[int, int], tuple[str, float]] = {}
    near_a: dict[int, set[int]] = defaultdict(set)
    near_b: dict[int, set[int]] = defaultdict(set)
    for i, j in scores:
        near_a[i].add(j)
        near_b[j].add(i)
    for i, first, score in _joined(a.masked, b.masked, matched, near_a, lambda x, y: scores.get((x, y), 0.0)):
        matched = {x: y for x, y in matched.items() if x != i and y not in (first, first + 1)}
        links[(i, first)] = links[(i, first + 1)] = ("split", score)
    split_a = {i for i, _ in links}
    split_b = {j for _, j in links}
    flipped = {j: i for i, j in matched.items()}
    for j, first, score in _joined(b.masked, a.masked, flipped, near_b, lambda x, y: scores.get((y, x), 0.0)):
        if j in split_b or first in split_a or first + 1 in split_a:
            continue
        matched = {x: y for x, y in matched.items() if y != j and x not in (first, first + 1)}
        links[(first, j)] = links[(first + 1, j)] = ("merged", score)
    moved = _off_order(sorted(matched.items()))
    for i, j in matched.items():
        same = a.masked[i] == b.masked[j] and scores[(i, j)] >= 0.99
        links[(i, j)] = ("moved" if (i, j) in moved else "identical" if same else "edited", scores[(i, j)])
    out = []
    for (i, j), (kind, score) in sorted(links.items()):
        sa, sb = a.sentences[i], b.sentences[j]
        out.append(Alignment(sa.doc_id, sa.index, sb.doc_id, sb.index, sa.start, sa.end, sb.start, sb.end, kind,
                             round(score, 4)))
    return out


def _scored_candidates(a: Side, b: Side) -> dict[tuple[int, int], float]:
    """Each sentence's nearest neighbours in the other document, both ways, scored by :func:`blend`."""
    sims = a.vectors @ b.vectors.T
    pairs: set[tuple[int, int]] = set()
    k = min(NEIGHBOURS, sims.shape[1])
    for i, row in enumerate(sims):
        pairs.update((i, int(j)) for j in np.argpartition(-row, k - 1)[:k])
    k = min(NEIGHBOURS, sims.shape[0])
    for j, col in enumerate(sims.T):
        pairs.update((int(i), j) for i in np.argpartition(-col, k - 1)[:k])
    return {(i, j): blend(float(sims[i, j]), lexical(a.masked[i], b.masked[j]))
            for i, j in sorted(pairs) if sims[i, j] >= MIN_COSINE}


def _joined(one: Sequence[str], two: Sequence[str], matched: Mapping[int, int], near: Mapping[int, set[int]],
            score: Callable[[int, int], float]) -> list[tuple[int, int, float]]:
    """Sentences of ``one`` carried as two neighbouring sentences of ``two`` (i, the first of the two, score):
    the two together match it better than either alone, and each stands in it. Neighbours already linked to
    another sentence are not taken from it."""
    owner = {j: i for i, j in matched.items()}
    found = []
    for i in range(len(one)):
        j = matched.get(i)
        for first in ([j - 1, j] if j is not None else sorted(near.get(i, ()))):
            pair = (first, first + 1)
            if first < 0 or first + 1 >= len(two) or any(owner.get(x, i) != i for x in pair):
                continue
            joined = lexical(one[i], two[first] + " " + two[first + 1])
            alone = max(score(i, x) for x in pair)
            if joined >= MATCH and joined > alone + 0.05 and min(_part(two[x], one[i]) for x in pair) >= 0.7:
                found.append((i, first, round(joined, 4)))
                break
    return found


def _part(short: str, long_: str) -> float:
    """How much of ``short`` stands in ``long_`` (rapidfuzz partial token-set ratio, 0-1)."""
    from rapidfuzz import fuzz

    return fuzz.partial_token_set_ratio(short, long_) / 100 if short and long_ else 0.0


def _off_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs off the longest run that keeps both documents' order (those sentences were moved)."""
    pairs = sorted(pairs)
    if not pairs:
        return set()
    best = [1] * len(pairs)
    back = [-1] * len(pairs)
    for x in range(len(pairs)):
        for y in range(max(0, x - 400), x):
            if pairs[y][1] < pairs[x][1] and best[y] + 1 > best[x]:
                best[x], back[x] = best[y] + 1, y
    x = max(range(len(pairs)), key=lambda k: (best[k], -k))
    keep = set()
    while x >= 0:
        keep.add(pairs[x])
        x = back[x]
    return set(pairs) - keep


def share(alignments: Sequence[Alignment], a: Side, b: Side) -> float:
    """The share of the smaller document's sentences that are aligned."""
    if not a.sentences or not b.sentences:
        return 0.0
    aligned_a = len({x.sentence_a for x in alignments})
    aligned_b = len({x.sentence_b for x in alignments})
    small = min(len(a.sentences), len(b.sentences))
    return min(aligned_a, aligned_b) / small


@dataclass(frozen=True)
class VersionResult:
    """The versions of a run: each document's family and order, and the sentence alignments inside families."""

    versions: tuple[Version, ...]
    alignments: tuple[Alignment, ...]


def align_versions(texts: Mapping[str, str], sentences: Sequence[Sentence], infos: Mapping[str, DocumentInfo],
                   embed: Embed | None = None) -> VersionResult:
    """Align every candidate pair of documents, keep the pairs that are versions, and order each family."""
    if embed is None:
        from models.embeddings import embed as default_embed

        embed = default_embed
    by_doc = sides(texts, sentences, embed)
    kept: dict[tuple[str, str], list[Alignment]] = {}
    for a, b in candidate_pairs(by_doc):
        found = align_pair(by_doc[a], by_doc[b])
        if len(found) >= FAMILY_MIN and share(found, by_doc[a], by_doc[b]) >= FAMILY_SHARE:
            kept[(a, b)] = found
    versions = families(sorted(texts), kept, infos)
    return VersionResult(tuple(versions), tuple(x for pair in sorted(kept) for x in kept[pair]))


def families(doc_ids: Sequence[str], pairs: Mapping[tuple[str, str], object],
             infos: Mapping[str, DocumentInfo]) -> list[Version]:
    """Connected components of the version pairs, each ordered by year, then id; a document with no other
    version is its own family of one, with no family id."""
    parent = {d: d for d in doc_ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in pairs:
        parent[root(a)] = root(b)
    members: dict[str, list[str]] = defaultdict(list)
    for d in doc_ids:
        members[root(d)].append(d)
    out = []
    for docs in members.values():
        ordered = sorted(docs, key=lambda d: (infos[d].year or 9999 if d in infos else 9999, d))
        family = "f" + hashlib.sha1(",".join(sorted(docs)).encode()).hexdigest()[:10] if len(docs) > 1 else ""
        for n, d in enumerate(ordered, start=1):
            info = infos.get(d, DocumentInfo(d))
            out.append(Version(d, family, n, info.year, info.year_basis))
    return sorted(out, key=lambda v: v.doc_id)
