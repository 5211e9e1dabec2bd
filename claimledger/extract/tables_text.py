"""Table bodies in normalised text: Markdown pipe tables, tab-separated lines, rows aligned by runs of
spaces, and rows flattened into running text as a label followed by single-space-separated numbers.

A body is a :class:`Grid` of :class:`Piece` cells with offsets into the document text; captions,
sources and header words are attached by :mod:`claimledger.extract.tables`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from claimledger.extract.tables_cells import YEAR, YEAR_LABEL, is_numeric, min_cells, parse_cell, readings, segment

_SENTENCE_END = re.compile(r"[.;:!?]$")
_NOT_HEADER = re.compile(r"^(source|sources|note|notes|fuente|table|tabla|chart|figure|graph)\b|^[•\-*]",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Piece:
    """A piece of the document text: ``text`` and its ``[start, end)`` offsets."""

    text: str
    start: int
    end: int


@dataclass
class Grid:
    """A table body: ``rows`` of cells (header rows first for pipe and tab), ``layout``, its span, and
    for aligned/flattened bodies the ``loose_header`` lines above it and ``year_rows`` (year spanners)."""

    layout: str
    rows: list[list[Piece]]
    start: int
    end: int
    loose_header: list[Piece] = field(default_factory=list)
    year_rows: list[list[Piece]] = field(default_factory=list)


def lines_of(text: str, end: int) -> list[Piece]:
    """Every line before ``end`` with its offsets (blank lines included, as empty pieces)."""
    out, pos = [], 0
    for line in text[:end].split("\n"):
        out.append(Piece(line, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def grids(text: str, end: int) -> Iterator[Grid]:
    """Every table body in ``text[:end]``, in document order."""
    lines = lines_of(text, end)
    i = 0
    while i < len(lines):
        kind = _kind(lines, i)
        if kind in ("pipe", "tab"):
            j = i
            while j < len(lines) and _kind(lines, j) == kind:
                j += 1
            yield _delimited(lines[i:j], kind)
            i = j
        elif kind == "row":
            grid, i = _aligned(lines, i)
            if grid is not None:
                yield grid
        else:
            i += 1


def _kind(lines: list[Piece], i: int) -> str:
    s = lines[i].text
    if s.lstrip().startswith("|") and s.rstrip().endswith("|"):
        return "pipe"
    if "\t" in s and s.strip():
        return "tab"
    if row_parts(s) is not None or _label_then_numbers(lines, i):
        return "row"
    return ""


def _delimited(block: list[Piece], layout: str) -> Grid:
    sep = "|" if layout == "pipe" else "\t"
    rows = [_split(line, sep) for line in block if not re.fullmatch(r"[|\-:\s]+", line.text)]
    width = max((max((k + 1 for k, c in enumerate(r) if c.text), default=0) for r in rows), default=0)
    rows = [(r + [Piece("", r[-1].end, r[-1].end)] * width)[:width] for r in rows if r]
    return Grid(layout, rows, block[0].start, block[-1].end)


def _split(line: Piece, sep: str) -> list[Piece]:
    parts, pos = [], line.start
    raw = line.text
    if sep == "|":
        raw = raw.strip()
        pos = line.start + line.text.index("|") + 1
        raw = raw[1:-1] if raw.endswith("|") else raw[1:]
    for part in raw.split(sep):
        lead = len(part) - len(part.lstrip())
        parts.append(Piece(part.strip(), pos + lead, pos + lead + len(part.strip())))
        pos += len(part) + 1
    return parts


def row_parts(line: str) -> tuple[str, list[tuple[str, int]]] | None:
    """A label-and-numbers row: (label, [(number token(s), offset in line)]), or None.

    Cells aligned by two or more spaces are taken as they stand; otherwise the trailing run of
    single-space numeric tokens is returned token by token, to be segmented into cells later.
    """
    s = line.rstrip()
    if not s.strip() or len(s) > 200:
        return None
    if re.search(r"\S {2,}\S", s.strip()):
        parts = [(m.group(0), m.start()) for m in re.finditer(r"\S+(?: \S+)*", s)]
        label = "" if parse_cell(parts[0][0]) else parts[0][0]
        nums = parts[1:] if label else parts
        if len(nums) >= 2 and all(parse_cell(p) for p, _ in nums):
            return label, nums
    tokens = [(m.group(0), m.start()) for m in re.finditer(r"\S+(?: \^[a-z*](?!\S))?", s)]
    k = len(tokens)
    while k > 0 and is_numeric(tokens[k - 1][0]):
        k -= 1
    nums, label = tokens[k:], s[:tokens[k][1]].strip() if k < len(tokens) else s
    if len(nums) < 2 or _SENTENCE_END.search(label) or len(label.split()) > 14 or label.endswith(","):
        return None
    if not label and len(nums) == len(tokens) and all(YEAR.match(t) for t, _ in nums):
        return "", nums  # a line of year headers
    return label, nums


def _label_then_numbers(lines: list[Piece], i: int) -> bool:
    """A short label line whose numbers stand alone on the next non-blank line."""
    s = lines[i].text.strip()
    if not s or len(s) > 100 or row_parts(s) is not None or _NOT_HEADER.match(s) or s.endswith("."):
        return False
    j = _next_nonblank(lines, i + 1)
    nxt = row_parts(lines[j].text) if j < len(lines) else None
    return nxt is not None and nxt[0] == "" and not YEAR_LABEL.match(nxt[1][0][0])


def _next_nonblank(lines: list[Piece], j: int) -> int:
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    return j


def _aligned(lines: list[Piece], i: int) -> tuple[Grid | None, int]:
    """Collect label-and-numbers rows from line ``i`` on (blank lines between rows allowed)."""
    raw: list[tuple[Piece | None, list[Piece], Piece]] = []
    j = i
    while j < len(lines):
        if not lines[j].text.strip():
            j += 1
            continue
        if _label_then_numbers(lines, j):
            k = _next_nonblank(lines, j + 1)
            label, nums = row_parts(lines[k].text)  # type: ignore[misc]
            raw.append((_piece(lines[j], lines[j].text.strip()), _pieces(lines[k], nums), lines[k]))
            j = k + 1
        elif (parts := row_parts(lines[j].text)) is not None:
            label, nums = parts
            raw.append((_piece(lines[j], label) if label else None, _pieces(lines[j], nums), lines[j]))
            j += 1
        else:
            break
    lead = 0
    while lead < len(raw) and all(YEAR.match(p.text) for p in raw[lead][1]):
        lead += 1  # leading rows of years are column headers ("Indicator 2000 2001 2002 2003")
    years, body = raw[:lead], raw[lead:]
    body = _years_as_labels(body)
    if len(body) < 2:
        return None, max(j, i + 1)
    spaced = all(len(n) == 1 or re.search(r"\S {2,}\S", line.text) for _, n, line in body)
    rows = _cells(body, spaced)
    header_lines = _header_above(lines, i)
    start = header_lines[0].start if header_lines else raw[0][2].start
    grid = Grid("space" if spaced else "flattened", rows, start, raw[-1][2].end, header_lines,
                [[y[0] or Piece("", y[2].start, y[2].start)] + y[1] for y in years])
    return grid, j


def _years_as_labels(body: list[tuple[Piece | None, list[Piece], Piece]]
                     ) -> list[tuple[Piece | None, list[Piece], Piece]]:
    """Rows of numbers only whose first number is a year take it as their label ("1991 2660 4340")."""
    out = []
    for label, nums, line in body:
        if label is None and nums and YEAR_LABEL.match(nums[0].text):
            label, nums = nums[0], nums[1:]
        out.append((label, nums, line))
    return out


def _piece(line: Piece, text: str) -> Piece:
    at = line.text.find(text)
    return Piece(text, line.start + at, line.start + at + len(text))


def _pieces(line: Piece, nums: list[tuple[str, int]]) -> list[Piece]:
    return [Piece(t, line.start + at, line.start + at + len(t)) for t, at in nums]


def _cells(body: list[tuple[Piece | None, list[Piece], Piece]], spaced: bool) -> list[list[Piece]]:
    """Rows as [label, cell, ...]; single-space numbers are segmented into the table's column count."""
    if spaced:
        return [[label or Piece("", line.start, line.start)] + nums for label, nums, line in body]
    k = max(min_cells([p.text for p in nums]) for _, nums, _ in body)
    fixed = {n: _joined(nums, segment([p.text for p in nums], k)) for n, (_, nums, _) in enumerate(body)
             if readings([p.text for p in nums], k) == 1}
    columns = [[parse_cell(r[c].text).value for r in fixed.values() if parse_cell(r[c].text)]  # type: ignore[union-attr]
               for c in range(k)]
    rows = []
    for n, (label, nums, line) in enumerate(body):
        cells = fixed.get(n) or _joined(nums, segment([p.text for p in nums], k, columns))
        rows.append([label or Piece("", line.start, line.start)] + cells)
    return rows


def _joined(nums: list[Piece], cuts: list[tuple[int, int]] | None) -> list[Piece]:
    if cuts is None:
        return nums
    return [Piece(" ".join(p.text for p in nums[a:b]), nums[a].start, nums[b - 1].end) for a, b in cuts]


def _header_above(lines: list[Piece], i: int) -> list[Piece]:
    """Short header-like lines right above a body (column names broken over lines, year spanners)."""
    found: list[Piece] = []
    j = i - 1
    while j >= 0 and len(found) < 6:
        s = lines[j].text.strip()
        if not s:
            j -= 1
            continue
        if len(s) > 60 or _SENTENCE_END.search(s) or _NOT_HEADER.match(s) or row_parts(s) is not None \
                or (s.isupper() and " " in s):
            break
        found.insert(0, _piece(lines[j], s))
        j -= 1
    return found
