"""PDFs of the bundled papers for timing the PDF path: A4, one column, DejaVu Sans 10 pt.

fpdf2's core fonts are Latin-1 only and the papers hold en dashes, accents and other Unicode, so the
DejaVu Sans that ships with matplotlib is embedded. The text is laid out line by line as written
(Markdown marks included), so the PDF path and the text path read the same characters.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import matplotlib
from fpdf import FPDF, FPDF_VERSION

from claimledger.outputs.atomic import atomic_path, write_text

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def build_pdf(source: Path, target: Path) -> int:
    """Write ``source`` (a text file) as a single-column PDF at ``target``; the number of pages."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in source.read_text(encoding="utf-8").splitlines():
        # A blank line keeps the paragraph break the text reader sees; DejaVu has no glyph for a tab.
        pdf.multi_cell(0, 5, line.expandtabs(4) or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))
    return pdf.pages_count


def build_pdfs(sources: list[Path], folder: Path) -> dict[Path, int]:
    """One PDF per source in ``folder`` (same stem); pages of each. A PDF built before from the same
    source bytes by the same fpdf2 and this module is reused (its key is in a ``.key`` file beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    return {folder / f"{s.stem}.pdf": _cached_pdf(s, folder / f"{s.stem}.pdf") for s in sources}


def _cached_pdf(source: Path, target: Path) -> int:
    key = hashlib.sha256(source.read_bytes() + Path(__file__).read_bytes() + FPDF_VERSION.encode())
    key = key.hexdigest()
    stamp = target.with_suffix(".key")
    if target.exists() and stamp.exists() and stamp.read_text().split()[:1] == [key]:
        return int(stamp.read_text().split()[1])
    with atomic_path(target) as tmp:
        pages = build_pdf(source, tmp)
    write_text(stamp, f"{key} {pages}\n")
    return pages
