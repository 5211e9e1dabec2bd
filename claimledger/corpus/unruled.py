"""Tables set without rules between their columns, inferred from the positions of a page's words.

pdfplumber's "text" strategy reads every page of running text as a table, so the inference is done here:
a line of a table breaks into pieces at gaps much wider than a space (a justified line, stretched
evenly, does not); runs of such lines are a table block, with up to four short header lines above; its
columns are the runs of x covered by the pieces of its body rows (a gap between columns may be crossed
by one row in eight: a spanning header, a wide label). A block is not a table when it reads as running
text: pieces of one line falling in one column, cells that are bits of sentences, more than one wordy
column, a wordy column that is not the first (a numbered list), or numbered headings.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from itertools import groupby
from typing import NamedTuple

from claimledger.corpus.layout import Box, baselines

Bbox = tuple[float, float, float, float]


class Grid(NamedTuple):
    """A table found on a page: its box (x0, top, x1, bottom) and its rows of cell texts ("" if empty)."""

    bbox: Bbox
    rows: tuple[tuple[str, ...], ...]


GAP = 0.8  # a gap wider than this many line heights separates two cells of a row, not two words
_PROSE_BIT = re.compile(r"[^\W\d_A-Z][^\W\d_]*[,.;:]?( [^\W\d_]+[,.;:]?)*")  # lower-case words only
_CAPTION = re.compile(r"(Table|TABLE|Figure|FIGURE|Fig\.)\s*[\dIVXLC]+\b")
_SECTION = re.compile(r"\d+(\.\d+)+\.?|[IVX]+\.")
WORDY = 4  # a column whose cells hold this many words or more (median) is running text


class Row(NamedTuple):
    """A line of text split at wide gaps: its pieces (each a list of words) and its box."""

    pieces: list[list[Box]]
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def unruled_tables(words: Sequence[Box]) -> list[Grid]:
    """Tables set with whitespace between their columns, inferred from word positions."""
    rows = [_row(line) for line in baselines(list(words))]
    grids = []
    for block in _blocks(rows):
        grid = _grid(block)
        if grid is not None:
            grids.append(grid)
    return grids


def _row(line: list[Box]) -> Row:
    """A line split into pieces wherever the gap between two words is wider than GAP line heights."""
    height = statistics.median(w.bottom - w.top for w in line)
    gaps = [word.x0 - before.x1 for before, word in zip(line, line[1:])]
    wide = GAP * height if not _justified(line, gaps) else float("inf")
    pieces: list[list[Box]] = [[line[0]]]
    for gap, word in zip(gaps, line[1:]):
        if gap > wide:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return Row(pieces, min(w.top for w in line), max(w.bottom for w in line))


def _justified(line: list[Box], gaps: list[float]) -> bool:
    """A line of justified text stretched wide: four words or more, one space (of one width) apart.
    A row of cells holding a word each is spaced by its column widths, unevenly."""
    wordy = sum(any(ch.isalpha() for ch in w.text) for w in line) * 2 > len(line)
    return wordy and len(gaps) >= 3 and max(gaps) - min(gaps) < 1.0


def _blocks(rows: list[Row]) -> list[list[Row]]:
    """Runs of rows of two pieces or more, close together; single-piece rows between them (a label on
    its own, a wrapped cell) and header lines just above them stay in the block."""
    blocks: list[list[Row]] = []
    current: list[Row] = []
    pending: list[Row] = []  # single-piece rows after the block's last multi-piece row
    for row in rows:
        near = current and row.top - (pending or current)[-1].bottom <= 1.6 * max(row.height, 4.0)
        if not near:
            if current:
                blocks.append(current)
            current, pending = [], []
        if len(row.pieces) >= 2:
            current.extend(pending + [row])
            pending = []
        elif current and len(pending) < 2:
            pending.append(row)
        else:
            if current:
                blocks.append(current)
            current, pending = [], []
    if current:
        blocks.append(current)
    return [_with_header(block, rows) for block in blocks if sum(len(r.pieces) >= 2 for r in block) >= 2]


def _with_header(block: list[Row], rows: list[Row]) -> list[Row]:
    """The block with up to four header lines right above it (see :func:`_header_line`)."""
    left = min(r.pieces[0][0].x0 for r in block)
    right = max(r.pieces[-1][-1].x1 for r in block)
    i = rows.index(block[0])
    for _ in range(4):
        if i == 0 or not _header_line(rows[i - 1], rows[i], left, right):
            break
        i -= 1
        block = [rows[i]] + block
    return block


def _header_line(above: Row, below: Row, left: float, right: float) -> bool:
    """Whether a line is a header over the columns between ``left`` and ``right``: close above, within
    them, of short pieces, and not one piece starting at the left edge (a caption or a line of text)."""
    words = [w for p in above.pieces for w in p]
    return (below.top - above.bottom <= 1.2 * max(above.height, 4.0)
            and left - 2 <= words[0].x0 and words[-1].x1 <= right + 2
            and not (words[0].x0 <= left + 2 and len(above.pieces) == 1)
            and all(len(p) <= WORDY + 2 for p in above.pieces))


def _columns(block: list[Row]) -> list[tuple[float, float]]:
    """The x-ranges of the columns: runs of x covered by the pieces of the rows with the most common
    number of pieces (or more), where a gap between columns may be crossed by one such row in eight
    (a line of text or a header cell spanning columns does not join them)."""
    counts = [len(r.pieces) for r in block if len(r.pieces) >= 2]
    usual = statistics.median_low(counts)
    spans = [(int(p[0].x0), int(p[-1].x1) + 1) for r in block if len(r.pieces) >= usual for p in r.pieces]
    lo = min(x0 for x0, _ in spans)
    cover = [0] * (max(x1 for _, x1 in spans) - lo + 1)
    for x0, x1 in spans:
        for x in range(x0 - lo, x1 - lo):
            cover[x] += 1
    crossing = sum(1 for c in counts if c >= usual) // 8
    columns: list[tuple[float, float]] = []
    for used, run in groupby(enumerate(cover), key=lambda xc: xc[1] > crossing):
        xs = [x for x, _ in run]
        if used:
            columns.append((float(xs[0] + lo), float(xs[-1] + lo + 1)))
    return columns


def _grid(block: list[Row]) -> Grid | None:
    """The block as a grid, or None if it reads as running text or a list rather than a table: pieces of
    one line falling in one column (one in five) are the stretched spaces of justified text. A caption
    line set above the table, its words spread, is left out."""
    while block and _CAPTION.match(" ".join(w.text for w in block[0].pieces[0])):
        block = block[1:]
    if sum(len(r.pieces) >= 2 for r in block) < 2:
        return None
    columns = _columns(block)
    if len(columns) < 2:
        return None
    rows = []
    shared = 0  # pieces of a row that fall in a column another piece of that row is in
    for row in block:
        cells = [""] * len(columns)
        for piece in row.pieces:
            for part in _split(piece, columns):
                col = _column_of(part, columns)
                shared += bool(cells[col])
                cells[col] = f"{cells[col]} {' '.join(w.text for w in part)}".strip()
        rows.append(cells)
    rows = _merge_wrapped(rows, block)
    if shared * 5 > sum(len(r.pieces) for r in block) or not _tabular(rows):
        return None
    words = [w for r in block for p in r.pieces for w in p]
    bbox = (min(w.x0 for w in words), block[0].top, max(w.x1 for w in words), block[-1].bottom)
    return Grid(bbox, tuple(tuple(r) for r in rows))


def _split(piece: list[Box], columns: list[tuple[float, float]]) -> list[list[Box]]:
    """A piece cut where its words cross from one column into the next (cells only a space apart)."""
    return [list(g) for _, g in groupby(piece, key=lambda w: _column_of([w], columns))]


def _column_of(words: list[Box], columns: list[tuple[float, float]]) -> int:
    """The column a run of words overlaps most (a wide figure right-aligned in a column starts left of
    the column's other cells), else the nearest one."""
    x0, x1 = words[0].x0, words[-1].x1

    def fit(col: tuple[float, float]) -> float:
        overlap = min(x1, col[1]) - max(x0, col[0])
        return overlap if overlap > 0 else overlap / 1000  # no overlap: the nearest column wins
    return max(range(len(columns)), key=lambda i: fit(columns[i]))


def _merge_wrapped(rows: list[list[str]], block: list[Row]) -> list[list[str]]:
    """Join a row label wrapped onto a line of its own (only the first cell filled, starting in lower
    case, close under the row above) to that row."""
    out: list[list[str]] = []
    for i, cells in enumerate(rows):
        alone = cells[0] and not any(cells[1:])
        close = i and block[i].top - block[i - 1].bottom < 0.6 * block[i].height
        if out and alone and close and cells[0][:1].islower():
            out[-1][0] = f"{out[-1][0]} {cells[0]}".strip()
        else:
            out.append(list(cells))
    return out


def _tabular(rows: list[list[str]]) -> bool:
    """Whether a grid reads as a table: two rows with two cells or more, most cells past the first
    column not bits of running text ("the", "as its", "scheme,"), at most one wordy column, and that one
    first (running text in columns, a list of numbered paragraphs are not tables)."""
    if sum(sum(1 for c in row if c) >= 2 for row in rows) < 2:
        return False
    if all(_SECTION.fullmatch(r[0]) for r in rows) and not any(figures(c) for r in rows for c in r[1:]):
        return False  # numbered headings ("3.2 Measuring Financial Losses", "3.2.1 Reported Losses")
    inner = [c for row in rows for c in row[1:] if c]
    if sum(bool(_PROSE_BIT.fullmatch(c)) for c in inner) * 5 > len(inner) * 2:
        return False  # justified running text, its stretched spaces taken for column gaps
    words = [statistics.median([len(row[col].split()) for row in rows if row[col]] or [0])
             for col in range(len(rows[0]))]
    wordy = [n >= WORDY for n in words]
    # a stub as long as a line of running text is the text column beside a table or a list
    stub = wordy[0] and words[0] < 1.5 * WORDY and len(rows[0]) >= 3
    return sum(wordy) == 0 or (sum(wordy) == 1 and stub)


def figures(cell: str) -> bool:
    """Whether most lines of a cell hold a digit."""
    lines = cell.split("\n")
    return sum(any(ch.isdigit() for ch in line) for line in lines) * 2 > len(lines)
