"""Build PDFs of a corpus paper at test time, so the PDF reader is tested on text whose claims are known.

The body is the paper's normalised text set with fpdf2 in one or two justified columns, with the page
furniture a reader must drop (a running head with the title, a page number in the footer) and long
words hyphenated at line ends through soft hyphens. fpdf2's core fonts are Latin-1 only, so the
DejaVuSans shipped with matplotlib is embedded.
"""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.text_region import TextColumns

from claimledger.corpus.normalise import is_table_line, normalise

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
SOFT_HYPHEN = "\u00ad"
_LONG_WORD = re.compile(r"(?<![\w-])([a-z]{4,})([a-z]{5,})(?![\w-])")


class _Paper(FPDF):
    """A4 pages with a running head (the title) and a page number in the footer."""

    def __init__(self, head: str) -> None:
        super().__init__(format="A4")
        self.head = head
        self.add_font("DejaVu", fname=str(FONT))
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(True, margin=22)

    def header(self) -> None:
        self.set_font("DejaVu", size=8)
        self.set_y(10)
        self.cell(0, 5, self.head, align="C")
        self.set_y(self.t_margin)  # text_columns carries on from y; keep the body below the head

    def footer(self) -> None:
        self.set_font("DejaVu", size=8)
        self.set_y(-14)
        self.cell(0, 5, str(self.page_no()), align="C")


def make_pdf(paper: Path, out: Path, *, columns: int = 1, password: str | None = None,
             paragraphs: int | None = None) -> Path:
    """Write ``paper`` (a corpus text file) as a PDF at ``out`` in ``columns`` columns, encrypted for
    ``password`` if given, with only its first ``paragraphs`` paragraphs if given; returns ``out``."""
    text = normalise(paper.read_text(encoding="utf-8"))
    if paragraphs is not None:
        text = "\n\n".join(text.split("\n\n")[:paragraphs])
    pdf = _Paper(running_head(text))
    if password is not None:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.add_page()
    pdf.set_font("DejaVu", size=10 if columns == 1 else 9)
    with pdf.text_columns(ncols=columns, gutter=8, text_align="J", line_height=1.25) as body:
        for block in blocks(text):
            _set(body, block)
    pdf.output(str(out))
    return out


def running_head(text: str) -> str:
    """The paper's first line, shortened as a running head would be."""
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 70 else first[:67].rsplit(" ", 1)[0] + " …"


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each line to set: "para" (running text, hyphenatable), "line" (heading) or "row"."""
    out: list[tuple[str, str]] = []
    for para in text.split("\n\n"):
        for line in para.split("\n"):
            if re.fullmatch(r"[|\-:\s]+", line):
                continue  # a Markdown table rule is not printed
            if is_table_line(line):
                out.append(("row", "    ".join(c.strip() for c in re.split(r"\t|\|", line) if c.strip())))
            else:
                out.append(("para" if len(line) > 80 else "line", line.strip()))
    return out


def _set(body: TextColumns, block: tuple[str, str]) -> None:
    """One paragraph: running text is justified with a first-line indent and may hyphenate."""
    kind, text = block
    if kind == "para":
        with body.paragraph(first_line_indent=4, top_margin=1.5) as par:
            par.write(hyphenatable(text))
    else:
        with body.paragraph(text_align="L", top_margin=1.5) as par:
            par.write(text)


def hyphenatable(text: str) -> str:
    """Offer a break in each long lowercase word, before its last five letters ("implement-ation")."""
    return _LONG_WORD.sub(lambda m: m.group(1) + SOFT_HYPHEN + m.group(2), text)
