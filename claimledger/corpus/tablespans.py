"""Where a table found in a PDF sits in its document's normalised text.

The grid comes from the page's words and the text from its lines, normalised; the cells are sought in
that text in reading order, so a table is placed by its own words even where the normaliser has joined
or cleaned some of them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from claimledger.corpus.pdftables import Grid
from claimledger.models.records import Page, PdfTable


def located(text: str, pages: Sequence[Page], tables: Sequence[tuple[int, Grid]]) -> tuple[PdfTable, ...]:
    """The tables as :class:`PdfTable` records, each placed in the document's normalised ``text``: from
    its first to its last cell found in order on its page (-1, -1 if fewer than half its cells are)."""
    out = []
    for number, grid in tables:
        page = pages[min(number, len(pages)) - 1] if pages else Page(1, 0, len(text))
        after = pages[number].end if number < len(pages) else len(text)
        start, end = _span(text, grid.rows, page.start, after)
        out.append(PdfTable(number, grid.bbox, grid.rows, start, end))
    return tuple(out)


def _span(text: str, rows: Sequence[Sequence[str]], lo: int, hi: int) -> tuple[int, int]:
    """[start, end) of the cells' text between ``lo`` and ``hi``: from each place where one of the first
    ten cells is found, the cells before and after it are sought in order, each near its neighbour; the
    place that finds the most wins. (-1, -1) if half the cells or more are not there."""
    patterns = [re.compile(r"\W+".join(map(re.escape, re.findall(r"\w+", c))))
                for row in rows for c in row if re.search(r"\w", c)]
    best: list[tuple[int, int]] = []
    for first in range(min(10, len(patterns))):
        for match in list(patterns[first].finditer(text, lo, hi))[:20]:
            found = _before(text, patterns[:first], match.span(), lo)
            found += _in_order(text, patterns[first + 1:], match.span(), hi)
            if len(found) > len(best):
                best = found
    if not best or len(best) * 2 < len(patterns):
        return -1, -1
    return best[0][0], best[-1][1]


def _before(text: str, patterns: Sequence[re.Pattern[str]], first: tuple[int, int],
            lo: int) -> list[tuple[int, int]]:
    """The spans of the cells before ``first`` (a header whose wrapped cells the text reads line by
    line), each the last match at most 200 characters before the one after it."""
    found = [first]
    for pattern in reversed(patterns):
        start = max(lo, found[0][0] - 200)
        matches = list(pattern.finditer(text, start, found[0][0]))
        if matches:
            found.insert(0, matches[-1].span())
    return found[:-1]


def _in_order(text: str, patterns: Sequence[re.Pattern[str]], first: tuple[int, int],
              hi: int) -> list[tuple[int, int]]:
    """The spans of ``first`` and of each pattern found after the last one found, at most 200 characters
    on (a cell that is not found is skipped)."""
    found = [first]
    for pattern in patterns:
        match = pattern.search(text, found[-1][1], min(hi, found[-1][1] + 200))
        if match:
            found.append(match.span())
    return found
