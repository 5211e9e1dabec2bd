"""Judge each group of claims: pairwise verdicts, the group's verdict, an explanation, a reconciled value.

Verdicts compare intervals (DESIGN.md): equal values agree; different values whose intervals overlap are
``rounding``; different reference periods make a ``time_series``; otherwise the claims ``conflict``.
A group takes the verdict of its worst pair. The reconciled value follows a named policy and keeps the
other claims as ranked alternatives.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations

from models.grouping import PairModel, _period, group_claims, interval
from models.records import Claim, Group, PairFinding

SEVERITY = {"agreement": 0, "rounding": 1, "time_series": 2, "conflict": 3}


def effective_period(claim: Claim, years: Mapping[str, int | None]) -> tuple[tuple[int, int] | None, bool]:
    """The claim's period and whether it is stated; an undated claim falls back to its document's year."""
    stated = _period(claim)
    if stated is not None:
        return stated, True
    year = years.get(claim.doc_id)
    return ((year, year) if year else None), False


def pair_verdict(a: Claim, b: Claim, years: Mapping[str, int | None]) -> str:
    """The verdict of two claims about one quantity."""
    (pa, sa), (pb, sb) = effective_period(a, years), effective_period(b, years)
    equal = math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12)
    # A document's date stands in for an undated claim's period only to explain a difference, and two
    # undated claims are not separated by their documents' dates alone: papers restate old figures.
    if (sa and sb or (sa or sb) and not equal) and pa is not None and pb is not None and pa != pb:
        return "time_series"
    if equal:
        return "agreement"
    (la, ha), (lb, hb) = interval(a), interval(b)
    return "rounding" if la <= hb and lb <= ha else "conflict"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 or value == int(value) else f"{value:,.4g}"


def describe(claim: Claim, years: Mapping[str, int | None]) -> str:
    """One claim as a reader cites it: "002 (2007, citing CPS, 2005) says slightly more than 261,000"."""
    year = years.get(claim.doc_id)
    cited = f"citing {claim.source}" if claim.source else "no source cited"
    where = ", ".join(p for p in (str(year) if year else "", cited))
    period = _period(claim)
    when = "" if period is None else f" for {period[0]}" + (f"-{period[1]}" if period[1] != period[0] else "")
    return f"{claim.doc_id[:3]} ({where}) says {claim.hedge + ' ' if claim.hedge else ''}{_fmt(claim.value)}{when}"


def differences(a: Claim, b: Claim, years: Mapping[str, int | None]) -> list[str]:
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


def finding(a: Claim, b: Claim, verdict: str, years: Mapping[str, int | None]) -> str:
    """A sentence on one pair: who says what, the verdict, and for a conflict what differs."""
    text = f"{describe(a, years)}; {describe(b, years)}: {verdict.replace('_', ' ')}"
    if verdict == "conflict":
        text += " (" + "; ".join(differences(a, b, years)) + ")"
    return text


Policy = Callable[[Claim, Mapping[str, int | None]], tuple]


def _recent_cited(c: Claim, years: Mapping[str, int | None]) -> tuple:
    period = _period(c)
    return (bool(c.source), years.get(c.doc_id) or 0, -c.precision, period[1] if period else -1)


def _most_precise(c: Claim, years: Mapping[str, int | None]) -> tuple:
    return (-c.precision, bool(c.source), years.get(c.doc_id) or 0)


def _earliest(c: Claim, years: Mapping[str, int | None]) -> tuple:
    return (-(years.get(c.doc_id) or 9999), bool(c.source), -c.precision)


POLICIES: dict[str, tuple[Policy, str]] = {
    "recent-cited": (_recent_cited, "a cited source first, then the most recent document, then the most "
                                    "precise figure, then the latest reference period"),
    "most-precise": (_most_precise, "the most precise figure, then a cited source, then the most recent document"),
    "earliest": (_earliest, "the earliest document (the first statement of the figure)"),
}
DEFAULT_POLICY = "recent-cited"


def judge(members: Sequence[Claim], years: Mapping[str, int | None], policy: str = DEFAULT_POLICY) -> Group:
    """One group's verdict, pair findings, explanation and reconciled value."""
    key, why = POLICIES[policy]
    pairs = []
    for a, b in combinations(members, 2):
        verdict = pair_verdict(a, b, years)
        pairs.append(PairFinding(a.claim_id, b.claim_id, verdict, finding(a, b, verdict, years)))
    verdict = max((p.verdict for p in pairs), key=SEVERITY.__getitem__)
    ranked = sorted(members, key=lambda c: (key(c, years), c.claim_id), reverse=True)
    best = ranked[0]
    quantity = Counter(c.quantity for c in members if c.quantity).most_common(1)
    rationale = (f"{_fmt(best.value)} from {describe(best, years)}, chosen by policy {policy!r} ({why}); "
                 f"{len(members) - 1} other claim(s) ranked after it.")
    conflicts = [p.finding for p in pairs if p.verdict == "conflict"]
    explanation = " ".join(conflicts) if conflicts else f"{len(members)} claims, {verdict.replace('_', ' ')}."
    order = sorted({c.doc_id for c in members}, key=lambda d: (years.get(d) or 0, d))
    explanation += " Version order: " + " < ".join(f"{d[:3]} ({years.get(d) or '?'})" for d in order) + "."
    ids = tuple(c.claim_id for c in members)
    return Group(group_id="g" + hashlib.sha1(",".join(sorted(ids)).encode()).hexdigest()[:12],
                 quantity=quantity[0][0] if quantity else best.quantity, unit=best.currency or best.unit,
                 verdict=verdict, claim_ids=ids, pairs=tuple(pairs), reconciled_value=best.value,
                 reconciled_claim_id=best.claim_id, policy=policy, rationale=rationale,
                 alternatives=tuple(c.claim_id for c in ranked[1:]), explanation=explanation)


def reconcile(claims: Sequence[Claim], years: Mapping[str, int | None], policy: str = DEFAULT_POLICY,
              model: PairModel | None = None) -> list[Group]:
    """Every group of two or more claims measuring one quantity, judged, in a stable order."""
    if policy not in POLICIES:
        raise ValueError(f"unknown reconciliation policy {policy!r}; choose one of {sorted(POLICIES)}")
    return [judge(g, years, policy) for g in group_claims(claims, model)]
