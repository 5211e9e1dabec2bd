"""The shape of a table body: which rows are headers, what each column is called (multi-row headers
joined "Mexico / 1994"), column names of aligned or flattened bodies rebuilt from the words above them,
and PDF table grids (``Document.pdf_tables``) placed in the document text.
"""
from __future__ import annotations

import itertools
import re

from claimledger.extract.tables_cells import YEAR, parse_cell
from claimledger.extract.tables_text import Grid, Piece
from claimledger.models.records import Document

Rows = list[list[Piece]]


def header_rows(grid: Grid, title: str = "") -> tuple[Rows, Rows]:
    """(header rows, body rows) of a body (``title``: its table's caption, which names what a line of
    spanners over repeated years holds)."""
    if grid.layout in ("pipe", "tab", "pdf"):
        n = 0
        while n < len(grid.rows) - 1 and _is_header(grid.rows[n], n):
            n += 1
        return grid.rows[:n], grid.rows[n:]
    width = max((len(r) for r in grid.rows), default=0)
    loose = _loose(grid.loose_header, width)
    if not loose and grid.loose_header and grid.year_rows:
        loose = _spanners(grid.loose_header[-1], grid.year_rows[-1], title)
    return ([loose] if loose else []) + grid.year_rows, grid.rows


def _spanners(line: Piece, years: list[Piece], title: str) -> list[Piece]:
    """A line of names over a row of repeated years ("mexico united states" over "1994 2004 1994 2004") as a
    spanning row: one name over each run of the years, the line's words cut where the caption names its parts
    ("Asymmetries between Mexico and the United States"); [] when the years do not repeat or the words do not
    divide so."""
    cells = [p.text for p in years[1:]]
    period = next((k for k in range(1, len(cells) // 2 + 1)
                   if len(cells) % k == 0 and cells == cells[:k] * (len(cells) // k)), 0)
    if not period:
        return []
    groups = len(cells) // period
    words = line.text.split()
    low = title.lower()

    def found(words_: list[str]) -> bool:
        return bool(re.search(rf"\b{re.escape(' '.join(words_))}\b", low, re.IGNORECASE))
    # the words may open with the label column's name ("asymmetry"), then one name per run of years
    best: tuple[tuple[int, int, int], int, tuple[int, ...]] | None = None
    for stub in range(0, len(words) - groups + 1):
        rest = words[stub:]
        for cut in itertools.combinations(range(1, len(rest)), groups - 1):
            parts = [rest[a:b] for a, b in zip((0, *cut), (*cut, len(rest)))]
            sizes = [len(x) for x in parts]
            key = (sum(found(x) for x in parts), -stub, -(max(sizes) - min(sizes)))
            if best is None or key > best[0]:
                best = (key, stub, cut)
    if best is None or best[0][0] < groups and len(words) != groups:
        return []  # the caption does not say where one name ends
    _, stub, cut = best
    rest = words[stub:]
    names = []
    for a, b in zip((0, *cut), (*cut, len(rest))):
        name = " ".join(rest[a:b])
        m = re.search(rf"\b{re.escape(name)}\b", title, re.IGNORECASE)
        names.append(m.group(0) if m else name)
    head = " ".join(words[:stub])
    row = [Piece(head, line.start, line.start + len(head))]
    for name in names:
        at = line.start + line.text.lower().find(name.lower())
        row += [Piece(name, at, at + len(name))] + [Piece("", at, at)] * (period - 1)
    return row


def _is_header(row: list[Piece], n: int) -> bool:
    """A leading row is a header when its data cells hold no numbers other than years, and (after the
    first) its label cell is empty ("\\t1994\\t2004\\t1994\\t2004")."""
    data = [p.text for p in row[1:] if p.text]
    if n > 0 and row[0].text:
        return False
    return all(parse_cell(t) is None or YEAR.match(t) for t in data)


def labels_for(header, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Each column's name: its header cells top to bottom joined with " / ", a spanning cell ("Mexico"
    over "1994 2004") carried over the empty cells to its right."""
    texts = [[(p.text if isinstance(p, Piece) else p) for p in row] for row in header]
    filled = []
    for k, row in enumerate(texts):
        row = (row + [""] * width)[:width]
        if k < len(texts) - 1:
            row = [row[i] or (row[i - 1] if i > 1 else "") for i in range(width)]
            for i in range(2, width):
                row[i] = row[i] or row[i - 1]
        filled.append(row)
    return [" / ".join(r[i] for r in filled if r[i]) for i in range(width)]


def _loose(lines: list[Piece], width: int) -> list[Piece]:
    """Column names from the words above an aligned body: one per line, "%" on its own, a lone year
    (a spanner) dropped, and "Total" split off the row header, until there is one per column."""
    chunks: list[Piece] = []
    for line in lines:
        for m in re.finditer(r"%|[^%]+", line.text):
            words = re.sub(r"\b(19|20)\d\d\b", "", m.group(0)).strip()
            if words:
                at = line.start + m.start() + m.group(0).find(words.split()[0])
                chunks.append(Piece(" ".join(words.split()), at, at + len(words)))
    chunks = _split_total(chunks, width)
    if len(chunks) == width - 1:
        chunks = [Piece("", chunks[0].start, chunks[0].start)] + chunks
    return chunks if len(chunks) == width else []


def _split_total(chunks: list[Piece], width: int) -> list[Piece]:
    out: list[Piece] = []
    for chunk in chunks:
        m = re.match(r"(.+?)\s+(total)\s+(.+)$|(.+?)\s+(total)$", chunk.text, re.IGNORECASE)
        if m is None or len(chunks) >= width:
            out.append(chunk)
            continue
        parts = [g for g in m.groups() if g]
        pos = chunk.start
        for part in parts:
            at = chunk.text.find(part, pos - chunk.start) + chunk.start
            out.append(Piece(part, at, at + len(part)))
            pos = at + len(part)
    return out


def from_pdf(doc: Document) -> list[Grid]:
    """The PDF layout's table grids as bodies, each cell found in order in the table's text span."""
    out = []
    for table in doc.pdf_tables:
        if table.char_start < 0 or not table.rows:
            continue
        pos, rows = table.char_start, []
        for row in table.rows:
            cells = []
            for text in row:
                at = doc.text.find(text.strip(), pos, table.char_end + 1) if text.strip() else -1
                if at >= 0:
                    pos = at + len(text.strip())
                cells.append(Piece(text.strip(), at if at >= 0 else -1, pos if at >= 0 else -1))
            rows.append(cells)
        width = max(len(r) for r in rows)
        rows = [(r + [Piece("", -1, -1)] * width)[:width] for r in rows]
        out.append(Grid("pdf", rows, table.char_start, table.char_end))
    return out
