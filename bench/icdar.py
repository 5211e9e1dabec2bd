"""The ICDAR 2013 Table Competition measures on its European documents, for claimledger and pdfplumber.

Reads ``../shared/external/icdar2013-eu`` (see ``../shared/external/README.md``): for each ``eu-NNN.pdf``
the ground truth regions (``-reg.xml``: page and bounding box of each table) and structure
(``-str.xml``: cells with start/end row and column and their text). ICDAR boxes are PDF points with
the origin at the bottom left of the page (y1 below y2); pdfplumber measures ``top`` from the top, so
a box becomes (x1, height - y2, x2, height - y1). Checked on eu-001 page 1: its first table's box
(100, 451, 482, 543) holds the words "THRESHOLD FOR RELEASES" ... "Perfluorocarbons (PFCs) 100 - -".

Measures, as the competition defines them (Göbel et al., ICDAR 2013), with the page's characters as
the sub-objects the competition counts (it counted content-stream instructions):

- **detection**: recall is the share of the characters inside ground-truth tables that fall inside
  some detected table, precision the share of characters inside detected tables that fall inside some
  ground-truth table; both are summed over all files (micro-averaged), F1 is their harmonic mean. A
  character is inside a box when its centre is. **complete** counts ground-truth tables all of whose
  characters are detected (inside a single detected table), **pure** detected tables all of whose
  characters belong to one ground-truth table.
- **structure**: the adjacency relations between non-empty cells: each cell with its nearest non-empty
  neighbour to the right (in each row it spans) and below (in each column it spans), compared as
  (page, direction, text, text) with texts normalised to lower-case letters and digits. Precision,
  recall and F1 over the relations of all tables of all files (multisets, micro-averaged).

Run: ``.venv/bin/python -m bench.icdar [--verbose]``. claimledger's tables come from ``read_document``
(``Document.pdf_tables``: the reader's child process); pdfplumber's from ``page.find_tables()`` with its
default settings, the cells as ``table.extract()`` (what ``page.extract_tables()`` returns) gives them.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import pdfplumber

from claimledger.corpus.readers import read_document

FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "external" / "icdar2013-eu"
OUT = Path(__file__).resolve().parent / "out"

Box = tuple[float, float, float, float]  # x0, top, x1, bottom, top-left origin
Relation = tuple[int, str, str, str]  # page, direction ("right" or "below"), text, text


class Found(NamedTuple):
    """A table on a page: 1-based page, box (top-left origin) and rows of cell texts."""

    page: int
    bbox: Box
    rows: tuple[tuple[str, ...], ...]


class Truth(NamedTuple):
    """A file's ground truth: its table regions (page, box) and its structure relations."""

    regions: list[tuple[int, Box]]
    relations: Counter[Relation]


class Score(NamedTuple):
    """Counts summed over files, from which the measures are computed."""

    truth_chars: int = 0
    found_chars: int = 0
    both_chars: int = 0
    tables: int = 0
    complete: int = 0
    detected: int = 0
    pure: int = 0
    truth_rel: int = 0
    found_rel: int = 0
    both_rel: int = 0

    def __add__(self, other: tuple) -> Score:  # type: ignore[override]
        return Score(*(a + b for a, b in zip(self, other)))


def documents(folder: Path = FOLDER) -> list[Path]:
    """The competition's PDFs that have both ground-truth files."""
    return sorted(p for p in folder.glob("eu-*.pdf")
                  if p.with_name(p.stem + "-reg.xml").exists() and p.with_name(p.stem + "-str.xml").exists())


def truth(pdf: Path, heights: Sequence[float]) -> Truth:
    """The regions of ``pdf``'s ``-reg.xml`` (boxes turned to top-left origin with each page's height)
    and the relations of its ``-str.xml``."""
    regions = []
    for region in ET.parse(pdf.with_name(pdf.stem + "-reg.xml")).iter("region"):
        page = int(region.get("page", "1"))
        regions.append((page, _box(region.find("bounding-box"), heights[page - 1])))
    relations: Counter[Relation] = Counter()
    for region in ET.parse(pdf.with_name(pdf.stem + "-str.xml")).iter("region"):
        cells = [(int(c.get("start-row", 0)), int(c.get("end-row", c.get("start-row", 0))),
                  int(c.get("start-col", 0)), int(c.get("end-col", c.get("start-col", 0))),
                  c.findtext("content") or "") for c in region.iter("cell")]
        relations.update(adjacency(int(region.get("page", "1")), cells))
    return Truth(regions, relations)


def _box(element: ET.Element | None, height: float) -> Box:
    assert element is not None
    x1, y1, x2, y2 = (float(element.get(k, 0)) for k in ("x1", "y1", "x2", "y2"))
    return (min(x1, x2), height - max(y1, y2), max(x1, x2), height - min(y1, y2))


def norm(text: str) -> str:
    """Cell text as the relations compare it: lower-case letters and digits only."""
    return re.sub(r"[\W_]+", "", text.lower())


def adjacency(page: int, cells: Sequence[tuple[int, int, int, int, str]]) -> Counter[Relation]:
    """The relations of one table given as (start row, end row, start col, end col, text) cells: each
    non-empty cell with the nearest non-empty cell to its right in each row it spans, and below it in
    each column it spans (a neighbour met through two rows or columns counts once)."""
    full = [(r0, r1, c0, c1, norm(t)) for r0, r1, c0, c1, t in cells if norm(t)]
    out: Counter[Relation] = Counter()
    for r0, r1, c0, c1, text in full:
        right = {_nearest([c for c in full if c[0] <= r <= c[1] and c[2] > c1], 2) for r in range(r0, r1 + 1)}
        below = {_nearest([c for c in full if c[2] <= k <= c[3] and c[0] > r1], 0) for k in range(c0, c1 + 1)}
        out.update((page, "right", text, n[4]) for n in right if n)
        out.update((page, "below", text, n[4]) for n in below if n)
    return out


def _nearest(cells: list[tuple[int, int, int, int, str]], key: int) -> tuple[int, int, int, int, str] | None:
    return min(cells, key=lambda c: (c[key], c[2 - key])) if cells else None


def grid_cells(rows: Sequence[Sequence[str | None]]) -> list[tuple[int, int, int, int, str]]:
    """A detected grid's cells in the form :func:`adjacency` takes (one row and column each)."""
    return [(r, r, c, c, text or "") for r, row in enumerate(rows) for c, text in enumerate(row)]


def claimledger_tables(pdf: Path) -> list[Found]:
    """The tables claimledger's PDF reader puts in ``Document.pdf_tables``."""
    doc = read_document(pdf)
    return [Found(t.page, t.bbox, t.rows) for t in doc.pdf_tables]


def pdfplumber_tables(pdf: Path) -> list[Found]:
    """The tables pdfplumber finds with its default settings."""
    out = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for table in page.find_tables():
                rows = tuple(tuple(c or "" for c in row) for row in table.extract())
                out.append(Found(number, tuple(table.bbox), rows))  # type: ignore[arg-type]
    return out


def score_file(pdf: Path, found: list[Found]) -> Score:
    """The counts of one file for the tables ``found`` in it."""
    with pdfplumber.open(pdf) as document:
        chars = {n: [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in page.chars
                     if not c["text"].isspace()] for n, page in enumerate(document.pages, start=1)}
        heights = [float(page.height) for page in document.pages]
    gold = truth(pdf, heights)
    detection = _detection(chars, gold.regions, [(f.page, f.bbox) for f in found])
    relations: Counter[Relation] = Counter()
    for f in found:
        relations.update(adjacency(f.page, grid_cells(f.rows)))
    both = sum((gold.relations & relations).values())
    return detection._replace(truth_rel=sum(gold.relations.values()), found_rel=sum(relations.values()),
                              both_rel=both)


def _detection(chars: dict[int, list[tuple[float, float]]], truth_boxes: list[tuple[int, Box]],
               found_boxes: list[tuple[int, Box]]) -> Score:
    """Character counts of the detection measure and the complete and pure tables."""
    totals = [0, 0, 0]
    complete = pure = 0
    for page, points in chars.items():
        gold = [b for p, b in truth_boxes if p == page]
        mine = [b for p, b in found_boxes if p == page]
        members = [(_holders(gold, pt), _holders(mine, pt)) for pt in points]
        totals[0] += sum(1 for g, _ in members if g)
        totals[1] += sum(1 for _, m in members if m)
        totals[2] += sum(1 for g, m in members if g and m)
        complete += sum(1 for i in range(len(gold)) if _complete(members, i))
        pure += sum(1 for j in range(len(mine)) if len({frozenset(g) for g, m in members if j in m}) <= 1
                    and all(g for g, m in members if j in m))
    return Score(totals[0], totals[1], totals[2], len(truth_boxes), complete, len(found_boxes), pure)


def _complete(members: list[tuple[set[int], set[int]]], i: int) -> bool:
    """Whether one detected table holds every character of ground-truth table ``i``."""
    holders = [m for g, m in members if i in g]
    return bool(holders) and bool(set.intersection(*holders))


def _holders(boxes: list[Box], point: tuple[float, float]) -> set[int]:
    return {i for i, box in enumerate(boxes) if _holds(box, point)}


def _holds(box: Box, point: tuple[float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def prf(both: int, found: int, expected: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = both / found if found else 0.0
    r = both / expected if expected else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(finder: Callable[[Path], list[Found]], pdfs: Sequence[Path],
             verbose: bool = False) -> tuple[Score, float]:
    """The summed counts of ``finder`` over ``pdfs`` and the seconds it took to find the tables."""
    total = Score()
    seconds = 0.0
    for pdf in pdfs:
        start = time.perf_counter()
        found = finder(pdf)
        seconds += time.perf_counter() - start
        score = score_file(pdf, found)
        total = total + score
        if verbose:
            d = prf(score.both_chars, score.found_chars, score.truth_chars)
            s = prf(score.both_rel, score.found_rel, score.truth_rel)
            print(f"  {pdf.stem}: tables {score.tables} found {score.detected} detection F1 {d[2]:.2f} "
                  f"structure F1 {s[2]:.2f}")
    return total, seconds


def report(results: dict[str, tuple[Score, float]], files: int) -> str:
    """The table of measures printed by the command."""
    lines = [f"ICDAR 2013 Table Competition, EU documents: {files} files, "
             f"{next(iter(results.values()))[0].tables} tables",
             f"{'system':<22}{'found':>6}{'compl':>6}{'pure':>6}{'det P':>8}{'det R':>7}{'det F1':>8}"
             f"{'str P':>8}{'str R':>7}{'str F1':>8}{'sec':>7}"]
    for name, (s, seconds) in results.items():
        d = prf(s.both_chars, s.found_chars, s.truth_chars)
        r = prf(s.both_rel, s.found_rel, s.truth_rel)
        lines.append(f"{name:<22}{s.detected:>6}{s.complete:>6}{s.pure:>6}{d[0]:>8.3f}{d[1]:>7.3f}"
                     f"{d[2]:>8.3f}{r[0]:>8.3f}{r[1]:>7.3f}{r[2]:>8.3f}{seconds:>7.1f}")
    return "\n".join(lines)


def reader_cost(pdfs: Sequence[Path]) -> tuple[int, float, float]:
    """Pages, and seconds the PDF reader's child spends on their text (words and reading order) and on
    their tables (:func:`claimledger.corpus.pdftables.page_tables`), timed apart in this process."""
    from claimledger.corpus.layout import Box, page_lines
    from claimledger.corpus.pdftables import page_tables

    pages, text, tables = 0, 0.0, 0.0
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                start = time.perf_counter()
                words = [Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                         for w in page.extract_words(x_tolerance=3) if w["upright"]]
                page_lines(words, float(page.width))  # reading order only
                middle = time.perf_counter()
                page_tables(page, words)
                tables += time.perf_counter() - middle
                text += middle - start
                pages += 1
                page.close()
    return pages, text, tables


def cost_report(name: str, pdfs: Sequence[Path]) -> str:
    pages, text, tables = reader_cost(pdfs)
    return (f"{name}: {pages} pages, text {pages / text:.1f} pages/s, text + tables "
            f"{pages / (text + tables):.1f} pages/s (tables add {tables / text:.0%} to the text's time)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--verbose", action="store_true", help="print the scores of each file")
    parser.add_argument("--papers", action="store_true",
                        help="also time table detection on the bundled papers as PDFs (built by bench.pdfs)")
    args = parser.parse_args(argv)
    pdfs = documents()
    if not pdfs:
        print(f"no ICDAR 2013 documents in {FOLDER}; nothing to measure")
        return 0
    results = {}
    for name, finder in (("claimledger", claimledger_tables), ("pdfplumber default", pdfplumber_tables)):
        if args.verbose:
            print(name)
        results[name] = evaluate(finder, pdfs, args.verbose)
    print(report(results, len(pdfs)))
    print("\nCost of table detection in the PDF reader (parsing and words included in the text's time):")
    print(cost_report("ICDAR 2013 EU", pdfs))
    if args.papers:
        from bench.pdfs import build_pdfs
        from claimledger.corpus.catalog import bundled_papers

        print(cost_report("bundled papers (bench/pdfs.py)", list(build_pdfs(bundled_papers(), OUT / "pdfs"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
