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


def written_spans(text: str, found: Sequence[Claim]) -> Iterator[WrittenSpan]:
    """Each claim of ``found`` (claims of ``text``, in order) as the quantity it is written in."""
    for c in found:
        yield WrittenSpan(c.char_start, c.char_end, text[c.char_start:c.char_end], _unit_after_number(c.text),
                          c.quantity, (c,))


def _unit_after_number(surface: str) -> str:
    m = re.search(r"\d(?!.*\d)", surface)
    return surface[m.end():].strip() if m else ""
