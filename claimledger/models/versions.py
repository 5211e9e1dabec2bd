"""Versions of one text: which documents are versions of one another, in what order, and which sentences
each carried over from the other (DESIGN.md, "Aligning versions").

1. Block: two documents are compared only when they share word 5-grams (numbers masked), found through an
   inverted index, so unrelated documents never meet and the cost stays near-linear in documents.
2. Candidates: each sentence's nearest neighbours in the other document by sentence embedding and by TF-IDF
   (both ways), and the neighbours of every strong pair.
3. Score: gradient-boosted trees (``align_model.json``, learned from ``tests/gold/alignments.json`` by
   ``python -m claimledger.models.train_align``, read by :mod:`claimledger.models.trees`) over the cosine,
   rapidfuzz scores of the words with numbers masked (two sentences that differ only in their figures score
   as identical, which is the point), shared rare words, shared numbers, the pairs beside it (runs of
   carried-over sentences), and how alike the things the two sentences' figures measure are.
4. Link every pair above the threshold, keeping for each sentence its best partner and the run of
   neighbouring sentences around it (one sentence ``split`` into two, or two ``merged``); a one-to-one pair
   off the longest run of kept order is ``moved``.
5. Related pairs (a few sentences carried over) keep their alignments; versions (a high share) are joined
   into families, ordered by year (stated or catalog, then inferred), then id.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np

from claimledger.models.grouping import PairModel, components, dimension
from claimledger.models.records import Alignment, Claim, DocumentInfo, Sentence, Version
from claimledger.models.trees import TreeModel, read_tree_model

NEIGHBOURS = 4  # candidates per sentence from embeddings, each way
MIN_COSINE = 0.3  # below this two sentences are not even candidates
FAMILY_SHARE = 0.2  # share of the smaller document's sentences aligned for two documents to be versions
RELATED_SHARE = 0.05  # below it, two documents' few aligned sentences are not kept at all (not related)
FAMILY_MIN = 5  # and at least this many aligned sentences
SHINGLE = 5
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_STOP = frozenset("""the a an of in on at by to for and or but with from that this these those is are was were be
been has have had it its as which who whom than # s""".split())
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
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
    numbers: tuple[frozenset[str], ...]
    vectors: np.ndarray
    # each sentence's claims as (dimension, row of ``facts``): what each figure measures, embedded
    claims: tuple[tuple[tuple[str, int], ...], ...] = ()
    facts: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


def sides(texts: Mapping[str, str], sentences: Sequence[Sentence], embed: Embed,
          claims: Sequence[Claim] = ()) -> dict[str, Side]:
    """Each document's sentences with their masked words and embeddings, and the prose claims each holds with
    the embedding of what they measure (each distinct text embedded once)."""
    by_doc: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_doc[s.doc_id].append(s)
    raw = {d: [texts[d][s.start:s.end] for s in ss] for d, ss in by_doc.items()}
    starts = {d: [s.start for s in ss] for d, ss in by_doc.items()}
    held: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.origin != "text" or c.doc_id not in by_doc:
            continue
        k = bisect.bisect_right(starts[c.doc_id], c.char_start) - 1
        if k >= 0 and by_doc[c.doc_id][k].start <= c.char_start < by_doc[c.doc_id][k].end:
            held[(c.doc_id, k)].append(c)
    measured = {c.quantity or c.sentence for cs in held.values() for c in cs}
    distinct = sorted({" ".join(t.split()) for ts in raw.values() for t in ts} | measured)
    vectors = embed(distinct)
    row = {t: i for i, t in enumerate(distinct)}
    def facts(d: str) -> tuple[tuple[tuple[str, int], ...], ...]:
        return tuple(tuple((dimension(c), row[c.quantity or c.sentence]) for c in sorted(
            held[(d, k)], key=lambda c: (c.char_start, c.claim_id))) for k in range(len(by_doc[d])))
    return {d: Side(tuple(ss), tuple(" ".join(words(t)) for t in raw[d]),
                    tuple(frozenset(_NUMBER.findall(t)) for t in raw[d]),
                    vectors[[row[" ".join(t.split())] for t in raw[d]]] if raw[d] else vectors[:0],
                    facts(d), vectors)
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


ALIGN_FEATURES = ("cosine", "ratio", "token_set", "length", "best_a", "best_b", "context", "numbers", "short",
                  "tfidf", "figures", "contained", "beside", "gain", "measured", "same_kind")
ALIGN_MODEL = Path(__file__).with_name("align_model.json")


@lru_cache(maxsize=1)
def load_align_model(path: Path = ALIGN_MODEL) -> TreeModel:
    """The alignment model shipped with the package (learned by ``python -m claimledger.models.train_align``)."""
    return read_tree_model(path, ALIGN_FEATURES)


def candidates(a: Side, b: Side) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Candidate sentence pairs of two documents and their features (rows in the order of
    :data:`ALIGN_FEATURES`): each sentence's nearest neighbours in the other document by embedding, both ways,
    and the neighbours of every strong pair (an edited sentence beside a carried-over one)."""
    from rapidfuzz import fuzz

    sims = a.vectors @ b.vectors.T
    rare = _tfidf(a, b)
    pairs = {(i, j) for i, j in _nearest_both(sims) if sims[i, j] >= MIN_COSINE}
    pairs |= {(i, j) for i, j in _nearest_both(rare) if rare[i, j] >= 0.2}
    lex = {(i, j): lexical(a.masked[i], b.masked[j]) for i, j in pairs}
    strong = [(i, j) for (i, j), v in lex.items() if blend(float(sims[i, j]), v) >= 0.7]
    for i, j in strong:
        for di, dj in ((-1, -1), (1, 1), (0, -1), (0, 1), (-1, 0), (1, 0)):
            x, y = i + di, j + dj
            if 0 <= x < len(a.masked) and 0 <= y < len(b.masked) and (x, y) not in lex:
                lex[(x, y)] = lexical(a.masked[x], b.masked[y])
    ordered = sorted(lex)
    score = {p: blend(float(sims[p]), lex[p]) for p in ordered}
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (i, j), v in score.items():
        best_a[i] = max(best_a.get(i, 0.0), v)
        best_b[j] = max(best_b.get(j, 0.0), v)
    rows = []
    for i, j in ordered:
        wa, wb = a.masked[i], b.masked[j]
        na, nb = len(wa.split()), len(wb.split())
        context = max(score.get((i - 1, j - 1), 0.0), score.get((i + 1, j + 1), 0.0))
        shared = len(a.numbers[i] & b.numbers[j]) / max(1, len(a.numbers[i] | b.numbers[j]))
        # one half of a split sentence: its words stand in the other sentence, whose best match is beside it
        sa, sb = set(wa.split()) - _STOP, set(wb.split()) - _STOP
        contained = len(sa & sb) / max(1, min(len(sa), len(sb)))
        beside = max(score.get((i, j - 1), 0.0), score.get((i, j + 1), 0.0), score.get((i - 1, j), 0.0),
                     score.get((i + 1, j), 0.0))
        rows.append([float(sims[i, j]), fuzz.ratio(wa, wb) / 100, fuzz.token_set_ratio(wa, wb) / 100,
                     min(na, nb) / max(1, na, nb), float(score[(i, j)] >= best_a[i]),
                     float(score[(i, j)] >= best_b[j]), context, shared, float(max(na, nb) < 6),
                     float(rare[i, j]), float("#" in wa.split() and "#" in wb.split()), contained, beside,
                     _gain(a.masked, b.masked, i, j, lex), *_measured(a, b, i, j)])
    return ordered, np.round(np.asarray(rows, dtype=float).reshape(-1, len(ALIGN_FEATURES)), 4)


def _measured(a: Side, b: Side, i: int, j: int) -> tuple[float, float]:
    """How alike the things the two sentences' figures measure: the best cosine of two claims of one kind
    (unit, currency), and whether there is such a pair at all. A figure restated in other words ("Only
    13.3% of migrants work in the primary sector", "the relative participation of Mexican immigrants in
    agriculture ... (5.9%)") keeps what it measures when the sentence around it changes."""
    if not a.claims or not b.claims:
        return 0.0, 0.0
    best, same = 0.0, 0.0
    for kind_a, ra in a.claims[i]:
        for kind_b, rb in b.claims[j]:
            if kind_a == kind_b:
                same = 1.0
                best = max(best, float(a.facts[ra] @ b.facts[rb]))
    return round(best, 4), same


def _gain(ma: Sequence[str], mb: Sequence[str], i: int, j: int, lex: Mapping[tuple[int, int], float]) -> float:
    """How much sentence j of b adds to its neighbour's match with sentence i of a when the two are read as
    one (a sentence split in two), or sentence i to its neighbour's match with j (two merged into one)."""
    best = 0.0
    for d in (-1, 1):
        if (i, j + d) in lex and 0 <= j + d < len(mb):
            joined = " ".join((mb[j + d], mb[j])[::d])
            best = max(best, lexical(ma[i], joined) - lex[(i, j + d)])
        if (i + d, j) in lex and 0 <= i + d < len(ma):
            joined = " ".join((ma[i + d], ma[i])[::d])
            best = max(best, lexical(joined, mb[j]) - lex[(i + d, j)])
    return round(best, 4)


def _contiguous(links: set[tuple[int, int]], prob: Mapping[tuple[int, int], float]) -> set[tuple[int, int]]:
    """Of each sentence's accepted partners, its best and the run of neighbouring sentences around it (a
    sentence split in two or three keeps its parts; a far one is a second, weaker reading and is dropped),
    on one side and then the other."""
    for side in (0, 1):
        partners: dict[int, list[int]] = defaultdict(list)
        for pair in links:
            partners[pair[side]].append(pair[1 - side])
        kept: set[tuple[int, int]] = set()
        for x, ys in partners.items():
            def p(y: int, x: int = x, side: int = side) -> float:
                return prob[(x, y) if side == 0 else (y, x)]
            best = max(ys, key=lambda y: (p(y), -y))
            run = {best}
            for step in (-1, 1):
                y = best + step
                while y in ys:
                    run.add(y)
                    y += step
            kept |= {(x, y) if side == 0 else (y, x) for y in run}
        links = kept
    return links


def _nearest_both(sims: np.ndarray) -> set[tuple[int, int]]:
    """Pairs (i, j) where j is among row i's ``NEIGHBOURS`` best columns or i among column j's best rows."""
    pairs: set[tuple[int, int]] = set()
    k = min(NEIGHBOURS, sims.shape[1])
    for i, row in enumerate(sims):
        pairs.update((i, int(j)) for j in np.argpartition(-row, k - 1)[:k])
    k = min(NEIGHBOURS, sims.shape[0])
    for j, col in enumerate(sims.T):
        pairs.update((int(i), j) for i in np.argpartition(-col, k - 1)[:k])
    return pairs


def _tfidf(a: Side, b: Side) -> np.ndarray:
    """TF-IDF cosine of every sentence pair, the idf from both documents' sentences: words rare in the two
    documents ("hometown associations") carry a loosely reworded sentence to its counterpart."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [m.replace("#", " ") for m in a.masked + b.masked]
    try:
        matrix = TfidfVectorizer(stop_words="english", token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
                                 sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no word at all
        return np.zeros((len(a.masked), len(b.masked)))
    return np.asarray((matrix[:len(a.masked)] @ matrix[len(a.masked):].T).todense())


def align_pair(a: Side, b: Side, model: TreeModel | PairModel | None = None) -> list[Alignment]:
    """The sentences of ``b`` that carry a sentence of ``a``, with their kind and similarity."""
    if not a.sentences or not b.sentences:
        return []
    model = model or load_align_model()
    pairs, features = candidates(a, b)
    if not pairs:  # no candidate survived (seen on synthetic documents that share 5-grams only): none aligned
        return []
    prob = dict(zip(pairs, model.probability(features).tolist()))
    links = _contiguous({pair for pair, p in prob.items() if p >= model.threshold}, prob)
    per_a = Counter(i for i, _ in links)
    per_b = Counter(j for _, j in links)
    moved = _off_order(sorted((i, j) for i, j in links if per_a[i] == per_b[j] == 1))
    out = []
    for i, j in sorted(links):
        if per_a[i] > 1:
            kind = "split"
        elif per_b[j] > 1:
            kind = "merged"
        elif (i, j) in moved:
            kind = "moved"
        elif a.masked[i] == b.masked[j] and a.numbers[i] == b.numbers[j]:
            kind = "identical"
        else:
            kind = "edited"
        out.append(_alignment(a.sentences[i], b.sentences[j], kind, round(prob[(i, j)], 4)))
    return out


def _alignment(sa: Sentence, sb: Sentence, kind: str, similarity: float) -> Alignment:
    return Alignment(sa.doc_id, sa.index, sb.doc_id, sb.index, sa.start, sa.end, sb.start, sb.end, kind, similarity)


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
                   embed: Embed | None = None, model: TreeModel | PairModel | None = None,
                   claims: Sequence[Claim] = ()) -> VersionResult:
    """Align every candidate pair of documents; keep the alignments of related pairs (enough sentences
    carried over) and make families of the pairs that are versions; order each family."""
    if embed is None:
        from claimledger.models.embeddings import embed as default_embed

        embed = default_embed
    by_doc = sides(texts, sentences, embed, claims)
    kept: dict[tuple[str, str], list[Alignment]] = {}
    versions: dict[tuple[str, str], float] = {}
    content = {d: hashlib.sha1("\x00".join(side.masked + tuple(map(str, side.numbers))).encode()).hexdigest()
               for d, side in by_doc.items()}
    done: dict[tuple[str, str], tuple[str, str]] = {}  # two texts aligned once: copies of them reuse it
    for a, b in candidate_pairs(by_doc):
        seen = done.get((content[a], content[b]))
        if seen is None:
            found = align_pair(by_doc[a], by_doc[b], model)
            done[(content[a], content[b])] = (a, b)
        else:
            found = _relabel(kept.get(seen, []), by_doc[a], by_doc[b])
        overlap = share(found, by_doc[a], by_doc[b])
        if len(found) >= FAMILY_MIN and overlap >= RELATED_SHARE:
            kept[(a, b)] = found
            if overlap >= FAMILY_SHARE:
                versions[(a, b)] = overlap
    ordered = families(sorted(texts), versions, infos)
    return VersionResult(tuple(ordered), tuple(x for pair in sorted(kept) for x in kept[pair]))


def _relabel(found: Sequence[Alignment], a: Side, b: Side) -> list[Alignment]:
    """The alignments of two texts, for two other documents with the same texts (duplicate files, copies)."""
    return [_alignment(a.sentences[x.sentence_a], b.sentences[x.sentence_b], x.kind, x.similarity) for x in found]


def families(doc_ids: Sequence[str], pairs: Mapping[tuple[str, str], object],
             infos: Mapping[str, DocumentInfo]) -> list[Version]:
    """Connected components of the version pairs, each ordered by year, then id; a document with no other
    version is its own family of one, with no family id."""
    joined = components(pairs)
    alone = sorted(set(doc_ids) - {d for comp in joined for d in comp})
    members = joined + [[d] for d in alone]
    out = []
    for docs in members:
        ordered = sorted(docs, key=lambda d: (infos[d].year or 9999 if d in infos else 9999, d))
        family = "f" + hashlib.sha1(",".join(sorted(docs)).encode()).hexdigest()[:10] if len(docs) > 1 else ""
        for n, d in enumerate(ordered, start=1):
            info = infos.get(d, DocumentInfo(d))
            out.append(Version(d, family, n, info.year, info.year_basis))
    return sorted(out, key=lambda v: v.doc_id)
