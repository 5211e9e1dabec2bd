"""Group claims that measure the same quantity: block by dimension, score pairs, cluster (DESIGN.md).

1. Block: only claims of one dimension meet (percent with percent, USD with USD, persons with persons).
2. Score each candidate pair with a logistic model over features of what the claims carry: embedding
   cosines of the quantity phrase and of the words around the number, shared context words, value and
   interval relation, population, period, cited source, same document. Its coefficients are learned
   from ``tests/gold/pairs.csv`` by ``python -m claimledger.models.train_pairs`` and stored in ``pair_model.json``.
3. Cluster each block with average linkage over 1 - probability, so one strong link cannot chain two
   different quantities together; pairs that break a hard constraint get probability 0.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from claimledger.extract.context_units import STRUCTURAL
from claimledger.models.copies import spread_named, through_copies
from claimledger.models.embeddings import embed
from claimledger.models.records import Claim

MODEL_PATH = Path(__file__).with_name("pair_model.json")
Node = TypeVar("Node", int, str)
FEATURES = ("cos_quantity", "cos_context", "shared_words", "values_overlap", "log_ratio", "same_doc",
            "population", "period", "source", "table_text", "table_text_values_differ", "same_lead",
            "names_label")
_WORD = re.compile(r"[a-záéíóúñ]{3,}")
_NEGATION = re.compile(r"\b(no|not|non|without|lack|lacks|lacking|lacked|none|never|un\w+ed)\b", re.IGNORECASE)
_STOP = frozenset("""the and for with that this from were was are has have had which their its into than
more less some about around almost nearly slightly over under between among per of in on at by to
million billion thousand percent total while also been being they them these those such other""".split())


def dimension(claim: Claim) -> str:
    """The block a claim may group in: a percent never meets a count, USD never meets persons."""
    if claim.currency:
        return f"money:{claim.currency}"
    if claim.unit in {"percent", "percentage point"}:
        return "percent"
    return f"unit:{claim.unit or 'count'}"


def context(claim: Claim) -> str:
    """The words around the number in its sentence (table cells: caption, row and column labels)."""
    if claim.origin == "table":
        return " ".join(p for p in (claim.quantity, claim.row_label, claim.col_label) if p)
    at = claim.char_start - claim.sentence_start
    lo, hi = max(0, at - 110), min(len(claim.sentence), at + len(claim.text) + 70)
    return " ".join(claim.sentence[lo:hi].split())


def lead(claim: Claim) -> tuple[str, ...]:
    """The three words before the number: a sentence carried into a new version keeps them around its
    restated figure ("This figure rises to 49%" / "This figure rises to 52.4%")."""
    if claim.origin == "table":
        return ()
    return _last_three(claim.sentence[:max(0, claim.char_start - claim.sentence_start)])


@lru_cache(maxsize=1 << 16)
def _last_three(before: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-záéíóúñ]+|\d[\d.,]*%?|[()]", before.lower())[-3:])


def words(text: str) -> frozenset[str]:
    """Content words of ``text``, lower-cased, without stop words."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def interval(claim: Claim) -> tuple[float, float]:
    """What the claim allows: its stored interval, else its range, else its value."""
    low = claim.interval_low if claim.interval_low is not None else claim.value_low
    high = claim.interval_high if claim.interval_high is not None else claim.value_high
    low = claim.value if low is None or math.isnan(low) else low
    high = claim.value if high is None or math.isnan(high) else high
    return (min(low, high), max(low, high))


def _sign(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return 1.0 if a == b else -1.0


def population_relation(a: str, b: str) -> float:
    """How two population qualifier lists relate: same 1, one within the other 0.5, overlap 0, apart -1."""
    sa, sb = {p.strip() for p in a.split(";") if p.strip()}, {p.strip() for p in b.split(";") if p.strip()}
    if not sa or not sb:
        return 0.0
    if sa == sb:
        return 1.0
    if sa <= sb or sb <= sa:
        return 0.5
    return 0.0 if sa & sb else -1.0


def _period(claim: Claim) -> tuple[int, int] | None:
    if claim.period_start is None or (isinstance(claim.period_start, float) and math.isnan(claim.period_start)):
        return None
    end = claim.period_end if claim.period_end is not None and claim.period_end == claim.period_end \
        else claim.period_start
    return (int(claim.period_start), int(end))


def source_key(claim: Claim) -> str:
    """The cited work: its reference's key when resolved (the id without its document, so two papers citing
    "Conapo 2004a" compare equal), else the citation text without spaces and case."""
    if claim.reference_id:
        return claim.reference_id.split(":", 1)[-1].lower()
    return re.sub(r"[^a-z0-9]", "", claim.source.lower())


@dataclass(frozen=True)
class Encoded:
    """Per-claim inputs to the pair features, computed once: embeddings and word sets."""

    quantity: np.ndarray
    context: np.ndarray
    words: tuple[frozenset[str], ...]
    named: frozenset[tuple[str, str]] = frozenset()  # (sentence claim id, cell claim id): see :func:`naming`


def encode(claims: Sequence[Claim]) -> Encoded:
    """Embed each distinct text once (carried-over sentences repeat across the papers)."""
    q_texts = [c.quantity or context(c) for c in claims]
    c_texts = [context(c) for c in claims]
    distinct = sorted(set(q_texts) | set(c_texts))
    vectors = embed(distinct)
    row = {t: i for i, t in enumerate(distinct)}
    return Encoded(vectors[[row[t] for t in q_texts]], vectors[[row[t] for t in c_texts]],
                   tuple(words(t) for t in c_texts), naming(claims))


def pair_features(a: Claim, b: Claim, ea: int, eb: int, enc: Encoded) -> list[float]:
    """The feature vector of one pair, in the order of :data:`FEATURES`."""
    wa, wb = enc.words[ea], enc.words[eb]
    shared = len(wa & wb) / max(1, min(len(wa), len(wb)))
    (la, ha), (lb, hb) = interval(a), interval(b)
    va, vb = abs(a.value) or 1e-9, abs(b.value) or 1e-9
    # a document's date ("currently") neither joins nor separates two figures: only written periods count
    pa, pb = _period(a), _period(b)
    written = "document" not in (a.period_basis, b.period_basis)
    period = 0.0 if pa is None or pb is None or not written else 1.0 if pa == pb else -1.0
    # A sentence that cites a table quotes its cell; a text figure far from every cell is another quantity.
    mixed = 1.0 if (a.origin == "table") != (b.origin == "table") else 0.0
    named = float(_named(a, b, enc.named))
    return [round(float(enc.quantity[ea] @ enc.quantity[eb]), 4), round(float(enc.context[ea] @ enc.context[eb]), 4),
            round(shared, 4), 1.0 if la <= hb and lb <= ha else 0.0, round(min(abs(math.log(va / vb)), 3.0), 4),
            1.0 if a.doc_id == b.doc_id else 0.0, population_relation(a.population, b.population), period,
            _sign(source_key(a), source_key(b)), mixed, mixed * (0.0 if la <= hb and lb <= ha else 1.0),
            1.0 if lead(a) and lead(a) == lead(b) else 0.0, named]


def _column(claim: Claim) -> int:
    """A table cell's place in its row: the first number of the row's text that reads as it."""
    numbers = re.findall(r"-?\d[\d.,]*", claim.sentence)
    return numbers.index(claim.text) if claim.text in numbers else -1


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A word without its inflection ("receiving", "receive" -> "receiv"; "households" -> "household"), so a
    sentence and a table label that say one thing in two forms meet. Hand-written: five suffixes are all the
    labels need, and no stemmer is among the project's dependencies."""
    for suffix in ("ing", "ed", "es", "e", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


@lru_cache(maxsize=1 << 16)
def _stems(text: str) -> frozenset[str]:
    """The stems of ``text``'s content words (cached: a claim's context meets every candidate it is compared
    with, a hundred times and more in a large block)."""
    return frozenset(stem(w) for w in words(text))


def _around(text: Claim) -> frozenset[str]:
    """The word stems of a sentence figure's context and quantity phrase, which a table label is read against."""
    return _stems(context(text) + " " + text.quantity)


def _names_row(text: Claim, cell: Claim, have: frozenset[str]) -> bool:
    """A sentence around a figure (``have``: its :func:`_around` stems) that holds the content words of a table
    cell's row or column label (two at least; all of them, or all but one of five or more), or of its table's
    caption (two at least, two in three of them), with the same polarity."""
    for label, loose in ((cell.row_label, False), (cell.col_label, False), (caption(cell), True)):
        need = _stems(label)
        missing = len(need - have)
        if len(need) < 2 or missing > _may_miss(need, loose) or not loose and _proper(label):
            continue  # a label that is a name ("United States / 1994") names no cell by itself
        # a sentence that holds only the places a caption names does not name the table: the names are the
        # caption's capitalised words when it is written in lower case, else the sentence's
        if loose and not (need - _names_in(label if re.search(r"\s[a-z]", label) else text.sentence)) & have:
            continue
        # "No health coverage" is the complement of "health coverage (46.4%)": the same words, the other share.
        # The polarity is read in the figure's own clause, not in a list item before it.
        if bool(_NEGATION.search(label)) == bool(_NEGATION.search(_clause(text))):
            return True
    return False


def _names_in(sentence: str) -> frozenset[str]:
    """The stems of the capitalised words inside a sentence (not its first word): the names it holds."""
    return frozenset(stem(w.lower()) for w in re.findall(r"(?<=[\s(\[\"'“‘])[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{2,}", sentence))


def _may_miss(need: frozenset[str], loose: bool) -> int:
    """How many of a label's word stems a sentence that names it may lack: one in three of a caption's, one of
    a row or column label of five or more, else none."""
    return len(need) // 3 if loose else 1 if len(need) >= 5 else 0


def caption(cell: Claim) -> str:
    """The title of a table cell's table, as its quantity phrase begins ("Investment in the Three-For-One
    program, 1993-2000: Total, Investment (in US$)")."""
    labels = ", ".join(p for p in (cell.row_label, cell.col_label) if p)
    head, sep, tail = cell.quantity.rpartition(": ")
    return head if sep and labels and tail.startswith(cell.row_label or cell.col_label) else cell.quantity


def _clause(claim: Claim) -> str:
    """The stretch of a claim's sentence between the semicolons or colons around its number (a list of shares
    "2.2% have no formal education; 60% have 12 years or less; while 5.5% have university degrees")."""
    at = claim.char_start - claim.sentence_start
    before, after = claim.sentence[:max(0, at)], claim.sentence[at:]
    start = max(before.rfind(";"), before.rfind(":")) + 1
    ends = [i for i in (after.find(";"), after.find(":")) if i > 0]
    return claim.sentence[start:at + (min(ends) if ends else len(after))]


def _series_cells(a: Claim, b: Claim) -> bool:
    """Two cells of one table state one quantity only as a series: one column (or row) at two stated periods
    (remittances in 1991 and in 1992)."""
    pa, pb = _period(a), _period(b)
    if pa is None or pb is None or pa == pb:
        return False
    def bare(label: str) -> frozenset[str]:
        return words(re.sub(r"\b(1[89]|20)\d\d\b", " ", label))
    return bare(a.col_label) == bare(b.col_label) and bare(a.row_label) == bare(b.row_label)


def _series_sentence(a: Claim, b: Claim) -> bool:
    """Two numbers of one sentence state one quantity only as a series: one quantity phrase at two stated
    periods ("employment in maquiladoras rose from 648,300 in 1995 to 1.16 million in 2005")."""
    pa, pb = _period(a), _period(b)
    return (bool(a.quantity) and a.quantity == b.quantity and pa is not None and pb is not None and pa != pb
            and a.period_basis == b.period_basis == "sentence")


_SHARE_OF = re.compile(r"(?:^|; )as a share of ([^;]+)")
_BARE_BASE = frozenset({"total", "all", "whole", "country", "countri"})


def share_base(claim: Claim) -> frozenset[str]:
    """The word stems of what a share is a share of, as its quantity phrase names it ("Mexicans employed in the
    U.S.; as a share of workers employed in Mexico's own formal sector"); empty where it names none or only a
    bare total ("as a share of the total")."""
    m = _SHARE_OF.search(claim.quantity)
    found = _stems(m.group(1)) if m else frozenset()
    return frozenset() if found <= _BARE_BASE else found - _BARE_BASE


def _same_base(a: Claim, b: Claim) -> bool:
    """Two shares may be one quantity unless both name what they are shares of and the two share no word."""
    ba, bb = share_base(a), share_base(b)
    return not (ba and bb) or bool(ba & bb)


def structural(claim: Claim) -> bool:
    """A count of the text's own parts or pieces of its argument ("five sections", "two paradoxes")."""
    return claim.unit in STRUCTURAL and not claim.currency


def _named(a: Claim, b: Claim, named: frozenset[tuple[str, str]]) -> bool:
    return (a.claim_id, b.claim_id) in named or (b.claim_id, a.claim_id) in named


def candidate(a: Claim, b: Claim, named: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Whether two claims may measure the same quantity at all (hard constraints); ``named`` holds the
    sentence figures and the table cells they name (:func:`naming`)."""
    if dimension(a) != dimension(b) or a.claim_id == b.claim_id or structural(a) or structural(b):
        return False
    if a.doc_id == b.doc_id and a.sentence_start == b.sentence_start and a.origin == b.origin == "text":
        return _series_sentence(a, b)  # two numbers of one sentence state two things, or one at two dates
    if a.table_id and a.table_id == b.table_id:
        return _series_cells(a, b)
    if (a.origin == "table") != (b.origin == "table"):
        # A sentence restates a table cell only when it names the cell (its row, its column, or its table and
        # the labels it holds: :func:`naming`), whatever the values: "5.5% have university or postgraduate
        # studies" against the cell "University and postgraduate" of a table that says 4.6 is a restatement
        # that disagrees with the table, while a 20% beside a 21.8% cell of an unnamed row is another quantity.
        return _named(a, b, named)
    if a.origin == b.origin == "text" and dimension(a).startswith("unit:") and a.unit not in {"", "person"} \
            and not (_around(a) & _around(b)) - {stem(a.unit), stem(a.unit + "s")}:
        return False  # two counts of states that share no word but "states" count different things
    if a.origin == b.origin == "text" and not _same_base(a, b):
        return False  # a share of Mexico's active population is not a share of U.S. manufacturing workers
    if a.origin == b.origin == "table":
        # Cells of two tables measure one quantity only under the same row heading.
        # and the same column heading apart from its year ("Mexico / 1994" is not "United States / 1994").
        return (bool(words(a.row_label) & words(b.row_label)) and bool(words(a.quantity) & words(b.quantity))
                and words(a.col_label) == words(b.col_label) and _column(a) == _column(b))
    return True


@dataclass(frozen=True)
class PairModel:
    """A learned logistic model of "these two are one": weights over its features (claim pairs:
    :data:`FEATURES`; sentence pairs: :data:`claimledger.models.versions.ALIGN_FEATURES`), an intercept,
    and the threshold at which a pair is taken."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = features @ np.asarray(self.weights) + self.intercept
        return np.round(1.0 / (1.0 + np.exp(-z)), 4)


def read_model(path: Path, features: Sequence[str]) -> PairModel:
    """A model file written by ``claimledger.models.train_pairs`` or ``claimledger.models.train_align``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return PairModel(tuple(data["weights"][f] for f in features), data["intercept"], data["threshold"])


@lru_cache(maxsize=1)
def load_pair_model(path: Path = MODEL_PATH) -> PairModel:
    """The learned pair model shipped with the package."""
    return read_model(path, FEATURES)


def group_claims(claims: Sequence[Claim], model: PairModel | None = None, neighbours: int = 40,
                 links: Iterable[tuple[str, str]] = (),
                 families: Mapping[str, str] | None = None) -> list[list[Claim]]:
    """Groups of two or more claims that measure one quantity, in a stable order.

    Within each dimension block a claim is compared only with its ``neighbours`` nearest claims by
    context embedding, so the cost grows with n·k, not n² (DESIGN.md: block, then score). ``links`` (claim
    id pairs of a figure carried from one version into another) are must-links: the claims they join, and
    every pair among them that breaks no hard constraint, get probability 1. ``families`` (document id -> its
    version family, "" for a document with no other version) keeps apart the small counts of documents that are
    not versions of one another (:func:`_small_counts_apart`).
    """
    model = model or load_pair_model()
    ordered = sorted(claims, key=lambda c: (c.doc_id, c.char_start, c.claim_id))
    blocks: dict[str, list[int]] = {}
    for i, c in enumerate(ordered):
        blocks.setdefault(dimension(c), []).append(i)
    must = _must_links(ordered, links)
    sets = copy_sets(ordered, (pair for pairs in must.values() for pair in pairs))
    enc = encode(ordered) if len(ordered) > 1 else None
    groups: list[list[Claim]] = []
    if enc is not None:
        enc = dataclasses.replace(enc, named=spread_named(enc.named, ordered, sets))
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) > 1 and enc is not None:
            scored = _score(ordered, members, enc, model, neighbours, families or {})
            scored.update({pair: 1.0 for pair in must.get(key, ())})
            scored = through_copies(scored, sets, functools.partial(_allowed, ordered, enc.named))
            groups.extend(_cluster(ordered, scored, model, must.get(key, set()), enc.named))
    return sorted(groups, key=lambda g: (g[0].doc_id, g[0].char_start))


def _must_links(claims: Sequence[Claim], links: Iterable[tuple[str, str]]) -> dict[str, set[tuple[int, int]]]:
    """Every pair (indices into ``claims``) inside each chain of linked claims, by dimension block; a link
    across dimensions or populations, or that breaks a hard constraint, is not followed."""
    at = {c.claim_id: i for i, c in enumerate(claims)}
    edges = []
    for a, b in links:
        i, j = at.get(a), at.get(b)
        if i is not None and j is not None and dimension(claims[i]) == dimension(claims[j]) \
                and population_relation(claims[i].population, claims[j].population) >= 0:
            edges.append((min(i, j), max(i, j)))
    out: dict[str, set[tuple[int, int]]] = {}
    for comp in components(edges):
        for x, y in itertools.combinations(comp, 2):
            if _linkable(claims[x], claims[y]):
                out.setdefault(dimension(claims[x]), set()).add((x, y))
    return out


def _allowed(claims: Sequence[Claim], named: frozenset[tuple[str, str]], i: int, j: int) -> bool:
    return candidate(claims[i], claims[j], named)


def copy_sets(claims: Sequence[Claim], links: Iterable[tuple[int, int]]) -> dict[int, tuple[int, ...]]:
    """Each claim (index) joined by ``links`` to a claim of the same value in the same unit (a copy of one
    statement: :mod:`claimledger.models.copies`) -> the sorted indices of its copies, itself included."""
    def same(a: Claim, b: Claim) -> bool:
        return a.value == b.value and a.unit == b.unit and a.currency == b.currency
    edges = [(i, j) for i, j in links if same(claims[i], claims[j])]
    return {x: tuple(comp) for comp in components(edges) for x in comp}


def _linkable(a: Claim, b: Claim) -> bool:
    """The hard constraints a must-link keeps: one dimension, one polarity ("lacking health insurance" is not
    "health coverage"), shares of one whole (:func:`share_base`), not two numbers of one sentence or one
    table."""
    if dimension(a) != dimension(b) or population_relation(a.population, b.population) < 0 \
            or structural(a) or structural(b) or not _same_base(a, b):
        return False
    if a.origin == b.origin == "text" and bool(_NEGATION.search(_clause(a))) != bool(_NEGATION.search(_clause(b))):
        return False
    if a.doc_id == b.doc_id and a.sentence_start == b.sentence_start and a.origin == b.origin == "text":
        return _series_sentence(a, b)
    return not (a.table_id and a.table_id == b.table_id) or _series_cells(a, b)


EXACT_UP_TO = 20_000  # a block of at most this many claims gets exact neighbours (every bundled block is far below)
CELL = 2_000  # claims per cell of the inverted file that bigger blocks are searched through
FILED = 3  # cells each claim is filed under


def _nearest(vectors: np.ndarray, k: int, chunk: int = 2048,
             exact_up_to: int = EXACT_UP_TO) -> Iterable[tuple[int, int]]:
    """Pairs (i, j), i < j, where j is among i's k nearest rows or i among j's, by dot product: exact up to
    ``exact_up_to`` rows, n^2 products; above it through an inverted file (:func:`_cells`), about n·2·CELL."""
    n = len(vectors)
    if n > exact_up_to:
        yield from _nearest_in_cells(vectors, k, chunk)
        return
    for lo in range(0, n, chunk):
        sims = vectors[lo:lo + chunk] @ vectors.T
        for r, row in enumerate(sims):
            i = lo + r
            yield from _top(i, row, np.arange(n), k)


def _top(i: int, row: np.ndarray, columns: np.ndarray, k: int) -> Iterator[tuple[int, int]]:
    """The pairs of row ``i`` with its k best ``columns`` (``row`` holds their products), itself left out."""
    top = np.argpartition(-row, min(k, len(row) - 1))[:k + 1] if len(row) > k + 1 else np.arange(len(row))
    for j in columns[top]:
        if j != i:
            yield (min(i, int(j)), max(i, int(j)))


def _cells(vectors: np.ndarray, chunk: int, iterations: int = 8) -> np.ndarray:
    """Spherical k-means of ``vectors`` into about n/CELL cells, fitted on a seeded sample (the same input gives
    the same cells), and each row's ``FILED`` nearest cells, nearest first (rows x FILED)."""
    n = len(vectors)
    count = max(2, n // CELL)
    rng = np.random.default_rng(0)
    sample = vectors[np.sort(rng.choice(n, size=min(n, 40 * count), replace=False))].astype(np.float32)
    centroids = sample[np.sort(rng.choice(len(sample), size=count, replace=False))]
    for _ in range(iterations):
        owner = np.argmax(sample @ centroids.T, axis=1)
        for c in range(count):
            members = sample[owner == c]
            if len(members):
                mean = members.mean(axis=0)
                centroids[c] = mean / (np.linalg.norm(mean) or 1.0)
    filed = min(FILED, count)
    best = np.empty((n, filed), dtype=np.int64)
    for lo in range(0, n, chunk):
        sims = vectors[lo:lo + chunk] @ centroids.T
        best[lo:lo + chunk] = np.argsort(-sims, axis=1, kind="stable")[:, :filed]
    return best


def _nearest_in_cells(vectors: np.ndarray, k: int, chunk: int) -> Iterator[tuple[int, int]]:
    """Approximate neighbours: every row is filed under its ``FILED`` nearest cells and searched, exactly, among
    the rows filed under its nearest cell (the inverted-file index of vector search, filed more than once)."""
    cells = _cells(vectors, chunk)
    for c in np.unique(cells[:, 0]):
        filed = np.flatnonzero((cells == c).any(axis=1))
        queries = np.flatnonzero(cells[:, 0] == c)
        for lo in range(0, len(queries), chunk):
            rows = queries[lo:lo + chunk]
            sims = vectors[rows] @ vectors[filed].T
            for i, row in zip(rows.tolist(), sims):
                yield from _top(i, row, filed, k)


def _small_counts_apart(a: Claim, b: Claim, families: Mapping[str, str]) -> bool:
    """Two small counts ("two functions", "three main contributions") of two documents that are not versions of
    one another count two things: a paper's own few items are its own, whatever the words."""
    if not families or a.doc_id == b.doc_id or not (_small_count(a) and _small_count(b)):
        return False
    fa, fb = families.get(a.doc_id, ""), families.get(b.doc_id, "")
    return not fa or fa != fb


def _small_count(claim: Claim) -> bool:
    return dimension(claim).startswith("unit:") and claim.unit not in {"fold", "ratio"} and abs(claim.value) <= 12


def _score(claims: Sequence[Claim], members: list[int], enc: Encoded, model: PairModel,
           k: int, families: Mapping[str, str]) -> dict[tuple[int, int], float]:
    """Probability of each candidate pair of one block (indices into ``claims``)."""
    near = {(members[x], members[y]) for x, y in _nearest(enc.context[members], k)}
    at = {claims[i].claim_id: i for i in members}
    by_name = {(min(at[x], at[y]), max(at[x], at[y])) for x, y in enc.named if x in at and y in at}
    pairs = [(a, b) for a, b in sorted(near | by_name) if candidate(claims[a], claims[b], enc.named)
             and not _small_counts_apart(claims[a], claims[b], families)]
    if not pairs:
        return {}
    features = np.asarray([pair_features(claims[a], claims[b], a, b, enc) for a, b in pairs])
    prob = model.probability(features)
    # Same value is weak evidence of same quantity (DESIGN.md): two figures whose contexts share under a fifth
    # of their content words and whose quantity phrases are not alike in meaning are not one quantity, however
    # close their values.
    named = (features[:, FEATURES.index("shared_words")] >= 0.2) | (features[:, FEATURES.index("cos_quantity")] >= 0.5)
    return {pair: float(p) if ok else 0.0 for pair, p, ok in zip(pairs, prob, named)}


def naming(claims: Sequence[Claim]) -> frozenset[tuple[str, str]]:
    """Pairs (sentence claim id, cell claim id) of one dimension where the sentence around the figure names the
    cell's row or column label (:func:`_names_row`), found through the label's rarest words (an inverted
    index over the sentences' words), however far apart their embeddings. Of one table row named, only the
    cells whose other label the sentence names best are kept ("5.5% of Mexican migrants have university
    degrees" is the "Mexican emigrants" cell of the row "University and postgraduate", not its "Total"); where
    it names none of them, the row's total."""
    around = {i: _around(c) for i, c in enumerate(claims) if c.origin == "text"}
    index: dict[str, list[int]] = {}
    for i, stems in around.items():
        for w in stems:
            index.setdefault(w, []).append(i)
    found: dict[tuple[int, str, int, str], list[tuple[int, float]]] = {}
    for j, cell in enumerate(claims):
        if cell.origin != "table":
            continue
        # A sentence names a row, a column, or the whole table (its caption): then the cells whose other
        # labels it names best ("close to US$17 million" of "total investment": the Total row's Investment).
        for side, (label, other) in enumerate(((cell.row_label, cell.col_label), (cell.col_label, cell.row_label),
                                               (caption(cell), f"{cell.row_label}\n{cell.col_label}"))):
            need = _stems(label)
            if len(need) < 2 or _proper(label):
                continue
            # a sentence that names the label holds all its words but the few :func:`_may_miss` allows, so one of
            # that many plus one of its rarest words
            rarest = sorted(need, key=lambda w: (len(index.get(w, ())), w))[:_may_miss(need, side == 2) + 1]
            for i in sorted({i for w in rarest for i in index.get(w, [])}):
                if dimension(claims[i]) == dimension(cell) and _names_row(claims[i], cell, around[i]):
                    whole = any(_whole(label, cell) for label in other.split("\n"))
                    score = len(_stems(other) & around[i]) + (0.5 if whole else 0.0)
                    found.setdefault((i, cell.table_id, side, label), []).append((j, score))
    pairs = set()
    for (i, _, side, _), cells in found.items():
        best = max(score for _, score in cells)
        # a sentence that names no cell of the row above the others names none; one that names a table names
        # the cells whose labels it holds, or none
        if best > 0 or (len(cells) == 1 and side < 2):
            pairs |= {(claims[i].claim_id, claims[j].claim_id) for j, score in cells if score == best}
    return frozenset(pairs)


def _whole(label: str, cell: Claim) -> bool:
    """A row (or column) that stands for the whole table: "Total", "All", or the place its caption is of
    ("Mexico" in "Importance of remittances as a source of family income in Mexico")."""
    have = set(re.findall(r"[^\W\d_]+", label.lower()))  # "total" and "all" are stop words of words()
    place = label.strip(" *")
    return bool(have & {"total", "all"}) or bool(place) and _proper(place) and bool(
        re.search(rf"\b(in|of|for)\s+(the\s+)?{re.escape(place)}\b", caption(cell)))


def _proper(label: str) -> bool:
    """A label that is a name ("United States", "San Luis Potosí"), not a description of what is measured."""
    names = re.findall(r"[^\W\d_]{3,}", label)
    return bool(names) and all(w[0].isupper() for w in names)


def components(edges: Iterable[tuple[Node, Node]]) -> list[list[Node]]:
    """The connected components of a graph given by its edges (union-find), each sorted, in sorted order."""
    parent: dict[Node, Node] = {}

    def find(x: Node) -> Node:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in edges:
        parent[find(a)] = find(b)
    comps: dict[Node, list[Node]] = {}
    for x in sorted(parent):
        comps.setdefault(find(x), []).append(x)
    return sorted(comps.values())


def _cluster(claims: Sequence[Claim], scored: dict[tuple[int, int], float], model: PairModel,
             must: set[tuple[int, int]] | None = None,
             named: frozenset[tuple[str, str]] = frozenset()) -> Iterable[list[Claim]]:
    """Average-linkage clusters inside each connected component of the pairs above threshold."""
    from sklearn.cluster import AgglomerativeClustering

    for comp in components(pair for pair, p in scored.items() if p >= model.threshold):
        n = len(comp)
        dist = np.ones((n, n))
        np.fill_diagonal(dist, 0.0)
        for x in range(n):
            for y in range(x + 1, n):
                p = scored.get((comp[x], comp[y]))
                if p is not None:
                    dist[x, y] = dist[y, x] = 1.0 - p
        clustering = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                             distance_threshold=1.0 - model.threshold)
        labels = clustering.fit(dist).labels_ if n > 2 else [0, 0]
        for label in sorted(set(labels)):
            group = _consistent([comp[i] for i in range(n) if labels[i] == label], claims, scored, must or set(),
                                named)
            if len(group) > 1:
                yield group


def _consistent(members: list[int], claims: Sequence[Claim], scored: dict[tuple[int, int], float],
                must: set[tuple[int, int]], named: frozenset[tuple[str, str]] = frozenset()) -> list[Claim]:
    """The cluster without members that break a hard constraint with a better-linked member (two numbers of
    one sentence, two cells of one table): average linkage can still join them through the others."""
    def support(i: int) -> float:
        return sum(scored.get((min(i, j), max(i, j)), 0.0) for j in members if j != i)
    kept: list[int] = []
    for i in sorted(members, key=lambda i: (-support(i), i)):
        if all((min(i, j), max(i, j)) in must or candidate(claims[i], claims[j], named) for j in kept):
            kept.append(i)
    return [claims[i] for i in sorted(kept)]
