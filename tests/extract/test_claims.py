"""Claims read from the bundled papers: what, how much, how hedged, when, and on whose authority."""
from __future__ import annotations

import pytest

from tests.conftest import find


def one(found, snippet, value):  # type: ignore[no-untyped-def]
    hits = find(found, snippet, value)
    assert len(hits) == 1, (snippet, value, [(c.text, c.value) for c in find(found, snippet)])
    return hits[0]


def test_graduates_claim_reads_slightly_more_than_as_lower_bound(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 000: "This figure totals slightly more than 385,000 individuals born in Mexico and 1.4 million of Mexican origin."
    c = one(corpus_claims["000"], "totals slightly more than 385,000 individuals", 385_000)
    assert (c.unit, c.approx, c.hedge) == ("person", ">", "slightly more than")
    assert c.interval_low == pytest.approx(384_500) and c.interval_high == pytest.approx(385_000 * 1.05)
    assert "individuals born in Mexico" in c.quantity and "born in Mexico" in c.population


def test_elided_count_takes_the_unit_of_the_count_before_it(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    c = one(corpus_claims["000"], "totals slightly more than 385,000 individuals", 1_400_000)
    assert c.unit == "person" and c.approx == ""


def test_remittances_in_2004_have_period_currency_and_source(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 000: "In 2004, total remittances received by Mexico amounted to USD \$16.6 bn (Banco de México, 2005)."
    c = one(corpus_claims["000"], "total remittances received by mexico amounted to", 16.6e9)
    assert (c.unit, c.currency, c.period_start, c.period_end) == ("USD", "USD", 2004, 2004)
    assert c.source == "Banco de México, 2005"
    assert "remittances" in c.quantity


def test_claim_offsets_point_into_the_stored_normalised_text(documents, corpus_claims) -> None:  # type: ignore[no-untyped-def]
    for key, found in corpus_claims.items():
        text = documents[key].text
        for c in found:
            assert text[c.char_start:c.char_end] == c.text
            assert text[c.sentence_start:c.sentence_end] == c.sentence


def test_claim_ids_are_unique_and_stable(documents, corpus_claims, nlp) -> None:  # type: ignore[no-untyped-def]
    from extract.claims import claims
    ids = [c.claim_id for found in corpus_claims.values() for c in found]
    assert len(ids) == len(set(ids))
    assert [c.claim_id for c in claims(documents["004"], nlp=nlp)] == [c.claim_id for c in corpus_claims["004"]]


def test_years_citations_and_reference_list_yield_no_claims(documents, corpus_claims) -> None:  # type: ignore[no-untyped-def]
    for key, found in corpus_claims.items():
        refs = documents[key].text.find("\nREFERENCES\n")
        for c in found:
            assert not (c.unit == "" and 1900 <= c.value <= 2030 and c.text.isdigit()), c
            assert refs < 0 or c.char_start < refs, (key, c.text)
    # 000: "(Moctezuma, 2000: 88-93)"-style locators and the years of citations are not claims
    assert not [c for c in corpus_claims["000"] if c.text in {"2004a", "2005"}]


def test_period_from_a_span_goes_to_the_ends_of_from_to(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 002: "between 1995 and 2005, employment in maquiladoras rose from 648,300 to 1.16 million."
    a = one(corpus_claims["002"], "employment in maquiladoras rose from 648,300", 648_300)
    b = one(corpus_claims["002"], "employment in maquiladoras rose from 648,300", 1_160_000)
    assert (a.period_start, b.period_start) == (1995, 2005)


def test_this_figure_takes_context_from_the_sentence_before(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 003: "This figure totals slightly more than 385,000 individuals born in Mexico." follows the sentence
    # about Mexican residents in the USA who have university degrees.
    c = one(corpus_claims["003"], "this figure totals slightly more than 385,000", 385_000)
    assert "individuals born in Mexico" in c.quantity and ";" in c.quantity


def test_near_and_adds_up_to_are_read_right(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 004: "almost 22 million inhabitants of Mexican origin reside in the United States."
    c = one(corpus_claims["004"], "almost 22 million inhabitants of mexican origin", 22e6)
    assert (c.approx, c.unit) == ("<~", "person") and "of Mexican origin" in c.population
    # 001: "It adds up to 40.4 million people (14% of the total population)." — "adds up to" is no hedge
    c = one(corpus_claims["001"], "40.4 million people", 40.4e6)
    assert c.approx == "" and c.unit == "person"
