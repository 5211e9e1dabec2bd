"""News-text quantities: vague magnitudes and ranges that start at a year-like number."""
from __future__ import annotations

import pytest

from claimledger.extract.claims import claims
from claimledger.extract.lines import line_quantities
from claimledger.extract.quantities import quantities
from claimledger.models.reconcile import pair_verdict
from claimledger.models.records import Claim, Document, Page


@pytest.mark.parametrize("text, value, currency", [
    ("The repairs cost tens of thousands of dollars.", 20_000, "USD"),
    ("The bonds lost hundreds of millions of euros.", 200_000_000, "EUR"),
    ("Dozens of shops shut.", 24, ""),
])
def test_a_vague_magnitude_is_at_least_its_smallest_amount(text: str, value: float, currency: str) -> None:
    (q,) = quantities(text)
    assert (q.value, q.approx, q.currency) == (value, ">=", currency)


def test_a_vague_magnitude_of_a_people_counts_persons() -> None:
    ((q,),) = line_quantities(["Millions of Americans watched the debate."])
    assert (q["value"], q["unit"]) == (2_000_000, "person")


def test_a_range_whose_high_end_is_no_year_starts_with_a_number() -> None:
    (q,) = quantities("Adults need 2000 - 2500 Calories a day.")
    assert (q.value_low, q.value_high, q.unit) == (2000, 2500, "calorie per day")


def test_a_span_of_two_years_is_still_a_period() -> None:
    assert list(quantities("In 2000-2005 the share rose.")) == []


def test_line_quantities_give_the_unit_as_written_and_its_canonical_name() -> None:
    ((q,), (c,)) = line_quantities(["The probe left at 11 km s−1.", "Some 300 clubs joined."])
    assert (q["unit_written"], q["unit_canonical"], q["dimension"]) == ("km s−1", "kilometer / second",
                                                                       "[length] / [time]")
    assert (c["unit"], c["unit_written"], c["dimension"]) == ("organization", "", "count")  # a club is one


def test_a_vague_magnitude_allows_its_whole_order_and_agrees_with_a_figure_inside_it(nlp) -> None:  # type: ignore[no-untyped-def]
    def claim(text: str) -> Claim:
        (c,) = claims(Document("t", "t.txt", text, (Page(1, 0, len(text)),), ""), nlp=nlp)
        return c

    vague = claim("Remittances support millions of Mexican households.")
    assert (vague.value, vague.interval_low, vague.interval_high) == (2e6, 1e6, 1e7)
    assert pair_verdict(claim("Remittances support over a million households."), vague) == "rounding"
    assert pair_verdict(claim("Remittances support 20 million households."), vague) == "conflict"


def test_one_in_every_n_allows_what_rounding_its_denominator_allows(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "One out of every five nurses is a migrant, and three of every four doctors are women."
    found = {c.text.lower(): c for c in claims(Document("t", "t.txt", text, (Page(1, 0, len(text)),), ""), nlp=nlp)}
    assert (found["one out of every five"].interval_low, found["one out of every five"].interval_high) == (18.0, 22.0)
    low, high = found["three of every four"].interval_low, found["three of every four"].interval_high
    assert low is not None and high is not None and 65 < low < 67 and 84 < high < 86  # 3/4.5 to 3/3.5, about


@pytest.mark.parametrize("text, expected", [
    ("The homes are priced from $750,000 to $1 million.", [(750_000, 1_000_000)]),
    ("Tickets cost from 20 to 35 dollars.", [(20, 35)]),
    ("Employment rose from 648,300 to 1.16 million.", [(None, None), (None, None)]),  # a change: two values
    ("The dose was reduced from 44 mg to 50 mg.", [(None, None), (None, None)]),
])
def test_from_a_to_b_is_a_range_unless_a_verb_of_change_comes_before(text: str, expected: list) -> None:
    assert [(q.value_low, q.value_high) for q in quantities(text)] == expected
