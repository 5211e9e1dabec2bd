"""The quantity scanner on sentences from the papers and on general English prose."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from extract.numbers import numbers, precision_of
from extract.quantities import quantities


def only(text: str):  # type: ignore[no-untyped-def]
    found = list(quantities(text))
    assert len(found) == 1, found
    return found[0]


def test_scale_word_bn_after_escaped_currency_is_applied() -> None:
    # 000: "In 2004, total remittances received by Mexico amounted to USD $16.6 bn (Banco de México, 2005)."
    q = only("In 2004, total remittances received by Mexico amounted to USD $16.6 bn (Banco de México, 2005).")
    assert (q.text, q.value, q.currency) == ("USD $16.6 bn", 16_600_000_000, "USD")


def test_slightly_more_than_is_a_lower_bound_hedge() -> None:
    q = only("slightly more than 385,000 individuals born in Mexico")
    assert (q.value, q.hedge, q.approx, q.precision) == (385_000, "slightly more than", ">", 500)


def test_or_between_percentages_is_one_range() -> None:
    # 000: "intra-firm trade, estimated to be around 65 or 75%"
    q = only("intra-firm trade, estimated to be around 65 or 75%")
    assert (q.value_low, q.value_high, q.unit, q.approx) == (65, 75, "percent", "~")


def test_between_and_percent_range() -> None:
    q = only("between 80% and 90% of them")
    assert (q.value_low, q.value_high, q.value) == (80, 90, 85)


def test_from_to_is_two_claims_not_a_range() -> None:
    # 002: "Mexican exports increased almost sevenfold, rising from US$30.7 billion to $213.7 billion."
    found = list(quantities("increased almost sevenfold, rising from US$30.7 billion to $213.7 billion."))
    assert [(q.value, q.unit) for q in found] == [(7, "fold"), (30.7e9, "USD"), (213.7e9, "USD")]
    assert found[0].approx == "<~"


@pytest.mark.parametrize("text,value,unit", [
    ("one out of every three migrants", 33.33, "percent"),
    ("three of every four workers", 75, "percent"),
    ("the exports of which increased 26-fold", 26, "fold"),
    ("thirty-fold", 30, "fold"),
    ("twice as many", 2, "fold"),
    ("wage differential (1:6 in the manufacturing sector)", 6, "ratio"),
    ("5.7 times higher than", 5.7, "fold"),
    ("slightly more than a third are undocumented", 33.33, "percent"),
])
def test_written_numbers_and_ratios_count(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert q.value == pytest.approx(value, rel=1e-3) and q.unit == unit


@pytest.mark.parametrize("text", [
    "Between 1994 and 2005, GDP grew", "the 2012-13 season", "in room 101", "see Table 6", "the 19th century",
    "the 1990s", "G7 summit", "No. 1 / 2006",
])
def test_dates_labels_and_identifiers_are_not_quantities(text: str) -> None:
    assert list(quantities(text)) == []


@pytest.mark.parametrize("text,value,unit", [
    ("$ 75 million of general obligation bonds", 75e6, "USD"),
    ("hk $ 10.05 billion", 10.05e9, "HKD"),
    ("You weight 200lbs.", 200, "pound"),
    ("the six-mile trip", 6, "mile"),
    ("10 1/2 miles", 10.5, "mile"),
    ("a quarter million us dollars", 250_000, "USD"),
    ("35 lakh rupees", 3.5e6, "INR"),
    ("0.9 trillion cubic feet", 0.9e12, "cubic foot"),
])
def test_general_prose_prices_and_measurements(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert q.value == pytest.approx(value) and q.unit == unit


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separated_integers_read_back(n: int) -> None:
    text = f"{n:,}"
    found = list(numbers(text))
    assert [(x.value, x.end) for x in found] == [(float(n), len(text))]


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=4))
def test_precision_is_half_the_last_written_place(n: int, decimals: int) -> None:
    text = f"{n / 10**decimals:.{decimals}f}"
    assert precision_of(text) == pytest.approx(0.5 * 10**-decimals)
