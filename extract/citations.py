"""In-text author–year citations: "(Conapo, 2004a)", "Conapo (2004b)", "(Moctezuma, 2000: 88-93)"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_NAME = r"[A-ZÁÉÍÓÚÑ][\w'’.-]+(?:\s+(?:de la|de|del|y|and|&|van|von)?\s*[A-ZÁÉÍÓÚÑ][\w'’.-]+)*(?:\s+et\s+al\.?)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)[a-z]?"
# A parenthesis holding at least one "Name[,] Year" item.
_PAREN = re.compile(r"\((?=[^()]*?" + _NAME + r",?\s+" + _YEAR + r")[^()]{3,300}?\)")
_NARRATIVE = re.compile(r"(" + _NAME + r")\s+\((" + _YEAR + r"(?:[:,]\s*(?:p+\.\s*)?[\d-]+)?)\)")
_ITEM = re.compile(r"(" + _NAME + r"(?:,\s+" + _NAME + r")*(?:,?\s+and\s+" + _NAME + r")?),?\s+(" + _YEAR
                   + r")(?:\s*[:,]\s*(?:pp?\.\s*)?(\d+(?:[-–]\d+)?))?")


@dataclass(frozen=True)
class CitationSpan:
    """One cited work in the text: offsets, text as written, authors, year (with suffix), page locator."""

    start: int
    end: int
    text: str
    authors: str
    year: str
    locator: str


def citation_spans(text: str) -> Iterator[CitationSpan]:
    """Every author–year citation in ``text``, one per cited work, left to right."""
    found: list[CitationSpan] = []
    for m in _PAREN.finditer(text):
        for item in _ITEM.finditer(text, m.start() + 1, m.end() - 1):
            found.append(CitationSpan(item.start(), item.end(), item.group(0), item.group(1), item.group(2),
                                      item.group(3) or ""))
    for m in _NARRATIVE.finditer(text):
        if not any(c.start <= m.start() < c.end for c in found):
            year, _, locator = m.group(2).partition(":")
            found.append(CitationSpan(m.start(), m.end(), m.group(0), m.group(1), year.split(",")[0].strip(),
                                      locator.strip()))
    yield from sorted(found, key=lambda c: c.start)


def cited_regions(text: str) -> list[tuple[int, int]]:
    """The character ranges that belong to citations (their years and page locators are not claims)."""
    regions = [(m.start(), m.end()) for m in _PAREN.finditer(text)]
    regions += [(c.start, c.end) for c in citation_spans(text)]
    return regions
