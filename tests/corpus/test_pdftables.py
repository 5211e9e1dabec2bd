"""Tables in PDFs, specified on PDFs made at test time from the tables of paper 004 and on the ICDAR 2013
Table Competition's European documents (skipped where ../shared/external is absent).

A table drawn with rules, one set with horizontal rules only and one set with whitespace alone must all
come out as the grid the paper prints, placed where their text sits in the document; running text in
two columns is not a table.
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fpdf import FPDF

from claimledger.corpus.catalog import bundled_papers
from claimledger.corpus.normalise import is_table_line, normalise
from claimledger.corpus.readers import read_document
from claimledger.models.records import Document, PdfTable
from tests.pdfmaker import FONT, make_pdf

PAPERS = {p.name[:3]: p for p in bundled_papers()}
ICDAR = Path(__file__).resolve().parents[2].parent / "shared" / "external" / "icdar2013-eu"
# the tables of 004 set in the PDF, each with the borders fpdf2 draws around it
LAYOUTS = {"Table 6.": "ALL", "Table 1.": "HORIZONTAL_LINES", "Table 2.": "NONE"}


def paper_table(caption: str) -> list[list[str]]:
    """The rows of the tab-separated table of paper 004 that ``caption`` names (the caption follows it)."""
    paragraphs = normalise(PAPERS["004"].read_text(encoding="utf-8")).split("\n\n")
    at = next(i for i, p in enumerate(paragraphs) if p.startswith(caption))
    table = next(p for p in reversed(paragraphs[:at]) if is_table_line(p.split("\n")[0]))
    rows = [[cell.strip() for cell in line.split("\t")] for line in table.split("\n")]
    width = max(len([c for c in row if c]) for row in rows)
    return [row[:width] for row in rows]


def tables_pdf(out: Path) -> Path:
    """A4 pages of 004's prose, each with one of its tables after its caption, ruled as LAYOUTS says."""
    prose = [p for p in normalise(PAPERS["004"].read_text(encoding="utf-8")).split("\n\n") if len(p) > 400]
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    for i, (caption, borders) in enumerate(LAYOUTS.items()):
        pdf.add_page()
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(0, 5, prose[i], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.multi_cell(0, 5, caption, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=8)
        with pdf.table(borders_layout=borders, text_align="LEFT", line_height=5,
                       first_row_as_headings=False) as table:
            for row in paper_table(caption):
                table.row(row)
        pdf.ln(4)
    pdf.output(str(out))
    return out


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """The tables PDF and paper 001's first paragraphs (no table among them) in two columns, read in
    parallel (each PDF is parsed in its own process)."""
    folder = tmp_path_factory.mktemp("pdftables")
    pdfs = {"tables": tables_pdf(folder / "tables.pdf"),
            "two columns": make_pdf(PAPERS["001"], folder / "001-2col.pdf", columns=2, paragraphs=14)}
    with ThreadPoolExecutor() as pool:
        return dict(zip(pdfs, pool.map(read_document, pdfs.values())))


def flat(text: str) -> str:
    return " ".join(text.split())


def table_after(doc: Document, caption: str) -> PdfTable:
    """The first table whose text starts after ``caption`` in the document."""
    at = doc.text.index(caption)
    return min((t for t in doc.pdf_tables if t.char_start > at), key=lambda t: t.char_start)


@pytest.mark.parametrize("caption", list(LAYOUTS), ids=list(LAYOUTS.values()))
def test_each_table_comes_out_as_the_grid_the_paper_prints(made: dict[str, Document], caption: str) -> None:
    expected = [tuple(flat(c) for c in row) for row in paper_table(caption)]
    table = table_after(made["tables"], caption)
    assert [tuple(flat(c) for c in row) for row in table.rows] == expected


def test_three_tables_and_no_more_are_found_among_the_prose(made: dict[str, Document]) -> None:
    assert [t.page for t in made["tables"].pdf_tables] == [1, 2, 3]


@pytest.mark.parametrize("caption, first, last", [
    ("Table 6.", "Year", "16,823,670"),  # "Total 429 16,823,670"
    ("Table 1.", "Federal states", "2.3"),  # "Rest of states 803028 160606 2.3"
    ("Table 2.", "Year", "4144"),  # "1999 5910 5869 9920 122819 4144"
])
def test_a_table_is_located_where_its_text_sits_in_the_document(made: dict[str, Document], caption: str,
                                                                first: str, last: str) -> None:
    doc = made["tables"]
    table = table_after(doc, caption)
    text = doc.text[table.char_start:table.char_end]
    assert text.startswith(first) and text.endswith(last)
    assert doc.text.index(caption) < table.char_start
    assert doc.page_at(table.char_start) == table.page


def test_a_table_box_holds_its_rows_in_page_points(made: dict[str, Document]) -> None:
    for table in made["tables"].pdf_tables:
        x0, top, x1, bottom = table.bbox
        assert 0 <= x0 < x1 <= 595.3 and 0 <= top < bottom <= 841.9
        assert bottom - top >= 4 * len(table.rows)  # 8 pt type: a row is at least 4 pt high


def test_running_text_in_two_columns_is_not_a_table(made: dict[str, Document]) -> None:
    doc = made["two columns"]
    assert len(doc.pages) >= 2 and "Mexico" in doc.text
    assert doc.pdf_tables == ()


@pytest.mark.skipif(not ICDAR.is_dir(), reason=f"the ICDAR 2013 documents are not in {ICDAR}")
@pytest.mark.parametrize("name", ["eu-001", "eu-016", "eu-027"])  # ruled; rules in the head only; unruled
def test_icdar_tables_are_detected_whole_and_alone(name: str) -> None:
    from bench.icdar import claimledger_tables, score_file

    score = score_file(ICDAR / f"{name}.pdf", claimledger_tables(ICDAR / f"{name}.pdf"))
    assert score.complete == score.tables and score.pure == score.detected == score.tables
    assert score.both_rel >= 0.85 * score.truth_rel, "cell structure: adjacency relations recalled"


@pytest.mark.skipif(not ICDAR.is_dir(), reason=f"the ICDAR 2013 documents are not in {ICDAR}")
def test_icdar_structure_relations_read_the_ground_truth_cells() -> None:
    """eu-001's first table: "Carbon dioxide (CO2)" has "100 million" to its right, under "to air kg/year"."""
    from bench.icdar import truth

    relations = truth(ICDAR / "eu-001.pdf", [842.0] * 3).relations
    assert relations[(1, "right", "carbondioxideco2", "100million")] == 1
    assert relations[(1, "below", "toairkgyear", "100million")] == 1
    assert not any(re.search(r"[^a-z0-9]", a + b) for _, _, a, b in relations)


@pytest.mark.skipif(not ICDAR.is_dir(), reason=f"the ICDAR 2013 documents are not in {ICDAR}")
def test_an_unruled_table_reads_row_by_row_where_its_columns_look_like_a_gutter() -> None:
    """eu-027's "Descriptive statistics" table: its Min and Max columns sit apart like a second column of
    text; the table is read as its rows (cells from the competition's eu-027-str.xml)."""
    doc = read_document(ICDAR / "eu-027.pdf")
    (table,) = doc.pdf_tables
    assert table.rows[:2] == (("Variable", "Mean", "Std. Dev.", "Min", "Max"),
                              ("Age", "50.8", "15.9", "21", "90"))
    text = doc.text[table.char_start:table.char_end]
    assert "Variable Mean Std. Dev. Min Max\nAge 50.8 15.9 21 90\n" in text


PDFPLUMBER = ICDAR.parent / "pdfplumber-pdfs"


@pytest.mark.skipif(not PDFPLUMBER.is_dir(), reason=f"pdfplumber's test PDFs are not in {PDFPLUMBER}")
def test_a_government_table_reads_the_same_on_a_page_turned_a_quarter() -> None:
    """The FBI's NICS background checks for November 2015, a ruled table of a row per state, as printed
    and as turned by its page's /Rotate entry."""
    names = ["nics-background-checks-2015-11.pdf", "nics-background-checks-2015-11-rotated.pdf"]
    with ThreadPoolExecutor() as pool:
        upright, turned = pool.map(lambda name: read_document(PDFPLUMBER / name), names)
    (table,) = upright.pdf_tables
    assert [t.rows for t in turned.pdf_tables] == [table.rows]
    states = [row[0] for row in table.rows]
    assert {"Alabama", "Wyoming", "District of Columbia"} <= set(states)
    assert len(table.rows[0]) >= 20 and table.char_start >= 0
