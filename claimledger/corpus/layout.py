"""Reading order of a PDF page rebuilt from its words.

pdfplumber's ``extract_text`` reads straight across columns, so the reading order is rebuilt here from
its words: a line is the words sharing a baseline; where (nearly) all lines keep clear of a vertical
strip with running text on both sides, the page has columns and is read band by band (a running head or
a full-width table stays where it is, a band of two or three columns is read column by column); a blank
line marks a paragraph break where the line spacing opens up. Columns are a property of the document: a
page whose last column holds too few lines to show its gutter (a paper's last page) takes the gutters of
the page before it where its lines keep clear of them.
"""
from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple, cast

import numpy as np
from pdfplumber.utils import cluster_objects

GUTTER = 6.0  # the narrowest free strip between two columns, in points
Bbox = tuple[float, float, float, float]  # x0, top, x1, bottom

class Box(NamedTuple):
    """One word of a page and its box, in points from the top left of the page as read."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


Line = list[Box]


def page_lines(words: list[Box], width: float, tables: Sequence[Bbox] = (),
               hint: Sequence[float] = ()) -> tuple[list[str], list[float]]:
    """The lines of one page in reading order ("" marks a paragraph break), and the gutters it was read
    by: its own, else those of ``hint`` (the previous page's) that it keeps clear. The page's ``tables``
    (their boxes) are left out when columns are sought, and one that spans a gutter is read row by row,
    as a full-width band: the gap between two columns of a table is not a gutter between columns of text."""
    if not words:
        return [], []
    rows = baselines(words)
    prose = [r for r in rows if not _in_table(r, tables)]
    gutters = column_gutters(prose, width) or hinted_gutters(prose, width, hint)
    wide = [t for t in tables if any(t[0] < x < t[2] for x in gutters)]
    regions = _bands(rows, gutters, wide) if gutters else [rows]
    out: list[str] = []
    for region in regions:
        out.extend(_region_text(region))
    return out, gutters


def baselines(words: list[Box]) -> list[Line]:
    """Words sharing a baseline, top to bottom, each line left to right."""
    clusters = cast(list[Line], cluster_objects(list[Any](words), attrgetter("bottom"), 2.5))  # typed for tuples
    lines = [sorted(line, key=attrgetter("x0")) for line in clusters]
    return sorted(lines, key=lambda line: min(w.top for w in line))


def column_gutters(lines: list[Line], width: float) -> list[float]:
    """The x of each gutter between columns of text: a strip that (nearly) all lines keep clear, with text
    on both sides. Empty for a one-column page, and for a table, whose columns hold a word or two."""
    n = len(lines)
    if n < 8:
        return []
    crossing, free = _free_strips(lines, width)
    runs = _runs(free)
    if not runs:
        return []
    # a running head, a page number or a wide table row may cross a gutter
    limit = min(crossing[a:b + 1].min() for a, b in runs) + max(2, n // 20)
    gutters = [_clearest(crossing, run, limit) for run in runs if crossing[run[0]:run[1] + 1].min() <= limit]
    return gutters if _prose(lines, gutters) else []


def hinted_gutters(lines: list[Line], width: float, hint: Sequence[float]) -> list[float]:
    """The gutters of ``hint`` that this page's lines keep clear (as few crossings as a gutter of its own
    may have) with text on both sides: a last page whose right column has a handful of lines."""
    if not hint or len(lines) < 2:
        return []
    crossing, _ = _free_strips(lines, width)
    limit = max(2, len(lines) // 20)
    kept = [x for x in hint if 0 <= int(x) < crossing.size and crossing[int(x)] <= limit
            and any(line[0].x1 < x for line in lines) and any(line[-1].x0 > x for line in lines)]
    return kept if len(kept) == len(hint) and _prose(lines, kept) else []


def _free_strips(lines: list[Line], width: float) -> tuple[Any, Any]:
    """For each x (in points): how many lines a strip there would cut, and whether a gutter could be
    there (a third of the lines or fewer cut, an eighth or more with text on either side)."""
    n = len(lines)
    xs = np.arange(int(width) + 1)
    covered = np.zeros((n, xs.size), dtype=bool)
    for row, line in zip(covered, lines):
        for w in line:
            row[max(0, int(w.x0 - GUTTER / 2)):int(w.x1 + GUTTER / 2) + 1] = True
    left = np.searchsorted(np.sort([line[0].x1 + GUTTER / 2 for line in lines]), xs, side="right")
    right = n - np.searchsorted(np.sort([line[-1].x0 - GUTTER / 2 for line in lines]), xs, side="left")
    crossing = covered.sum(axis=0)
    return crossing, (crossing * 3 <= n) & (np.minimum(left, right) >= max(3, n / 8))


def _runs(flags: Any) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    starts = np.flatnonzero(flags & ~np.r_[False, flags[:-1]])
    ends = np.flatnonzero(flags & ~np.r_[flags[1:], False])
    return list(zip(starts.tolist(), ends.tolist()))


def _clearest(crossing: Any, run: tuple[int, int], limit: int) -> float:
    """The middle of the part of ``run`` cut by no more than ``limit`` lines, around its clearest x."""
    a, b = run
    best = a + int(np.argmin(crossing[a:b + 1]))
    lo, hi = best, best
    while lo > a and crossing[lo - 1] <= limit:
        lo -= 1
    while hi < b and crossing[hi + 1] <= limit:
        hi += 1
    return (lo + hi) / 2


def _prose(lines: list[Line], gutters: list[float]) -> bool:
    """Whether the pieces of lines between gutters read as running text (a few words each), not cells."""
    pieces = Counter((i, _column(w, gutters)) for i, line in enumerate(lines) for w in line
                     if not any(_crosses(w, x) for x in gutters))
    return bool(pieces) and statistics.median(pieces.values()) >= 3


def _column(word: Box, gutters: list[float]) -> int:
    return sum(1 for x in gutters if word.x0 >= x)


def _crosses(word: Box, x: float) -> bool:
    return word.x0 < x + GUTTER / 2 and word.x1 > x - GUTTER / 2


def _in_table(row: Line, tables: Sequence[Bbox]) -> bool:
    """Whether a line lies inside one of the boxes (x0, top, x1, bottom)."""
    return any(t[0] - 1 <= row[0].x0 and row[-1].x1 <= t[2] + 1 and t[1] - 1 <= row[0].top <= t[3] + 1
               for t in tables)


def _bands(rows: list[Line], gutters: list[float], tables: Sequence[Bbox] = ()) -> list[list[Line]]:
    """Regions in reading order: a run of full-width rows as it is, a run of rows in columns column by
    column. The lines of each column are found again within it, as side-by-side lines a little off each
    other's baseline may have been taken for one row. A row of one of ``tables`` counts as full-width."""
    def full(row: Line) -> bool:
        return _in_table(row, tables) or any(_crosses(w, x) for w in row for x in gutters)

    regions: list[list[Line]] = []
    for wide, run in groupby(rows, key=full):
        band = [w for row in run for w in row]
        if wide:
            regions.append(baselines(band))
            continue
        for column in range(len(gutters) + 1):
            words = [w for w in band if _column(w, gutters) == column]
            if words:
                regions.append(baselines(words))
    return regions


def _region_text(lines: list[Line]) -> list[str]:
    """Each line's text, with a blank line where the gap to the line above is wider than usual."""
    tops = [min(w.top for w in line) for line in lines]
    bottoms = [max(w.bottom for w in line) for line in lines]
    gaps = [top - bottom for bottom, top in zip(bottoms, tops[1:])]
    usual = statistics.median(gaps) if gaps else 0.0
    height = statistics.median(b - t for t, b in zip(tops, bottoms))
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and gaps[i - 1] > usual + max(2.0, 0.3 * height):
            out.append("")
        out.append(" ".join(w.text for w in line))
    return out
