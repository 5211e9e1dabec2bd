"""Signs a PDF sets as glyphs of their own stay with their number (issue 17): "− 0.035" in a table cell or after
"=" is −0.035, "a − b" stays a difference, a "+" over a "−" is "±".
"""
from __future__ import annotations

from typing import Any

from claimledger.corpus.pdf import read_pdf
from claimledger.corpus.signs import join_signs, stack_signs
from tests.conftest import outside


def _words(*placed: tuple[str, float, float]) -> list[dict[str, Any]]:
    """Words of one line 10 pt high, each (text, x0, x1)."""
    return [dict(text=t, x0=a, x1=b, top=100.0, bottom=110.0, upright=True) for t, a, b in placed]


def _texts(words: list[dict[str, Any]]) -> list[str]:
    return [w["text"] for w in words]


def test_a_minus_nearer_its_number_than_the_cell_before_it_is_the_numbers_sign() -> None:
    # a regression table's row: "Income   − 0.035   0.012" (the minus 1.5 pt from its digits, the cell 30 pt away)
    row = _words(("Income", 50, 80), ("−", 110, 116), ("0.035", 117.5, 140), ("0.012", 170, 192))
    assert _texts(join_signs(row)) == ["Income", "−0.035", "0.012"]
    assert join_signs(_words(("−", 110, 116), (".5", 117, 125)))[0]["text"] == "−.5"  # a cell of its own
    assert _texts(join_signs(_words(("β", 40, 46), ("=", 49, 55), ("−", 58, 64), ("0.2", 65, 78)))) == \
        ["β", "=", "−0.2"]


def test_a_minus_between_two_operands_spaced_alike_and_a_range_dash_are_left_apart() -> None:
    assert _texts(join_signs(_words(("a", 50, 55), ("−", 57.5, 63.5), ("1", 66, 71)))) == ["a", "−", "1"]
    assert _texts(join_signs(_words(("1994", 50, 70), ("–", 71, 76), ("2004", 77, 97)))) == ["1994", "–", "2004"]
    # a minus too far from the number to be its sign
    assert _texts(join_signs(_words(("−", 110, 116), ("5", 125, 130)))) == ["−", "5"]


def test_a_plus_set_over_a_minus_is_one_plus_minus_sign() -> None:
    plus = dict(text="+", x0=100.0, x1=106.0, top=98.0, bottom=107.0, upright=True)
    minus = dict(text="−", x0=100.0, x1=106.0, top=102.0, bottom=111.0, upright=True)
    chars = [plus, minus]
    assert stack_signs(chars) == 1 and _texts(chars) == ["±"]


def test_plus_minus_signs_of_a_real_paper_read_as_one_sign_in_text_and_table() -> None:
    # CERMINE's example3.pdf: "(K i = 11.21 + − 0.74 nM)", its table 4 "404.4 + − 17.3"
    path = outside("research-pdfs", "cermine-example3.pdf")
    pages, _, _ = read_pdf(path, password=None, timeout=120, memory_mb=2048)
    text = "\n".join(pages)
    assert "K i = 11.21 ± 0.74 nM" in text and "404.4 ± 17.3" in text
    assert "+ −" not in text
