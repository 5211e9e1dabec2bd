"""Reference years and periods written in a sentence: "In 2004", "between 1994 and 2005", "the 1990s"."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_YEAR = r"(1[6-9]\d\d|20\d\d)"
_I = re.IGNORECASE
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:between|from)\s+" + _YEAR + r"\s+(?:and|to|until|through)\s+" + _YEAR + r"\b", _I), "span"),
    (re.compile(r"(?<![\d,.])" + _YEAR + r"\s*[-–/]\s*" + _YEAR + r"(?![\d,])"), "span"),
    (re.compile(r"(?<![\d,.])" + _YEAR + r"\s*[-–/]\s*(\d\d)(?![\d,%])"), "season"),
    (re.compile(r"\b(first|second|latter|early|mid|late)(?:\s+half)?(?:\s+of)?(?:\s+the)?[\s-]+" + _YEAR[:-1]
                + r"0)'?s\b", _I), "half_decade"),
    (re.compile(r"(?<![\d,.])" + _YEAR[:-1] + r"0)'?s\b"), "decade"),
    (re.compile(r"(?<![\d,.$])" + _YEAR + r"(?!\d|,\d|\s?%|\s*(?:prices|dollars|pesos|constant)|\.\d)"), "year"),
]


@dataclass(frozen=True)
class Period:
    """A year expression: offsets into the scanned text and the years it covers (inclusive)."""

    start: int
    end: int
    first: int
    last: int


def periods(text: str) -> Iterator[Period]:
    """Every year expression in ``text``, longest reading first, without overlaps, left to right."""
    found: list[Period] = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            if any(p.start <= m.start() < p.end or m.start() <= p.start < m.end() for p in found):
                continue
            period = _period(m, kind)
            if period is not None:
                found.append(period)
    yield from sorted(found, key=lambda p: p.start)


def _period(m: re.Match[str], kind: str) -> Period | None:
    g = m.groups()
    if kind == "span":
        first, last = int(g[0]), int(g[1])
    elif kind == "season":
        first = int(g[0])
        last = first // 100 * 100 + int(g[1])
        if last < first:
            last += 100
    elif kind == "half_decade":
        decade = int(g[1])
        word = g[0].lower()
        first, last = ((decade, decade + 4) if word in {"first", "early"}
                       else (decade + 3, decade + 6) if word == "mid" else (decade + 5, decade + 9))
    elif kind == "decade":
        first, last = int(g[0]), int(g[0]) + 9
    else:
        first = last = int(g[0])
    if last < first or last - first > 200:
        return None
    return Period(m.start(), m.end(), first, last)
