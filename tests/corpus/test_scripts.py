"""Footnote markers, exponents and indices set as small raised or lowered digits are written as superscripts and
subscripts, so a marker glued to its word is no number and an exponent keeps its meaning (issue 17).

The real papers are read in place from ../shared/external/research-pdfs (skipped where absent).
"""
from __future__ import annotations

from typing import Any

from claimledger.corpus.readers import read_document
from claimledger.corpus.scripts import mark_scripts
from tests.conftest import outside


def _text(name: str) -> str:
    path = outside("research-pdfs", name)
    return " ".join(read_document(path).text.split())


def _char(text: str, x0: float, size: float = 10.0, bottom: float = 110.0) -> dict[str, Any]:
    return dict(text=text, x0=x0, x1=x0 + 0.5 * size, top=bottom - size, bottom=bottom, size=size, upright=True)


def test_a_small_raised_digit_beside_a_word_is_a_superscript_and_a_lowered_one_a_subscript() -> None:
    line = [_char(ch, 50 + 5 * i) for i, ch in enumerate("invoked")]
    line.append(_char("5", 85.5, size=7.0, bottom=106.0))  # "invoked⁵": 7 pt, 4 pt above the line
    line += [_char(ch, 100 + 5 * i) for i, ch in enumerate("H")]
    line.append(_char("0", 105.5, size=7.0, bottom=112.0))  # "H₀": its top 5 pt below the line's
    line += [_char(ch, 120 + 5 * i) for i, ch in enumerate("2009")]  # digits of the line's size stay
    assert mark_scripts(line) == 2
    assert "".join(c["text"] for c in line) == "invoked⁵H₀2009"


def test_small_digits_that_touch_no_word_of_the_line_are_left_as_they_are() -> None:
    line = [_char(ch, 50 + 5 * i) for i, ch in enumerate("Figure")]
    line.append(_char("3", 200.0, size=7.0, bottom=106.0))  # an axis tick far from any word
    assert mark_scripts(line) == 0 and line[-1]["text"] == "3"


def test_a_footnote_marker_glued_to_a_word_is_split_off_and_dropped() -> None:
    # 0807.3577 (GROBID's tests): "'almost EGS theorem' [4] are invoked5, then it seems"
    text = _text("grobid-0807.3577.pdf")
    assert "are invoked, then it seems" in text
    assert "invoked5" not in text


def test_a_footnote_of_a_table_head_is_its_label_not_a_number_run_into_the_note() -> None:
    # layout-parser-paper-with-table.pdf (Unstructured's examples): "Base Model1" and the note "1 For each dataset"
    text = _text("unstructured-layout-parser-paper-with-table.pdf")
    assert "Base Model Large Model" in text
    assert "Model1" not in text and "1For" not in text


def test_an_exponent_keeps_its_power() -> None:
    # map-reduce.pdf: "The grep program scans through 10^10 100-byte records" read "1010 100-byte records"
    text = _text("scienceparse-map-reduce.pdf")
    assert "scans through 10¹⁰ 100-byte records" in text
