"""Arithmetic checks on tables: a stated total against the sum of its rows (004 Table 6 "Total 429
16,823,670"), a share column against count / total (003 table 1), an annual average against the period
total over its years (004 Table 1). Each check is a :class:`Check` with expected (what the parts give),
observed (what is stated), the tolerance the written precision allows, and a status.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from claimledger.models.records import Cell, Check, Claim, Table

_TOTAL = re.compile(r"^\s*(total|totals|absolutes?|all|sum|overall)\W*$", re.IGNORECASE)
_NOT_ADDITIVE = re.compile(r"%|\brate\b|\bper\b|\bratio\b|\bshare\b|\bindex\b|\bgrowth\b", re.IGNORECASE)
_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_YEAR = re.compile(r"^\s*(19|20)\d\d\W*$")

Grid = dict[tuple[int, int], Cell]  # the cells of a table that hold a number, by (row, col)
Ids = dict[tuple[str, int, int], str]  # claim ids of table cells by (doc_id, char_start, char_end)


def _value(cell: Cell) -> float:
    """The number of a cell of a Grid, which holds only cells that have one."""
    assert cell.value is not None
    return cell.value


def table_checks(tables: Iterable[Table], claims: Iterable[Claim]) -> Iterator[Check]:
    """Every arithmetic check the tables allow, in table order."""
    ids = {(c.doc_id, c.char_start, c.char_end): c.claim_id for c in claims if c.origin == "table"}
    for table in tables:
        if table.same_as.startswith(f"{table.doc_id}-"):
            continue  # a repeat within its document was checked as the original
        grid = {(c.row, c.col): c for c in table.cells if c.value is not None}
        total = _total_row(table, grid)
        if total is not None:
            yield from _totals(table, grid, total, ids)
            yield from _shares(table, grid, total, ids)
        yield from _averages(table, grid, ids)


def _total_row(table: Table, grid: Grid) -> int | None:
    """The row that states the total: labelled so ("Total", "Absolutes"), else a first or last row whose
    first additive column equals the sum of the other rows ("Mexico" over its states)."""
    labels = {c.row: c.row_label for c in table.cells}
    named = [r for r, label in labels.items() if _TOTAL.match(label)]
    if named:
        return named[0]
    col = next((c for c in _additive(table) if sum(1 for (_, k) in grid if k == c) >= 3), None)
    if col is None:
        return None
    for row in (0, table.n_rows - 1):
        if row in labels and not _YEAR.match(labels[row]) and (row, col) in grid:
            parts = [grid[(r, col)] for r in range(table.n_rows) if r != row and (r, col) in grid]
            if abs(sum(_value(p) for p in parts) - _value(grid[(row, col)])) <= _tolerance(parts + [grid[(row, col)]]):
                return row
    return None


def _additive(table: Table) -> list[int]:
    labels = {c.col: c.col_label for c in table.cells}
    return [c for c in sorted(labels) if not _NOT_ADDITIVE.search(labels[c] or "")
            and not _NOT_ADDITIVE.search(_row_header(table))]


def _row_header(table: Table) -> str:
    return table.header[-1][0] if table.header and table.header[-1] else ""


def _totals(table: Table, grid: Grid, total: int, ids: Ids) -> Iterator[Check]:
    labels = {c.col: c.col_label for c in table.cells}
    for col in sorted(labels):
        stated = grid.get((total, col))
        parts = [grid[(r, col)] for r in range(table.n_rows) if r != total and (r, col) in grid]
        if stated is None or len(parts) < 2 or (_NOT_ADDITIVE.search(labels[col]) and labels[col] != "%"):
            continue
        expected = sum(_value(p) for p in parts)
        what = f"{stated.row_label} of {labels[col] or f'column {col}'}"
        yield _check(table, "table_total", parts + [stated], expected, _value(stated), _tolerance(parts + [stated]),
                     f"{table.table_id}: {what} stated {stated.text} vs sum of {len(parts)} rows", ids)


def _shares(table: Table, grid: Grid, total: int, ids: Ids) -> Iterator[Check]:
    """A "%" column right after a count column: each row's share of the total row."""
    labels = {c.col: c.col_label for c in table.cells}
    for col in sorted(labels):
        if labels[col].strip() != "%" or col - 1 not in labels or labels[col - 1].strip() == "%":
            continue
        whole = grid.get((total, col - 1))
        for row in range(table.n_rows):
            part, share = grid.get((row, col - 1)), grid.get((row, col))
            if row == total or part is None or share is None or whole is None or not whole.value:
                continue
            expected = 100 * _value(part) / _value(whole)
            yield _check(table, "table_share", [part, whole, share], expected, _value(share), _tolerance([share]) * 2,
                         f"{table.table_id}: {share.row_label} {share.text}% vs {part.text} / {whole.text}", ids)


def _averages(table: Table, grid: Grid, ids: Ids) -> Iterator[Check]:
    """An "average" column beside a column stated over a span of years: total / number of years."""
    labels = {c.col: c.col_label for c in table.cells}
    for col, label in sorted(labels.items()):
        if "average" not in label.lower():
            continue
        spans = [(k, _SPAN.search(lab) or _SPAN.search(table.title)) for k, lab in labels.items() if k != col]
        source = next(((k, m) for k, m in spans if m and not _NOT_ADDITIVE.search(labels[k])), None)
        if source is None:
            continue
        k, m = source
        years = int(m.group(2)) - int(m.group(1))
        for row in range(table.n_rows):
            whole, avg = grid.get((row, k)), grid.get((row, col))
            if whole is None or avg is None or years <= 0:
                continue
            yield _check(table, "table_average", [whole, avg], _value(whole) / years, _value(avg),
                         _tolerance([avg]) + _tolerance([whole]) / years,
                         f"{table.table_id}: {avg.row_label} average {avg.text} vs {whole.text} / {years} years "
                         f"({m.group(1)}-{m.group(2)})", ids)


def _tolerance(cells: list[Cell]) -> float:
    """What rounding allows: half the last written place of each figure, summed."""
    return sum(_half_place(c.text) for c in cells)


def _half_place(text: str) -> float:
    m = re.search(r"[.,](\d{1,2})(?!\d)", text.replace(" ", ""))
    return 0.5 * 10 ** -len(m.group(1)) if m and not re.search(r",\d{3}", text) else 0.5


def _check(table: Table, kind: str, cells: list[Cell], expected: float, observed: float, tolerance: float,
           what: str, ids: Ids) -> Check:
    claim_ids = tuple(ids.get((table.doc_id, c.char_start, c.char_end), "") for c in cells)
    diff = observed - expected
    status = "pass" if abs(diff) <= tolerance + 1e-9 else "fail"
    explanation = (f"{what}: parts give {expected:,.10g}, stated {observed:,.10g}, "
                   f"difference {diff:+,.10g} (tolerance ±{tolerance:.6g}) -> {status}")
    key = f"{table.doc_id}:{kind}:{table.table_id}:{','.join(f'{c.row}.{c.col}' for c in cells)}"
    return Check(check_id=hashlib.sha1(key.encode()).hexdigest()[:16], doc_id=table.doc_id, kind=kind,
                 claim_ids=claim_ids, expected=float(f"{expected:.12g}"), observed=float(observed),
                 tolerance=float(f"{tolerance:.12g}"), status=status, explanation=explanation)
