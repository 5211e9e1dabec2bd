"""Arithmetic checks on the papers' tables: stated totals, shares and averages against their parts."""
from __future__ import annotations

import pytest

from claimledger.extract.tables import table_claims, tables
from claimledger.models.checks import table_checks
from claimledger.models.records import Document


def checks_of(doc: Document) -> list:  # type: ignore[type-arg]
    found = list(tables(doc))
    claims = [c for t in found for c in table_claims(doc, t)]
    return list(table_checks(found, claims))


def test_004_table_6_totals_are_checked_against_the_sum_of_the_years(documents) -> None:  # type: ignore[no-untyped-def]
    """"Total 429 16,823,670": the projects add up; the investment is 1 more than the yearly sum
    16,823,669, within what rounding eight figures to the dollar allows."""
    totals = [c for c in checks_of(documents["004"]) if c.kind == "table_total"]
    projects = next(c for c in totals if "Projects" in c.explanation)
    money = next(c for c in totals if "Investment" in c.explanation)
    assert (projects.expected, projects.observed, projects.status) == (429, 429, "pass")
    assert (money.expected, money.observed) == (16823669, 16823670)
    assert money.tolerance == pytest.approx(4.5) and money.status == "pass"
    assert len(money.claim_ids) == 9 and all(money.claim_ids)
    assert "difference +1" in money.explanation


def test_004_table_1_national_row_is_found_as_the_total_and_the_annual_average_checked(documents) -> None:  # type: ignore[no-untyped-def]
    """"Mexico 1590359 318072 3.5" heads ten states that sum to it; the annual average is the
    1992–1997 total over five years; the growth rate per 1000 is not summed."""
    found = checks_of(documents["004"])
    total = [c for c in found if c.kind == "table_total" and "Migrants" in c.explanation]
    assert [(c.expected, c.observed, c.status) for c in total] == [(1590359, 1590359, "pass")]
    assert not any("growth rate" in c.explanation for c in found if c.kind == "table_total")
    averages = [c for c in found if c.kind == "table_average"]
    assert len(averages) == 11 and all(c.status == "pass" for c in averages)


def test_003_table_1_shares_match_counts_over_the_total(documents) -> None:  # type: ignore[no-untyped-def]
    """"Very high 162 6.63": 162 / 2443 = 6.63%; the % columns sum to the "Absolutes" 100."""
    found = checks_of(documents["003"])
    shares = [c for c in found if c.kind == "table_share"]
    assert len(shares) == 18 and all(c.status == "pass" for c in shares)
    very_high = next(c for c in shares if "Very high 6.63%" in c.explanation)
    assert very_high.expected == pytest.approx(100 * 162 / 2443)
    assert all(c.status == "pass" for c in found if c.kind == "table_total")


def test_a_wrong_total_fails(documents) -> None:  # type: ignore[no-untyped-def]
    """004 Table 6 with its projects total misprinted as 439 fails, by 10."""
    doc = documents["004"]
    text = doc.text.replace("Total\t429\t", "Total\t439\t")
    wrong = Document(doc.id, doc.path, text, doc.pages, doc.sha256)
    check = next(c for c in checks_of(wrong) if c.kind == "table_total" and "Projects" in c.explanation)
    assert (check.expected, check.observed, check.status) == (429, 439, "fail")


def test_check_ids_are_stable(documents) -> None:  # type: ignore[no-untyped-def]
    assert [c.check_id for c in checks_of(documents["004"])] == [c.check_id for c in checks_of(documents["004"])]
