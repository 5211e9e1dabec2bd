"""Judge each group of claims: pairwise verdicts, the group's verdict, an explanation, a reconciled value.

Verdicts compare intervals and *stated* periods only (DESIGN.md, "Three dates, not one"): equal values
agree; different values whose intervals overlap are ``rounding``; two different stated periods make a
``time_series`` (the same prose figure under two disjoint stated periods is ``misdated``); otherwise the
claims ``conflict``. A document's date or a cited source's year never separates two claims: it only explains
why they differ. A group takes the verdict of its worst pair.

The reconciled value follows a named policy and keeps the other claims as ranked alternatives; where the
policy cannot choose between two conflicting figures it says ``unresolved`` and why. Figures that several
documents state together in one sentence are reconciled from one document (:func:`cohere`), so the fact
sheet never pairs one paper's total with another paper's part.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from itertools import combinations

from claimledger.models.choices import VERDICTS
from claimledger.models.grouping import PairModel, _period, group_claims, interval
from claimledger.models.records import Claim, Group, PairFinding

SEVERITY = {verdict: i for i, verdict in enumerate(VERDICTS)}
Years = Mapping[str, int | None]
Labels = Mapping[str, str]


def _equal(a: Claim, b: Claim) -> bool:
    return math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12)


def pair_verdict(a: Claim, b: Claim) -> str:
    """The verdict of two claims about one quantity (the documents' dates play no part)."""
    pa, pb = _period(a), _period(b)
    basis = {a.period_basis, b.period_basis}
    # "currently" is the document's date: with a written period on the other side it dates a series ("By
    # current estimates, almost 22 million" (2001) against "in 2004 ... 26.6 million"), never on both sides
    if pa is not None and pb is not None and pa != pb and basis != {"document"}:
        disjoint = pa[1] < pb[0] or pb[1] < pa[0]
        if _equal(a, b) and disjoint and a.origin == b.origin == "text" and "document" not in basis:
            return "misdated"
        return "time_series"
    if _equal(a, b):
        return "agreement"
    (la, ha), (lb, hb) = interval(a), interval(b)
    return "rounding" if la <= hb and lb <= ha else "conflict"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 or value == int(value) else f"{value:,.4g}"


def label(doc_id: str, labels: Labels | None) -> str:
    """How a document is named to a reader: its run-unique label, else its id."""
    return (labels or {}).get(doc_id) or doc_id


def describe(claim: Claim, labels: Labels | None = None) -> str:
    """One claim as a reader cites it: "Delgado-Wise & Márquez Covarrubias 2007 (002), citing CPS, 2005, says
    slightly more than 261,000"."""
    cited = f"citing {claim.source}" if claim.source else "no source cited"
    period = _period(claim)
    when = "" if period is None else f" for {period[0]}" + (f"-{period[1]}" if period[1] != period[0] else "")
    said = f"{claim.hedge + ' ' if claim.hedge else ''}{claim.text if claim.origin == 'table' else _fmt(claim.value)}"
    return f"{label(claim.doc_id, labels)} ({cited}) says {said}{when}"


def gap(a: Claim, b: Claim, years: Years) -> str:
    """The size of a difference, from the earlier document's figure to the later's: "385,000 → 261,000 is
    −32%"."""
    first, second = sorted((a, b), key=lambda c: (years.get(c.doc_id) or 0, c.doc_id))
    if not first.value:
        return f"{_fmt(first.value)} → {_fmt(second.value)}"
    change = (second.value - first.value) / abs(first.value) * 100
    size = f"{abs(change):.0f}%" if abs(change) >= 10 else f"{abs(change):.1f}%"
    return f"{_fmt(first.value)} → {_fmt(second.value)} is {'+' if change > 0 else '−'}{size}"


def differences(a: Claim, b: Claim, years: Years) -> list[str]:
    """What differs between two claims, so a reader sees why they may disagree."""
    found = []
    if a.source and b.source:
        found.append("same cited source, different numbers" if a.source == b.source
                     else f"different sources ({a.source} vs {b.source})")
    elif a.source or b.source:
        found.append(f"only one cites a source ({a.source or b.source})")
    else:
        found.append("neither cites a source")
    pa, pb = _period(a), _period(b)
    if pa != pb:
        found.append(f"stated periods differ ({pa[0] if pa else 'none'} vs {pb[0] if pb else 'none'})")
    if a.population != b.population and (a.population or b.population):
        found.append(f"population wording differs ({a.population or 'none'} vs {b.population or 'none'})")
    ya, yb = years.get(a.doc_id), years.get(b.doc_id)
    if ya and yb and ya != yb:
        found.append(f"document dates differ ({ya} vs {yb})")
    return found


def finding(a: Claim, b: Claim, verdict: str, years: Years, labels: Labels | None = None) -> str:
    """A sentence on one pair: who says what, the verdict, and for a conflict its size and what differs."""
    text = f"{describe(a, labels)}; {describe(b, labels)}: {verdict.replace('_', ' ')}"
    if verdict == "conflict":
        text += f", {gap(a, b, years)} (" + "; ".join(differences(a, b, years)) + ")"
    if verdict == "misdated":
        text += " (the same figure under two disjoint stated periods: one of them is likely wrong)"
    return text


Policy = Callable[[Claim, Years], tuple]


def _recent_cited(c: Claim, years: Years) -> tuple:
    return (bool(c.source), years.get(c.doc_id) or 0)


def _most_precise(c: Claim, years: Years) -> tuple:
    return (-c.precision, bool(c.source), years.get(c.doc_id) or 0)


def _earliest(c: Claim, years: Years) -> tuple:
    return (-(years.get(c.doc_id) or 9999), bool(c.source))


# Each policy's decisive key (two claims equal on it cannot be told apart by the policy) and its wording.
POLICIES: dict[str, tuple[Policy, str]] = {
    "recent-cited": (_recent_cited, "a cited source first, then the most recent document"),
    "most-precise": (_most_precise, "the most precise figure, then a cited source, then the most recent document"),
    "earliest": (_earliest, "the earliest document (the first statement of the figure)"),
}
DEFAULT_POLICY = "recent-cited"


def _rank(members: Sequence[Claim], years: Years, policy: str, series: bool) -> list[Claim]:
    """Members best first: a time series by its latest stated period, else by the policy's key; ties by the
    most precise figure, then id."""
    key = POLICIES[policy][0]

    def order(c: Claim) -> tuple:
        latest = (_period(c) or (-1, -1))[1] if series else 0
        return (latest, key(c, years), -c.precision, c.claim_id)
    return sorted(members, key=order, reverse=True)


def _unresolved(ranked: Sequence[Claim], years: Years, policy: str) -> Claim | None:
    """A claim that conflicts with the best one and that the policy cannot tell from it, if any."""
    key = POLICIES[policy][0]
    best = ranked[0]
    for other in ranked[1:]:
        if key(other, years) != key(best, years) or _period(other) != _period(best):
            break
        if pair_verdict(best, other) == "conflict":
            return other
    return None


def judge(members: Sequence[Claim], years: Years, policy: str = DEFAULT_POLICY, labels: Labels | None = None) -> Group:
    """One group's verdict, pair findings, explanation and reconciled value."""
    why = POLICIES[policy][1]
    pairs = []
    for a, b in combinations(members, 2):
        verdict = pair_verdict(a, b)
        pairs.append(PairFinding(a.claim_id, b.claim_id, verdict, finding(a, b, verdict, years, labels)))
    verdict = max((p.verdict for p in pairs), key=SEVERITY.__getitem__)
    ranked = _rank(members, years, policy, verdict == "time_series")
    best = ranked[0]
    tie = _unresolved(ranked, years, policy) if verdict == "conflict" else None
    quantity = Counter(c.quantity for c in members if c.quantity).most_common(1)
    if tie is not None:
        rationale = (f"unresolved: {describe(best, labels)} and {describe(tie, labels)}, and policy "
                     f"{policy!r} ({why}) cannot choose between them; {_fmt(best.value)} is shown first only by "
                     "precision.")
    elif verdict == "time_series":
        rationale = (f"{_fmt(best.value)} from {describe(best, labels)}: the latest stated period of the "
                     f"series; {len(members) - 1} other claim(s) ranked after it.")
    else:
        rationale = (f"{_fmt(best.value)} from {describe(best, labels)}, chosen by policy {policy!r} ({why}); "
                     f"{len(members) - 1} other claim(s) ranked after it.")
    worst = [p.finding for p in pairs if p.verdict in ("conflict", "misdated")]
    explanation = " ".join(worst) if worst else f"{len(members)} claims, {verdict.replace('_', ' ')}."
    order = sorted({c.doc_id for c in members}, key=lambda d: (years.get(d) or 0, d))
    explanation += " Version order: " + ", then ".join(label(d, labels) for d in order) + "."
    ids = tuple(c.claim_id for c in members)
    return Group(group_id="g" + hashlib.sha1(",".join(sorted(ids)).encode()).hexdigest()[:12],
                 quantity=quantity[0][0] if quantity else best.quantity, unit=best.currency or best.unit,
                 verdict=verdict, claim_ids=ids, pairs=tuple(pairs), reconciled_value=best.value,
                 reconciled_claim_id=best.claim_id, policy=policy, rationale=rationale,
                 alternatives=tuple(c.claim_id for c in ranked[1:]), explanation=explanation)


def cohere(groups: Sequence[Group], claims: Mapping[str, Claim], years: Years, labels: Labels | None = None
           ) -> list[Group]:
    """Reconcile figures stated together from one document: where two groups have claims in one sentence of
    several documents (a total and its part, "261,000 ... of whom 39,748"), the second takes its value from
    the document the first chose, when it has a claim there, and says so."""
    sentence_of = {cid: (c.doc_id, c.sentence_start) for cid, c in claims.items() if c.origin == "text"}
    out = list(groups)
    lead_for: dict[tuple[str, int], int] = {}
    order = sorted(range(len(out)), key=lambda k: (-SEVERITY[out[k].verdict], -len(out[k].claim_ids),
                                                   out[k].group_id))
    for k in order:
        g = out[k]
        chosen = claims[g.reconciled_claim_id]
        leads = [lead_for[s] for cid in g.claim_ids if (s := sentence_of.get(cid)) in lead_for]
        lead = out[leads[0]] if leads else None
        if lead is not None and g.verdict not in ("time_series", "misdated"):
            lead_doc = claims[lead.reconciled_claim_id].doc_id
            there = [claims[c] for c in g.claim_ids if claims[c].doc_id == lead_doc
                     and sentence_of.get(c) in {sentence_of.get(x) for x in lead.claim_ids}]
            if there and there[0].claim_id != chosen.claim_id:
                pick = there[0]
                rest = [pick.claim_id] + [c for c in (g.reconciled_claim_id, *g.alternatives) if c != pick.claim_id]
                out[k] = g = replace(
                    g, reconciled_value=pick.value, reconciled_claim_id=pick.claim_id, alternatives=tuple(rest[1:]),
                    rationale=f"{_fmt(pick.value)} from {describe(pick, labels)}: stated in the same sentence "
                              f"as the reconciled figure of '{lead.quantity}', so it is taken from the same "
                              f"document ({label(pick.doc_id, labels)}). " + g.rationale)
        for cid in g.claim_ids:
            s = sentence_of.get(cid)
            if s is not None:
                lead_for.setdefault(s, k)
    return out


def reconcile(claims: Sequence[Claim], years: Years, policy: str = DEFAULT_POLICY, model: PairModel | None = None,
              labels: Labels | None = None, links: Sequence[tuple[str, str]] = (),
              families: Mapping[str, str] | None = None) -> list[Group]:
    """Every group of two or more claims measuring one quantity, judged, in a stable order. ``links`` are pairs
    of claim ids known to state one quantity (a figure carried into a later version); ``families`` maps each
    document to its version family (:func:`claimledger.models.grouping.group_claims`)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown reconciliation policy {policy!r}; choose one of {sorted(POLICIES)}")
    groups = [judge(g, years, policy, labels) for g in group_claims(claims, model, links=links, families=families)]
    return cohere(groups, {c.claim_id: c for c in claims}, years, labels)
