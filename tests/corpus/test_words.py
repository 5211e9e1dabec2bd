"""Words separated where the page separates them, by a gap learned from each page (issue 17).

The real papers are read in place from ../shared/external/research-pdfs (skipped where absent).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from claimledger.corpus.pdf import read_pdf
from claimledger.corpus.words import word_gap

RESEARCH = Path(__file__).resolve().parents[2].parent / "shared" / "external" / "research-pdfs"


def _text(name: str) -> str:
    path = RESEARCH / name
    if not path.exists():
        pytest.skip(f"outside test data not found: {path} (../shared/external is not checked out here)")
    pages, _, _ = read_pdf(path, password=None, timeout=120, memory_mb=2048)
    return " ".join("\n".join(pages).split())


def _line(words: list[str], letter: float, space: float, top: float = 100.0, size: float = 10.0,
          spaces: bool = False) -> list[dict[str, Any]]:
    """The characters of one line of ``words``, each letter 5 pt wide: ``letter`` em between letters, ``space``
    em between words (with a space character there if ``spaces``)."""
    chars, x = [], 50.0
    for i, word in enumerate(words):
        if i:
            if spaces:
                chars.append(dict(text=" ", x0=x, x1=x + space * size, top=top, bottom=top + size, size=size,
                                  upright=True))
            x += space * size
        for j, ch in enumerate(word):
            x += letter * size if j else 0.0
            chars.append(dict(text=ch, x0=x, x1=x + 5, top=top, bottom=top + size, size=size, upright=True))
            x += 5
    return chars


def test_the_word_gap_lies_between_kerning_and_word_spaces_of_the_page() -> None:
    words = "the rate gradually picks up as more machines are assigned to this computation".split()
    chars = [c for row in range(12) for c in _line(words, 0.0, 0.18, top=100.0 + 14 * row)]
    gap = word_gap(chars)
    assert gap is not None and 0.02 < gap < 0.18


def test_a_page_whose_words_are_apart_by_space_characters_keeps_the_fixed_tolerance() -> None:
    words = "the rate gradually picks up as more machines are assigned to this computation".split()
    chars = [c for row in range(12) for c in _line(words, 0.0, 0.25, top=100.0 + 14 * row, spaces=True)]
    assert word_gap(chars) is None


def test_words_of_a_pdf_without_space_characters_are_separated() -> None:
    # science-parse's map-reduce.pdf (pdfplumber's 3 pt tolerance read "Therategraduallypicksupasmoremachines",
    # and its two columns as one)
    text = _text("scienceparse-map-reduce.pdf")
    assert "The rate gradually picks up as more machines are assigned to this MapReduce computation" in text
    assert "consisted of approximately 1800 machines" in text
    assert "the pattern occurs in 92,337 records" in text


def test_a_letter_spaced_heading_stays_one_word_while_the_table_row_beside_it_splits() -> None:
    # CERMINE's example1.pdf, table 1: "PARTICIPANTS WHO REMAINED" is set in tracked small capitals
    text = _text("cermine-example1.pdf")
    assert "PARTICIPANTS WHO REMAINED" in text or "PARTICIPANTS PARTICIPANTS WHO REMAINED" in text
    assert not re.search(r"P A R T", text)
    assert "Number of cardiovascular diseases/disorders: mean, SD 0.8, SD = 0.9" in text
    assert "available for a total of 1,525 participants" in text
