"""Arithmetic checks in running text: a stated multiple or change against the two figures it derives from.

"increased almost sevenfold, rising from US$30.7 billion to $213.7 billion" states a ratio (7) that the
figures give as 6.96; "fell by 38% ... (from USD $11.70 to $7.20 per hour)" states a change (-38%) that
they give as -38.5%. Each such sentence becomes a :class:`Check` beside the table checks.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from itertools import groupby

from claimledger.models.grouping import dimension, interval
from claimledger.models.records import Check, Claim, Table

_FROM = re.compile(r"\bfrom\s*\(?\s*$", re.IGNORECASE)
_TO = re.compile(r"^\s*(to|and)\s*$", re.IGNORECASE)
_CHANGE = re.compile(r"\b(fell|falling|dropped|declined|decreased|increased|rose|rising|grew|growing|"
                     r"expanded|contracted|reduced|cut)\b[^.;]{0,25}\bby\s*$", re.IGNORECASE)
_DOWN = re.compile(r"\b(fell|falling|dropped|declined|decreased|contracted|reduced|cut)\b", re.IGNORECASE)


def _between(claim: Claim, start: int, end: int) -> str:
    """Sentence text between two document offsets (the claim's sentence holds both)."""
    lo, hi = start - claim.sentence_start, end - claim.sentence_start
    return claim.sentence[max(0, lo):max(0, hi)]


def from_to(claims: Sequence[Claim]) -> Iterator[tuple[Claim, Claim]]:
    """Pairs written "from X to Y" in one sentence, X and Y of one dimension."""
    for x, y in zip(claims, claims[1:]):
        before = _between(x, x.sentence_start, x.char_start)[-12:]
        # Figures a hundredfold apart are not one series (a scale word was lost); they prove nothing.
        if dimension(x) == dimension(y) and _FROM.search(before) and _TO.match(_between(x, x.char_end, y.char_start)) \
                and x.value and 0.01 < y.value / x.value < 100:
            yield x, y


def _check(kind: str, stated: Claim, x: Claim, y: Claim, expected: float, observed: float, tolerance: float,
           why: str) -> Check:
    ids = (stated.claim_id, x.claim_id, y.claim_id)
    status = "pass" if abs(expected - observed) <= tolerance else "fail"
    digest = hashlib.sha1(f"{kind}:{','.join(ids)}".encode()).hexdigest()[:16]
    explanation = (f"{stated.text!r} against {x.text!r} -> {y.text!r}: the figures give {expected:.3g}, "
                   f"the text states {observed:.3g} ({why}; tolerance {tolerance:.3g})")
    return Check(digest, stated.doc_id, kind, ids, round(expected, 6), observed, round(tolerance, 6), status,
                 explanation)


def sentence_checks(claims: Sequence[Claim]) -> Iterator[Check]:
    """Checks of one sentence's claims, in order of offset."""
    for x, y in from_to(claims):
        for stated in claims:
            if stated.unit == "fold":
                low, high = interval(stated)
                # The stated multiple allows its own hedge and precision, plus the figures' rounding.
                tolerance = max(high - stated.value, stated.value - low, 0.05 * stated.value)
                yield _check("ratio", stated, x, y, y.value / x.value, stated.value, tolerance,
                             "ratio of the later to the earlier figure")
            elif stated.unit == "percent" and dimension(x) != "percent" and \
                    _CHANGE.search(_between(stated, stated.sentence_start, stated.char_start)[-40:]):
                sign = -1.0 if _DOWN.search(_between(stated, stated.sentence_start, stated.char_start)[-40:]) else 1.0
                expected = 100.0 * (y.value - x.value) / abs(x.value)
                yield _check("change", stated, x, y, expected, sign * stated.value, 1.0 + stated.precision,
                             "percent change from the earlier to the later figure, negative for a fall")


def text_checks(claims: Sequence[Claim]) -> Iterator[Check]:
    """Every arithmetic check found in the running text of the claims' documents."""
    text = sorted((c for c in claims if c.origin == "text"), key=lambda c: (c.doc_id, c.sentence_start, c.char_start))
    for _, sentence in groupby(text, key=lambda c: (c.doc_id, c.sentence_start)):
        yield from sentence_checks(list(sentence))


_CITES_TABLE = re.compile(r"\b(?:see\s+)?table\s+([0-9]+|[ivxlc]+)\b", re.IGNORECASE)
_TABLE_LABEL = re.compile(r"^\s*table\s+([0-9]+|[ivxlc]+)\b", re.IGNORECASE)


def _label(text: str) -> str:
    m = _TABLE_LABEL.match(text) or _CITES_TABLE.search(text)
    return m.group(1).lower() if m else ""


def text_table_checks(claims: Sequence[Claim], tables: Sequence[Table]) -> Iterator[Check]:
    """A sentence's figure against the cell of the table it cites ("almost US$6 billion in 1999 (table 2)").

    The cell is the one of the cited table with the claim's dimension and period whose row and column labels
    share most words with the claim's sentence; the check passes when the two intervals overlap.
    """
    by_label = {(t.doc_id, _label(t.title)): t.table_id for t in tables if _label(t.title)}
    cells: dict[str, list[Claim]] = {}
    for c in claims:
        if c.origin == "table":
            cells.setdefault(c.table_id, []).append(c)
    for claim in claims:
        cited = _CITES_TABLE.search(claim.sentence) if claim.origin == "text" else None
        table_id = by_label.get((claim.doc_id, cited.group(1).lower())) if cited else None
        cell = _cited_cell(claim, cells.get(table_id or "", []))
        if cell is not None:
            (la, ha), (lb, hb) = interval(claim), interval(cell)
            status = "pass" if la <= hb and lb <= ha else "fail"
            ids = (claim.claim_id, cell.claim_id)
            digest = hashlib.sha1(f"text_table:{','.join(ids)}".encode()).hexdigest()[:16]
            yield Check(digest, claim.doc_id, "text_table", ids, cell.value, claim.value,
                        round(max(ha - claim.value, claim.value - la, hb - cell.value), 6), status,
                        f"{claim.text!r} in the text against {cell.text!r} in {table_id} "
                        f"({cell.row_label} / {cell.col_label}): the text allows [{la:.4g}, {ha:.4g}], the cell "
                        f"[{lb:.4g}, {hb:.4g}]")


def _cited_cell(claim: Claim, cells: Sequence[Claim]) -> Claim | None:
    """The cell a sentence's figure refers to: same dimension and period, most label words in the sentence."""
    from claimledger.models.grouping import _period, words

    said = words(claim.sentence)
    period = _period(claim)
    fits = [(len(words(f"{c.row_label} {c.col_label}") & said), -abs(c.value - claim.value), c.claim_id, c)
            for c in cells if dimension(c) == dimension(claim) and (period is None or _period(c) == period)]
    fits = [f for f in fits if f[0] > 0]
    return max(fits, key=lambda f: f[:3])[3] if fits else None
