"""Words separated where the page separates them, by a gap learned from each page (issue 17).

The real papers are read in place from ../shared/external/research-pdfs (skipped where absent).
"""
from __future__ import annotations

import re
from typing import Any

from claimledger.corpus.layout import Box, baselines
from claimledger.corpus.pdf import read_pdf
from claimledger.corpus.words import keep_on_line, word_gap
from tests.conftest import outside


def _text(name: str) -> str:
    path = outside("research-pdfs", name)
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


def _word(text: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return dict(text=text, x0=x0, x1=x1, top=top, bottom=bottom, upright=True)


def test_a_number_in_a_font_of_other_metrics_between_two_words_of_a_line_stays_on_that_line() -> None:
    # "lost 36.0 Q5 students": 36.0 is set in a font whose box stands 3.5 pt lower, which the reading order
    # (words sharing a bottom within 2.5 pt) took for a line of its own
    words = [_word("lost", 50, 66, 100, 110), _word("36.0", 68.5, 85, 103.5, 113.5), _word("Q5", 87.5, 98, 100, 110),
             _word("students", 100.5, 135, 100, 110)]
    keep_on_line(words)
    assert [(w["top"], w["bottom"]) for w in words] == [(100, 110)] * 4
    assert [" ".join(w.text for w in line) for line in baselines(
        [Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words])] == ["lost 36.0 Q5 students"]


def test_a_number_on_the_next_line_is_not_pulled_up_and_a_marker_joins_the_word_it_marks() -> None:
    words = [_word("lost", 50, 66, 100, 110), _word("Q5", 68.5, 79, 100, 110), _word("36.0", 68.5, 85, 112, 122)]
    keep_on_line(words)
    assert words[2]["top"] == 112  # a line below, sharing no height with the words above
    marked = [_word("invoked", 50, 80, 100, 110), _word("⁵", 80.5, 84, 96, 103)]
    keep_on_line(marked)
    assert (marked[1]["top"], marked[1]["bottom"]) == (100, 110)
