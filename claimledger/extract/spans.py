"""Quantities as written: the span a reader would mark for each claim of a text.

A claim holds one value (a range its two bounds); what a text writes as one quantity can be more: its hedge
("∼2 m", "less than 6 K") and, for a list, every value of it ("4.5 kg, 6 kg and 13 kg"). ``written_spans``
gives those spans, each with its unit as written and what it measures, for scoring against annotated text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimledger.models.records import Claim


@dataclass(frozen=True)
class WrittenSpan:
    """A quantity as written: offsets into the document text, text, unit as written, measured phrase, and
    the claims it holds (more than one for a list)."""

    start: int
    end: int
    text: str
    unit_written: str
    quantity: str
    claims: tuple[Claim, ...]


_I = re.IGNORECASE
_HEDGE_WORDS = ("approximately", "about", "around", "almost", "nearly", "roughly", "less than", "greater than",
                "more than", "fewer than", "lower than", "higher than", "better than", "at least", "at most",
                "up to", "up to at least", "within", "over", "above", "below", "under", "near", "in the order of",
                "on the order of", "of the order of", "in excess of", "as low as", "as high as", "as much as",
                "as many as", "no more than", "no less than", "not more than", "not less than", "before", "average",
                "upto", "down to", "ca.", "circa")
_SIGNS = r"[~∼≈<>≤≥⩽⩾≲≳±]=?"
# a hedge or comparator written right before the number: "∼2 m", "less than ∼6 K", "over <20 ka", "≥ 16"
# (a sign may be glued to the symbol it is the value of: "Jsc∼2–3 mA/cm2", "Eg≈2.0 eV"; a word may not)
_HEDGE = re.compile(r"(?:(?<![\w])(?:" + "|".join(sorted((re.escape(w) for w in _HEDGE_WORDS), key=len, reverse=True))
                    + r")\s+)?(?:" + _SIGNS + r"\s?){0,2}$", _I)
# what opens a range written as two claims: "from 2605 m to 2634 m", "between 200 and >1000 m"
_RANGE_OPEN = re.compile(r"(?<![\w])(?:between|from|ranging from|range(?:s|d)? (?:from|of|between)|range)\s+$", _I)
_RANGE_JOIN = {"from": re.compile(r"\s*(?:to|[-–−])\s*$", _I), "between": re.compile(r"\s*and\s*$", _I)}
_TOLERANCE = re.compile(r"\s*(?:±|\+/-|\+-)\s*$")
_PRODUCT = re.compile(r"\s*[×x]\s*$")
# a bound written after the number: "a score of 5 or more", "15 or less"
_OR_MORE = re.compile(r"\s+or\s+(?:more|less|fewer|greater|higher|lower|above|below|over|under)\b", _I)
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s*$", _I)


def written_spans(text: str, found: Sequence[Claim]) -> Iterator[WrittenSpan]:
    """Each claim of ``found`` (claims of ``text``, in document order), or each run of claims that is one
    list, range or value with its tolerance, as the quantity it is written in."""
    i = 0
    while i < len(found):
        j = i + 1
        opener = _RANGE_OPEN.search(text, max(0, found[i].char_start - 20), found[i].char_start)
        while j < len(found) and _joins(text, found[j - 1], found[j], opener, j - i):
            j += 1
        run = found[i:j]
        start = run[0].char_start
        ranged = len(run) > 1 or run[0].value_low is not None  # "between 20 and 100 keV" is one claim
        start = opener.start() if opener is not None and ranged else _hedge_start(text, start)
        end = run[-1].char_end
        if (bound := _OR_MORE.match(text, end)) is not None:
            end = bound.end()
        yield WrittenSpan(start, end, text[start:end], run[-1].unit_written, run[0].quantity, tuple(run))
        i = j


def _joins(text: str, a: Claim, b: Claim, opener: re.Match[str] | None, length: int) -> bool:
    """Whether claim ``b`` continues the quantity that ``a`` ends: the second end of "from A to B" or
    "between A and B", the tolerance of "93.90 ± 0.15 Ma", the next item of "4.5 kg, 6 kg and 13 kg"."""
    gap = text[a.char_end:b.char_start]
    if _TOLERANCE.fullmatch(gap) or _PRODUCT.fullmatch(gap) and not a.unit_written:
        return True  # "93.90 ± 0.15 Ma"; the sides of "60 × 10 × 3 mm3", one size
    gap = gap[:_hedge_start(gap, len(gap))]  # "between 200 and >1000 m": the comparator is the next one's
    # a unit each writes must agree; a bare number's unit is only read from its context ("2634 m depth")
    if a.unit_written and b.unit_written and a.unit != b.unit or a.currency != b.currency:
        return False
    if opener is not None and length == 1:
        word = "between" if "between" in opener.group(0).lower() else "from"
        if _RANGE_JOIN[word].fullmatch(gap) or _RANGE_JOIN["from"].fullmatch(gap):
            return True
    # "0, 1000 and 2000 ppm" and "4.5 kg, 6 kg and 13 kg" are one list of settings; shares that each write
    # their sign ("35% and 22%") are shares of different things, each its own quantity
    return _LIST_JOIN.fullmatch(gap) is not None and (not a.unit_written or a.unit == b.unit
                                                      and a.unit not in {"percent", "percentage point"})


def _hedge_start(text: str, start: int) -> int:
    """Where the hedge or comparator written right before ``start`` begins (``start`` when there is none)."""
    m = _HEDGE.search(text, max(0, start - 30), start)
    return m.start() if m is not None and m.group(0).strip() else start
