"""Copies of one statement: a figure carried unchanged from one version of a paper into the next, or a cell of
a table repeated in a later paper (``same_as``), is one statement made twice. Grouping scores the pairs it
meets by embedding, and two copies meet different neighbours (one sits beside a table that names it, the
other does not); read apart, average linkage then weighs the evidence of one copy against the silence of
the other, and a restatement that disagrees with a table never joins it. So what holds for one copy holds
for all: a sentence that names a table cell names that cell's copies, and a pair of claims of two sets of
copies that no neighbour search scored is as alike as the scored pairs between the two sets on average (the
best of them joined a 20% of world immigration to every copy of a 21.8% table cell).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from claimledger.models.records import Claim

Pair = tuple[int, int]


def spread_named(named: frozenset[tuple[str, str]], claims: Sequence[Claim],
                 sets: Mapping[int, tuple[int, ...]]) -> frozenset[tuple[str, str]]:
    """(sentence claim id, cell claim id) pairs, each also for every copy of the sentence and of the cell."""
    at = {c.claim_id: i for i, c in enumerate(claims)}
    out = set(named)
    for text, cell in named:
        i, j = at.get(text), at.get(cell)
        if i is None or j is None:
            continue
        out |= {(claims[x].claim_id, claims[y].claim_id) for x in sets.get(i, (i,)) for y in sets.get(j, (j,))}
    return frozenset(out)


def through_copies(scored: Mapping[Pair, float], sets: Mapping[int, tuple[int, ...]],
                   allowed: Callable[[int, int], bool]) -> dict[Pair, float]:
    """The scored pairs, with every unscored pair of claims of two sets of copies given the average score of
    the scored pairs between the two sets (where ``allowed`` says the pair breaks no hard constraint)."""
    seen: dict[tuple[tuple[int, ...], tuple[int, ...]], list[float]] = {}
    for (i, j), p in scored.items():
        xs, ys = sets.get(i, (i,)), sets.get(j, (j,))
        if xs != ys and (i in sets or j in sets):
            seen.setdefault((min(xs, ys), max(xs, ys)), []).append(p)
    out = dict(scored)
    for (xs, ys), ps in sorted(seen.items()):
        p = sum(ps) / len(ps)
        for x in xs:
            for y in ys:
                pair = (min(x, y), max(x, y))
                if x != y and pair not in out and allowed(*pair):
                    out[pair] = p
    return out
