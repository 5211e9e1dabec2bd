"""Documents -> tables: every table body in the text (pipe, tab, aligned, flattened) or in the PDF layout
(``Document.pdf_tables``) becomes a :class:`Table` with caption, source, notes, header rows and cells
parsed to numbers; each numeric cell becomes a :class:`Claim` with ``origin="table"``.

A table the text repeats (a second printing in the same document) is marked ``same_as`` and adds no
claims; across documents :func:`link_repeats` marks the same table in another paper.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from claimledger.extract.canonical import canonical
from claimledger.extract.claims import appendix_spans, body_end, claim_id
from claimledger.extract.contents import contents_spans
from claimledger.extract.hedges import interval
from claimledger.extract.population import population
from claimledger.extract.tables_captions import Caption, captions, notes_after, pair, source_after
from claimledger.extract.tables_cells import parse_cell
from claimledger.extract.tables_layout import from_pdf, header_rows, labels_for
from claimledger.extract.tables_text import Grid, grids
from claimledger.extract.tables_units import unit_of
from claimledger.models.records import Cell, Claim, Document, Table

_CAPTION = re.compile(r"\btable\s+[0-9ivx]+\b", re.IGNORECASE)
_YEARS = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?\b")


def tables(doc: Document) -> Iterator[Table]:
    """Every table of ``doc`` in document order, ids ``<doc>-p<page>-t<order on page>``."""
    prose = [(0, body_end(doc.text)), *appendix_spans(doc.text)]  # the body, an appendix after the references
    end = prose[-1][1]
    contents = contents_spans(doc.text)  # a table of contents is a list of pages, not a table of figures
    bodies = [g for g in from_pdf(doc) if _usable(g) and not _within(g, contents, doc.text)]
    spans = [(g.start, g.end) for g in bodies]
    bodies += [g for g in grids(doc.text, end) if not any(s < g.end and g.start < e for s, e in spans)
               and not _within(g, contents, doc.text) and any(a <= g.start < b for a, b in prose)]
    bodies.sort(key=lambda g: g.start)
    titled = pair(bodies, [c for c in captions(doc.text, end) if any(a <= c.start < b for a, b in prose)], doc.text)
    per_page: dict[int, int] = {}
    built: list[Table] = []
    for i, grid in enumerate(bodies):
        page = doc.page_at(grid.start)
        per_page[page] = per_page.get(page, 0) + 1
        until = bodies[i + 1].start if i + 1 < len(bodies) else end
        table = _table(doc, grid, titled.get(i), f"{doc.id}-p{page}-t{per_page[page]:02d}", until)
        built.append(table)
    yield from link_repeats(join_continuations(built, doc.text))


def join_continuations(found: list[Table], text: str) -> list[Table]:
    """A table split by a page break is one table: a body without caption at the top of the next page,
    with the same number of columns and only page furniture between, continues the table before it."""
    out: list[Table] = []
    for table in found:
        prev = out[-1] if out else None
        between = text[prev.char_end:table.char_start] if prev is not None else ""
        if prev is not None and table.page == prev.page + 1 and not (table.title and prev.title) \
                and table.n_cols == prev.n_cols and len(between.strip()) < 120 and not _CAPTION.search(between):
            # a caption read beside the second part still names the whole table
            cells = tuple(replace(c, table_id=prev.table_id, row=c.row + prev.n_rows) for c in table.cells)
            out[-1] = replace(prev, char_end=table.char_end, n_rows=prev.n_rows + table.n_rows,
                              cells=prev.cells + cells, title=prev.title or table.title,
                              source=prev.source or table.source, unit=prev.unit or table.unit)
        else:
            out.append(table)
    return out


def _within(grid: Grid, spans: list[tuple[int, int]], text: str) -> bool:
    """Whether most of the lines of ``grid`` (a body of ``text``) lie in ``spans``."""
    if not spans:
        return False
    lines = [(m.start(), m.end()) for m in re.compile(r"[^\n]+").finditer(text, grid.start, grid.end)]
    inside = sum(any(s <= a and b <= e + 1 for s, e in spans) for a, b in lines)
    return bool(lines) and 2 * inside > len(lines)


def _usable(grid: Grid) -> bool:
    """A PDF grid is kept when it reads as a table (every header cell filled, every body cell one
    number); else the text detector reads that span."""
    header, body = header_rows(grid)
    filled = all(p.text for row in header[-1:] for p in row[1:])
    numbers = all(not p.text or parse_cell(p.text) for row in body for p in row[1:])
    return len(body) >= 2 and filled and numbers


def _table(doc: Document, grid: Grid, caption: Caption | None, table_id: str, until: int) -> Table:
    text = doc.text
    adjacent = caption is not None and (caption.end <= grid.start and not text[caption.end:grid.start].strip()
                                        or caption.start >= grid.end and not text[grid.end:caption.start].strip())
    layout = grid.layout if adjacent or grid.layout in ("pipe", "tab", "pdf") or caption is None else "flattened"
    after = max(grid.end, caption.end if caption else 0)
    source = source_after(text, caption.end)[0] if caption else ""
    source = source or source_after(text, after)[0]
    notes = notes_after(text, grid.end, until)
    title = caption.title if caption else ""
    header, body = header_rows(grid, title)
    cells = tuple(_cells(table_id, header, body, notes, title, _survey_year(source)))
    n_cols = max((len(r) for r in body), default=0)
    note_text = "; ".join(f"{k} {v}" for k, v in notes.items())
    # the span is the body with its header: a caption or source may stand inside running text
    return Table(table_id=table_id, doc_id=doc.id, page=doc.page_at(grid.start), char_start=grid.start,
                 char_end=grid.end, title=title, source=source, notes=note_text, layout=layout,
                 unit=unit_of(title)[0], n_rows=len(body), n_cols=n_cols,
                 header=tuple(tuple(p.text for p in r) for r in header), cells=cells)


def _survey_year(source: str) -> tuple[int | None, int | None]:
    """The year a table's source line names as the time of its data: a survey, census or count named with its
    year ("Source: Population and Housing Survey 1995", "Census 2000"), not a citation's year of publication
    ("Conapo (2000)", "INEGI, 2006")."""
    m = re.search(r"\b(?:survey|census|count|encuesta|censo|conteo)\s+(?:of\s+)?((?:19|20)\d\d)\b(?![)\w])|"
                  r"\b((?:19|20)\d\d)\s+(?:population\s+)?(?:survey|census|count)\b", source, re.IGNORECASE)
    year = int(m.group(1) or m.group(2)) if m else None
    return year, year


def _cells(table_id: str, header, body, notes: dict[str, str], title: str,  # type: ignore[no-untyped-def]
           surveyed: tuple[int | None, int | None] = (None, None)) -> Iterator[Cell]:
    cols = labels_for(header, max((len(r) for r in body), default=0))
    fallback = _years(title)
    if fallback[0] is None:
        fallback = surveyed
    for r, row in enumerate(body):
        row_label = row[0].text if row else ""
        for c, piece in enumerate(row[1:], start=1):
            number = parse_cell(piece.text)
            col_label = cols[c] if c < len(cols) else ""
            marks = (number.footnote if number else "") or _mark(row_label) or _mark(col_label)
            first, last = _period(notes.get(marks, ""), row_label, col_label, fallback)
            yield Cell(table_id=table_id, row=r, col=c, text=piece.text, value=number.value if number else None,
                       row_label=row_label, col_label=col_label,
                       char_start=piece.start + number.start if number and piece.start >= 0 else piece.start,
                       char_end=piece.start + number.end if number and piece.start >= 0 else piece.end,
                       period_start=first, period_end=last, footnote=marks)


def _mark(label: str) -> str:
    m = re.search(r"(?<=[\w)])\*$|\^([a-z])$", label.strip())
    return (m.group(1) or "*") if m else ""


def _period(note: str, row_label: str, col_label: str, fallback: tuple[int | None, int | None]
            ) -> tuple[int | None, int | None]:
    """A cell's period: its footnote's year ("a 1995"), else a year in its row or column label, else
    the caption's year or range."""
    for source in (note, row_label, col_label.split(" / ")[-1], col_label):
        found = _years(source)
        if found[0] is not None:
            return found
    return fallback


def _years(text: str) -> tuple[int | None, int | None]:
    m = _YEARS.search(text)
    if m is None:
        return None, None
    return int(m.group(1)), int(m.group(2) or m.group(1))


def link_repeats(found: Iterable[Table]) -> list[Table]:
    """Mark each table that repeats an earlier one (same shape, mostly the same numbers) ``same_as`` it;
    a repeat whose header was lost in flattening takes the earlier table's header."""
    out: list[Table] = []
    for table in found:
        twin = next((t for t in out if _same(t, table)), None)
        if twin is not None:
            table = replace(table, same_as=twin.same_as or twin.table_id)
            if _header_words(table) <= _header_words(twin) and table.header != twin.header:
                table = _with_header(table, twin.header)
        out.append(table)
    return out


def _values(table: Table) -> list[float]:
    return [round(c.value, 6) for c in table.cells if c.value is not None]


def _same(a: Table, b: Table) -> bool:
    va, vb = _values(a), _values(b)
    if a.n_cols != b.n_cols or not va or not vb or a.table_id == b.table_id:
        return False
    hits = sum(1 for x, y in zip(va, vb) if x == y)
    return hits >= 0.8 * max(len(va), len(vb))


def _header_words(table: Table) -> set[str]:
    words = {w.lower() for row in table.header for cell in row for w in re.findall(r"[^\W\d_]+", cell)}
    return words


def _with_header(table: Table, header: tuple[tuple[str, ...], ...]) -> Table:
    cols = labels_for(tuple(header), table.n_cols)
    cells = tuple(replace(c, col_label=cols[c.col] if c.col < len(cols) else c.col_label) for c in table.cells)
    return replace(table, header=header, cells=cells)


def table_claims(doc: Document, table: Table) -> Iterator[Claim]:
    """Every numeric cell of ``table`` as a claim (none for a repeat within the same document)."""
    if table.same_as.startswith(f"{doc.id}-"):
        return
    name = re.sub(r"^(table|cuadro)\s+(\d+|[ivx]+)[.:]?\s*", "", table.title, flags=re.IGNORECASE)
    for cell in table.cells:
        if cell.value is not None and cell.char_start >= 0:
            yield _claim(doc, table, cell, name)


def _column_name(table: Table, cell: Cell) -> str:
    """A cell's column label, a bare "%" named by the column it is the share of: in "number of municipalities |
    % | population | %", the second column is "% of number of municipalities"."""
    label = cell.col_label
    if not re.fullmatch(r"\s*(.*/\s*)?(%|percent(age)?|share)\s*", label, re.IGNORECASE):
        return label
    labels = {c.col: c.col_label for c in table.cells}
    for col in range(cell.col - 1, -1, -1):
        before = labels.get(col, "")
        if before and not re.fullmatch(r"\s*(.*/\s*)?(%|percent(age)?|share)\s*", before, re.IGNORECASE):
            return f"% of {before}"
    return label


def shares(table: Table) -> bool:
    """A table of percentages that says so nowhere but in its sums: in some column (or row), a run of at
    least three neighbouring numbers, none over 100, adds up to 100 (rounded); a table of social
    characteristics holds several such blocks (schooling, then citizenship, ...) one under the other."""
    lines: dict[tuple[str, int], list[tuple[int, float]]] = {}
    for c in table.cells:
        if c.value is not None:
            lines.setdefault(("col", c.col), []).append((c.row, c.value))
            lines.setdefault(("row", c.row), []).append((c.col, c.value))
    for cells in lines.values():
        values = [v for _, v in sorted(cells)]
        if not values or max(values) > 100 or min(values) < 0:
            continue
        for start in range(len(values)):
            total = 0.0
            for end in range(start, len(values)):
                total += values[end]
                if end - start >= 2 and abs(total - 100) <= 1.0:
                    return True
    return False


def _claim(doc: Document, table: Table, cell: Cell, name: str) -> Claim:
    unit, currency, scale = unit_of(cell.row_label, cell.col_label, table.title)
    if unit in ("", "person") and not currency and scale == 1.0 and shares(table) \
            and all(0 <= c.value <= 100 for c in table.cells if c.col == cell.col and c.value is not None):
        # "Population of Mexican origin ... by social characteristics": its columns add to 100 (a column of
        # counts beside them, "population" over 97 483 412, is not one of them)
        unit = "percent"
    number = parse_cell(cell.text)
    precision = (number.precision if number else 0.0) * scale
    value = cell.value * scale  # type: ignore[operator]
    low, high = interval(value, precision, "")
    parts = [p for p in (cell.row_label, _column_name(table, cell)) if p and not _YEARS.fullmatch(p.strip(" *"))]
    quantity = f"{name}: {', '.join(parts)}" if parts else name
    start, end = cell.char_start, cell.char_end
    row_start = min(c.char_start for c in table.cells if c.row == cell.row)
    row_end = max(c.char_end for c in table.cells if c.row == cell.row)
    row_text = f"{cell.row_label} " + doc.text[row_start:row_end] if cell.row_label else doc.text[row_start:row_end]
    canonical_unit, dimension = canonical(unit, currency)
    return Claim(claim_id=claim_id(doc.id, start, end), doc_id=doc.id, page=doc.page_at(start), char_start=start,
                 char_end=end, text=doc.text[start:end], value=value, value_low=None, value_high=None,
                 precision=precision, interval_low=float(f"{low:.12g}"), interval_high=float(f"{high:.12g}"),
                 unit=unit, currency=currency, scale=scale, hedge="", approx="", period_start=cell.period_start,
                 period_end=cell.period_end, period_basis="table" if cell.period_start is not None else "",
                 quantity=quantity, population=population(quantity), source=table.source,
                 sentence=" ".join(row_text.split()), sentence_start=row_start, sentence_end=row_end,
                 origin="table", table_id=table.table_id, row_label=cell.row_label, col_label=cell.col_label,
                 unit_canonical=canonical_unit, dimension=dimension)
