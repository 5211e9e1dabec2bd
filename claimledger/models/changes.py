"""What each version did to each number: inside aligned sentences, which number became which.

The two sides of an aligned pair (a sentence, or the two a sentence was split into) are tokenised, numbers
masked, and aligned with difflib's SequenceMatcher; a number whose neighbours line up is the same quantity
restated, and its claim on the other side is the claim that holds the matching token; figures left over are
paired by the words around them, and the one figure left on each side when their units agree. Claims of one side
with no counterpart are ``dropped`` (or ``added`` on the other side). Cells of a table repeated in a later
paper (``same_as``) pair up by row and column. After reconciliation, a figure dropped from one version and
one added in the other that measure one quantity are paired as well (:func:`restated_by_quantity`).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from claimledger.models.grouping import _period as claim_period
from claimledger.models.grouping import population_relation
from claimledger.models.records import Alignment, Claim, Group, NumberChange, Table

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]")
CONTEXT = 3  # tokens each side of a number whose change counts as a change of its wording


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offset in the document text
    key: str  # what the matcher compares: the word lower-cased, a number as "#"


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]`` with document offsets."""
    out = []
    for m in _TOKEN.finditer(text, start, end):
        t = m.group(0)
        out.append(Token(t, m.start(), "#" if t[0].isdigit() else t.lower()))
    return out


def passages(alignments: Iterable[Alignment]) -> list[list[Alignment]]:
    """Aligned pairs joined where one sentence is linked to two (split, merged)."""
    groups: list[list[Alignment]] = []
    where: dict[tuple[str, int], int] = {}
    for x in sorted(alignments, key=lambda x: (x.sentence_a, x.sentence_b)):
        key_a, key_b = ("a", x.sentence_a), ("b", x.sentence_b)
        g = where.get(key_a, where.get(key_b))
        if g is None:
            g = len(groups)
            groups.append([])
        groups[g].append(x)
        where[key_a] = where[key_b] = g
    return groups


def _side(text: str, spans: Sequence[tuple[int, int]], claims: Sequence[Claim]) -> tuple[list[Token], dict[int, Claim]]:
    """The tokens of a passage, each claim folded into one ``#`` token ("USD $87.548 bn" is one number, so
    "US$96.756 billion" lines up with it), and the claim at each such token."""
    toks = [t for start, end in spans for t in tokens(text, start, end)]
    out: list[Token] = []
    anchors: dict[int, Claim] = {}
    spans_of = sorted(claims, key=lambda c: c.char_start)
    k = 0
    for c in spans_of:
        while k < len(toks) and toks[k].start < c.char_start:
            out.append(toks[k])
            k += 1
        inside = k
        while inside < len(toks) and toks[inside].start < c.char_end:
            inside += 1
        if inside > k and len(out) not in anchors:
            anchors[len(out)] = c
            out.append(Token(text[c.char_start:c.char_end], c.char_start, "#"))
            k = inside
    out.extend(toks[k:])
    return out, anchors


def _token_map(ta: Sequence[Token], tb: Sequence[Token]) -> tuple[dict[int, int], set[int]]:
    """Token k of a -> token of b where their neighbours line up (equal blocks; numbers are masked, so a number
    restated in the same words lies in one), and the lone number of a replaced run of words on each side;
    and the tokens of a that lie in changed runs."""
    matcher = SequenceMatcher(None, [t.key for t in ta], [t.key for t in tb], autojunk=False)
    mapping: dict[int, int] = {}
    changed_a: set[int] = set()
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            # a number at the edge of a run of two ("and #" before different words) has no neighbours in common
            mapping.update({a0 + k: b0 + k for k in range(a1 - a0)
                            if ta[a0 + k].key != "#" or a1 - a0 >= 3 or 0 < k < a1 - a0 - 1})
            continue
        changed_a.update(range(a0, a1))
        na = [k for k in range(a0, a1) if ta[k].key == "#"]
        nb = [k for k in range(b0, b1) if tb[k].key == "#"]
        if op == "replace" and len(na) == len(nb) == 1:
            mapping[na[0]] = nb[0]
    return mapping, changed_a


def _same(a: Claim, b: Claim) -> bool:
    return math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12) and _unit(a) == _unit(b)


def _unit(c: Claim) -> str:
    return c.currency or c.unit


def _compatible(a: Claim, b: Claim) -> bool:
    """Two numbers may be one quantity restated: of one population, the same unit, or one of them has none and
    they are of one order of magnitude ("Twenty" is not "400,000 people")."""
    if population_relation(a.population, b.population) < 0:
        return False
    if _unit(a) and _unit(b):
        return _unit(a) == _unit(b)
    if _unit(a) == _unit(b):
        return True
    small, large = sorted((abs(a.value), abs(b.value)))
    return small > 0 and large / small <= 10


def _unique_values(ca: Sequence[Claim], cb: Sequence[Claim]) -> dict[str, Claim]:
    """Claims of a whose value and unit stand once on each side of a passage: restated unchanged, whatever
    the words between (a claim of a -> its claim of b)."""
    def key(c: Claim) -> tuple[float, str]:
        return (round(c.value, 9), _unit(c))
    count_a, count_b = Counter(key(c) for c in ca), Counter(key(c) for c in cb)
    in_b = {key(c): c for c in cb}
    return {c.claim_id: in_b[key(c)] for c in ca if count_a[key(c)] == 1 and count_b[key(c)] == 1}


def _period(c: Claim) -> str:
    period = claim_period(c)
    if period is None:
        return "none"
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def also_changed(a: Claim, b: Claim, reworded: bool) -> str:
    """What changed around a number besides it: hedge, unit, period, cited source, the words next to it."""
    found = []
    if (a.hedge or "") != (b.hedge or ""):
        found.append(f"hedge: {a.hedge or 'none'} → {b.hedge or 'none'}")
    if _unit(a) != _unit(b):
        found.append(f"unit: {_unit(a) or 'none'} → {_unit(b) or 'none'}")
    if _period(a) != _period(b):
        found.append(f"period: {_period(a)} → {_period(b)}")
    if (a.source or "") != (b.source or ""):
        found.append(f"source: {a.source or 'no source'} → {b.source or 'no source'}")
    if reworded:
        found.append("wording")
    return "; ".join(found)


def number_changes(texts: Mapping[str, str], alignments: Sequence[Alignment], claims: Sequence[Claim],
                   tables: Sequence[Table] = ()) -> list[NumberChange]:
    """For every document pair that has alignments: each claim of either side unchanged, changed, dropped or
    added, in a stable order."""
    by_sentence: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.origin == "text":
            by_sentence[c.doc_id].append(c)
    pairs: dict[tuple[str, str], list[Alignment]] = defaultdict(list)
    for x in alignments:
        pairs[(x.doc_a, x.doc_b)].append(x)
    cells_at = {(c.doc_id, c.char_start): c for c in claims if c.origin == "table"}
    repeats = _repeats(tables)
    out: list[NumberChange] = []
    for (da, db), found in sorted(pairs.items()):
        out.extend(_pair_changes(texts, da, db, found, by_sentence[da], by_sentence[db]))
        out.extend(_cell_changes(da, db, cells_at, repeats.get((da, db), [])))
    return out


RESTATED_RATIO = 4.0  # a restated figure is rarely more than four times or a quarter of what it was
# On weak evidence (a loosely aligned passage: strength below WEAK) a figure is taken as restated only when it
# changed by less than WEAK_RATIO: "27.6% of immigrants" against "66% of this group" in two passages that
# only look alike is two figures, "USD $122 bn" against "USD $272 bn" of migrants' earnings one, changed.
WEAK, WEAK_RATIO = 0.5, 2.25
CONTEXT_WORDS = 6
# context likeness (as _by_context scores it) for the lone left-over figures of a passage: below _by_context's
# 0.45, since no other figure competes ("amounted to" / "reaching a record level of almost" scores 0.44)
LONE_FLOOR = 0.35


def _window(toks: Sequence[Token], k: int) -> str:
    return " ".join(t.key for t in toks[max(0, k - CONTEXT_WORDS):k + CONTEXT_WORDS + 1]
                    if t.key != "#" and t.key.isalpha())


def _by_context(ta: Sequence[Token], tb: Sequence[Token], left_a: Sequence[tuple[int, Claim]],
                left_b: Sequence[tuple[int, Claim]], floor: float = 0.45) -> list[tuple[Claim, Claim]]:
    """Left-over figures of two aligned passages paired by the words around them (rapidfuzz token-set ratio
    of six words each side), best first, when their units agree and their sizes are alike."""
    from rapidfuzz import fuzz

    scored = []
    for ka, ca in left_a:
        for kb, cb in left_b:
            if _unit(ca) != _unit(cb) or not _alike(ca.value, cb.value) or not _compatible(ca, cb):
                continue
            scored.append((fuzz.token_set_ratio(_window(ta, ka), _window(tb, kb)) / 100, ka, kb, ca, cb))
    pairs, used_a, used_b = [], set(), set()
    for score, ka, kb, ca, cb in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if score >= floor and ka not in used_a and kb not in used_b:
            used_a.add(ka)
            used_b.add(kb)
            pairs.append((ca, cb))
    return pairs


def _lone(ta: Sequence[Token], tb: Sequence[Token], left_a: Sequence[tuple[int, Claim]],
          left_b: Sequence[tuple[int, Claim]], floor: float = LONE_FLOOR) -> tuple[Claim, Claim] | None:
    """The one figure left over on each side of an aligned passage, paired when their units agree (or one has
    none) and the words around them are alike: with nothing else to be, it is the figure restated, however
    much it changed ("In 2005, total remittances ... amounted to US$20 billion", "monetary remittances ...
    reaching a record level of almost US$6 billion in 1999"; "five are worthy of particular note", "two
    paradoxes"). The weak-evidence ratio (:data:`WEAK_RATIO`) guards which of several figures is which; a lone
    pair has no other reading, so only the restated ratio (:data:`RESTATED_RATIO`) bounds it."""
    from rapidfuzz import fuzz

    if len(left_a) != 1 or len(left_b) != 1:
        return None
    (ka, ca), (kb, cb) = left_a[0], left_b[0]
    units = {_unit(ca), _unit(cb)} - {""}
    if len(units) > 1 or not _alike(ca.value, cb.value) or not _compatible(ca, cb):
        return None
    return (ca, cb) if fuzz.token_set_ratio(_window(ta, ka), _window(tb, kb)) / 100 >= floor else None


def _plausible(a: Claim, b: Claim, strength: float) -> bool:
    """Whether a figure paired on evidence of ``strength`` may be one restated (see :data:`WEAK`)."""
    if strength >= WEAK or _same(a, b) or a.value == 0 or b.value == 0:
        return True
    return _ratio(a.value, b.value) < WEAK_RATIO


def _alike(a: float, b: float) -> bool:
    if a == b:
        return True
    if a == 0 or b == 0 or (a < 0) != (b < 0):
        return False
    return _ratio(a, b) <= RESTATED_RATIO


def _ratio(a: float, b: float) -> float:
    """How many times the larger of two non-zero figures is the smaller."""
    return max(abs(a), abs(b)) / min(abs(a), abs(b))


def restated(da: str, db: str, ca: Claim, cb: Claim, reworded: bool, strength: float = 1.0) -> NumberChange:
    """Claim ``ca`` of ``da`` restated as ``cb`` of ``db``: unchanged or changed, and what else changed."""
    return NumberChange(da, db, ca.claim_id, cb.claim_id, "unchanged" if _same(ca, cb) else "changed", ca.text,
                        cb.text, also_changed(ca, cb, reworded), round(strength, 4))


def _in(claims: Sequence[Claim], spans: Sequence[tuple[int, int]]) -> list[Claim]:
    return [c for c in claims if any(s <= c.char_start < e for s, e in spans)]


def _pair_changes(texts: Mapping[str, str], da: str, db: str, found: Sequence[Alignment],
                  claims_a: Sequence[Claim], claims_b: Sequence[Claim]) -> list[NumberChange]:
    seen_a: set[str] = set()
    seen_b: set[str] = set()
    out: list[NumberChange] = []
    for group in passages(found):
        sure = min(x.similarity for x in group)
        spans_a = sorted({(x.a_start, x.a_end) for x in group})
        spans_b = sorted({(x.b_start, x.b_end) for x in group})
        in_a, in_b = _in(claims_a, spans_a), _in(claims_b, spans_b)
        (ta, anchors_a), (tb, anchors_b) = _side(texts[da], spans_a, in_a), _side(texts[db], spans_b, in_b)
        mapping, changed_a = _token_map(ta, tb)
        unchanged = _unique_values(in_a, in_b)
        taken = {c.claim_id for c in unchanged.values()}
        for k, ca in sorted(anchors_a.items()):
            cb = unchanged.get(ca.claim_id)
            if cb is None:
                cb = anchors_b.get(mapping.get(k, -1))
                if cb is None or cb.claim_id in taken or not _compatible(ca, cb):
                    continue
            if cb.claim_id in seen_b or not _plausible(ca, cb, sure):
                continue
            seen_a.add(ca.claim_id)
            seen_b.add(cb.claim_id)
            out.append(restated(da, db, ca, cb, bool(set(range(k - CONTEXT, k + CONTEXT + 1)) & changed_a), sure))
        left_a = [(k, c) for k, c in sorted(anchors_a.items()) if c.claim_id not in seen_a]
        left_b = [(k, c) for k, c in sorted(anchors_b.items()) if c.claim_id not in seen_b]
        for ca, cb in (pair for pair in _by_context(ta, tb, left_a, left_b) if _plausible(*pair, sure / 2)):
            # a figure whose words were rewritten around it: the left-over figure of the other side whose
            # neighbouring words are most alike, of the same unit and a like size
            seen_a.add(ca.claim_id)
            seen_b.add(cb.claim_id)
            out.append(restated(da, db, ca, cb, True, sure / 2))
        lone = _lone(ta, tb, [x for x in left_a if x[1].claim_id not in seen_a],
                     [x for x in left_b if x[1].claim_id not in seen_b])
        if lone is not None:
            seen_a.add(lone[0].claim_id)
            seen_b.add(lone[1].claim_id)
            out.append(restated(da, db, *lone, True, sure / 2))
    out += [NumberChange(da, db, c.claim_id, "", "dropped", c.text, "") for c in claims_a if c.claim_id not in seen_a]
    out += [NumberChange(da, db, "", c.claim_id, "added", "", c.text) for c in claims_b if c.claim_id not in seen_b]
    return out


def _repeats(tables: Sequence[Table]) -> dict[tuple[str, str], list[tuple[Table, Table]]]:
    """Each table repeated in another document (``same_as``), as (table of doc_a, table of doc_b) by the
    document pair in id order."""
    by_id = {t.table_id: t for t in tables}
    out: dict[tuple[str, str], list[tuple[Table, Table]]] = defaultdict(list)
    for t in tables:
        first = by_id.get(t.same_as)
        if first is not None and first.doc_id != t.doc_id:
            older, newer = sorted((first, t), key=lambda x: x.doc_id)
            out[(older.doc_id, newer.doc_id)].append((older, newer))
    return out


def _cell_changes(da: str, db: str, cells_at: Mapping[tuple[str, int], Claim],
                  repeats: Sequence[tuple[Table, Table]]) -> list[NumberChange]:
    """Cells of a table of one document repeated in the other, paired by row and column."""
    out = []
    for older, newer in repeats:
        cells = {(c.row, c.col): c for c in newer.cells}
        for cell in older.cells:
            other = cells.get((cell.row, cell.col))
            ca = cells_at.get((older.doc_id, cell.char_start))
            cb = cells_at.get((newer.doc_id, other.char_start)) if other else None
            if ca and cb:
                out.append(restated(da, db, ca, cb, False))
    return out


def restated_by_quantity(changes: Sequence[NumberChange], groups: Iterable[Group],
                         claims: Mapping[str, Claim]) -> list[NumberChange]:
    """``changes`` with each figure left dropped from one version and added in another paired, where the
    reconciliation found that the two measure one quantity and no other figure of either version does: a
    restatement reworded past what the sentence alignment follows ("Only 13.3% of migrants work in the primary
    sector" against "the relative participation of Mexican immigrants in agriculture ... (5.9%)"). Its
    strength is 0 (no sentence pairs it) and ``also`` says how it was paired; the dropped row takes its place,
    the added row goes."""
    dropped = {(c.doc_a, c.doc_b, c.claim_a): k for k, c in enumerate(changes) if c.change == "dropped"}
    added = {(c.doc_a, c.doc_b, c.claim_b): k for k, c in enumerate(changes) if c.change == "added"}
    pairs = sorted({(c.doc_a, c.doc_b) for c in changes})
    replaced: dict[int, NumberChange] = {}
    gone: set[int] = set()
    for group in groups:
        members = [claims[i] for i in group.claim_ids if i in claims and claims[i].origin == "text"]
        for da, db in pairs:
            side_a = [c for c in members if (da, db, c.claim_id) in dropped]
            side_b = [c for c in members if (da, db, c.claim_id) in added]
            if len(side_a) != 1 or len(side_b) != 1:
                continue  # none, or more than one figure of a version: which became which is not known
            (ca,), (cb,) = side_a, side_b
            k = dropped[(da, db, ca.claim_id)]
            if k in replaced or added[(da, db, cb.claim_id)] in gone:
                continue
            row = restated(da, db, ca, cb, True, 0.0)
            replaced[k] = replace(row, also="; ".join(p for p in (row.also, f"paired by quantity ({group.group_id})")
                                                      if p))
            gone.add(added[(da, db, cb.claim_id)])
    return [replaced.get(k, c) for k, c in enumerate(changes) if k not in gone]
