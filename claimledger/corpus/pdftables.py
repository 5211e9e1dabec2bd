"""Tables on a pdfplumber page, as grids of cell texts with their boxes.

Two finders, because papers draw tables two ways. A ruled table (a grid of lines or boxes) is found by
pdfplumber's own table finder with its "lines" strategies; a ruled grid whose rules leave several rows
or columns in one cell (a body without inner rules) is read the unruled way inside its box. An unruled
table (whitespace between the columns, at most a few horizontal rules, as academic tables are set) is
inferred from the words (:mod:`claimledger.corpus.unruled`), and dropped where its words label a chart or where it
is two columns of text read across the gutter between them.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimledger.corpus.layout import Box, baselines, column_gutters
from claimledger.corpus.unruled import WORDY, Bbox, Grid, figures, unruled_tables

__all__ = ["Bbox", "Grid", "page_tables", "ruled_tables", "unruled_tables"]

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
         "intersection_tolerance": 3}


def page_tables(page: Any, words: Sequence[Box]) -> list[Grid]:
    """The tables of a pdfplumber ``page`` whose upright ``words`` are given, top to bottom."""
    ruled = [_resplit(g, [w for w in words if _inside(w, g.bbox)]) for g in ruled_tables(page)]
    rest = [w for w in words if not any(_inside(w, g.bbox) for g in ruled)]
    unruled = [g for g in unruled_tables(rest) if not _chart(page, g.bbox)]
    outside = [w for w in rest if not any(_inside(w, g.bbox) for g in unruled)]
    gutters = column_gutters(baselines(outside), float(page.width)) if outside else []
    grids = ruled + [g for g in unruled if not _side_by_side(g, gutters, rest)]
    return sorted(grids, key=lambda g: (round(g.bbox[1]), g.bbox[0]))


def _side_by_side(grid: Grid, gutters: list[float], words: Sequence[Box]) -> bool:
    """Whether a grid is the lines of two columns of text read across the gutter between them: it
    straddles a gutter of the rest of the page and holds words, not figures, on both sides of it."""
    inside = [w for w in words if _inside(w, grid.bbox)]
    for x in gutters:
        if grid.bbox[0] < x < grid.bbox[2]:
            sides = [[w for w in inside if (w.x1 < x) == left] for left in (True, False)]
            if all(sum(figures(w.text) for w in side) * 5 < len(side) for side in sides):
                return True
    return False


def _chart(page: Any, bbox: Bbox) -> bool:
    """Whether the words in ``bbox`` label a chart: curves drawn among them (three or more), or a picture
    under half the box or more (axis ticks and legends line up like the cells of a table)."""
    def centred(obj: dict[str, Any]) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]

    area = max((bbox[2] - bbox[0]) * (bbox[3] - bbox[1]), 1.0)
    pictures = sum(max(0.0, min(i["x1"], bbox[2]) - max(i["x0"], bbox[0]))
                   * max(0.0, min(i["bottom"], bbox[3]) - max(i["top"], bbox[1])) for i in page.images)
    return sum(map(centred, page.curves)) >= 3 or pictures * 2 >= area


def ruled_tables(page: Any) -> list[Grid]:
    """Tables drawn with lines or boxes, through pdfplumber's finder; one box or one row is not a table.
    A cell of several lines keeps its line breaks here (see :func:`_resplit`)."""
    if not (page.lines or page.rects or page.curves):
        return []
    grids = []
    for table in page.find_tables(RULED):
        rows = _compact([[(c or "").strip() for c in row] for row in table.extract(x_tolerance=3)])
        if len(rows) >= 2 and max(sum(1 for c in row if c) for row in rows) >= 2 and not _wordy(rows):
            grids.append(Grid(tuple(float(v) for v in table.bbox), tuple(rows)))  # type: ignore[arg-type]
    return grids


def _resplit(grid: Grid, words: Sequence[Box]) -> Grid:
    """A ruled grid whose rules leave several rows or columns in one cell (a body without rules between
    its rows, or between its columns) is read from its words as an unruled table."""
    if _collapsed(grid.rows):
        found = unruled_tables(words)
        if len(found) == 1 and len(found[0].rows) >= len(grid.rows):
            return Grid(grid.bbox, found[0].rows)
    return Grid(grid.bbox, tuple(tuple(_clean(c) for c in row) for row in grid.rows))


def _collapsed(rows: Sequence[Sequence[str]]) -> bool:
    """Rows run together (two cells of a row hold three lines or more each, mostly figures: not a
    wrapped header) or columns run together (most rows hold a single cell)."""
    stacked = any(sum(c.count("\n") >= 2 and figures(c) for c in row) >= 2 for row in rows)
    single = sum(sum(1 for c in row if c) == 1 for row in rows)
    return stacked or single * 2 > len(rows)


def _compact(rows: list[list[str]]) -> list[tuple[str, ...]]:
    """The grid without its empty rows and columns (the thin strips between split rules, a spanning
    cell's other columns)."""
    rows = [row for row in rows if any(row)]
    keep = [i for i in range(max(map(len, rows), default=0)) if any(i < len(r) and r[i] for r in rows)]
    return [tuple(row[i] if i < len(row) else "" for i in keep) for row in rows]


def _wordy(rows: list[tuple[str, ...]]) -> bool:
    """A box around a paragraph or two: most cells hold running text."""
    cells = [c for row in rows for c in row if c]
    return sum(len(c.split()) >= 3 * WORDY for c in cells) * 2 > len(cells)


def _clean(cell: str | None) -> str:
    return " ".join((cell or "").split())


def _inside(word: Box, bbox: Bbox) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]
