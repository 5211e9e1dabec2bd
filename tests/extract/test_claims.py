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
    from claimledger.extract.claims import claims
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


@pytest.mark.parametrize("doc,snippet,value", [
    # 000: "With postgraduate qualifications, the figures are 86,000 and 327,000, respectively (Conapo, 2004a)."
    ("000", "the figures are 86,000 and 327,000", 86_000),
    ("000", "the figures are 86,000 and 327,000", 327_000),
    # 002: "In second place comes China (390,000), followed by India with 280,000 (see Table 1)."
    ("002", "in second place comes china (390,000)", 390_000),
    ("002", "in second place comes china (390,000)", 280_000),
    # 003: "Of these, 86,000 have postgraduate studies, and 10,000 have doctorates (CPS, 2005)."
    ("003", "of these, 86,000 have postgraduate studies", 10_000),
    # 003: "we find a total of 1.2 million in the US, an estimated 0.5 million in the disguised maquila sector"
    ("003", "an estimated 0.5 million in the disguised maquila sector", 500_000),
    # 002: "most are concentrated in the basic metals, ... industries (502,000)"
    ("002", "machinery and equipment industries (502,000)", 502_000),
])
def test_bare_counts_take_the_person_unit_of_the_count_before_them(corpus_claims, doc, snippet, value) -> None:  # type: ignore[no-untyped-def]
    assert one(corpus_claims[doc], snippet, value).unit == "person"


def test_count_of_the_countrys_municipalities_is_in_municipalities(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 000: "During the second half of the 1990s, 755 of the country's 2,435 municipalities (31%) reported ..."
    assert one(corpus_claims["000"], "755 of the country's 2,435 municipalities", 755).unit == "municipality"


def test_hometown_associations_totaling_more_than_700_count_organizations(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 000: "a wide array of hometown associations (currently totaling more than 700) and federations"
    c = one(corpus_claims["000"], "currently totaling more than 700", 700)
    assert (c.unit, c.approx) == ("organization", ">")


def test_scale_and_unit_are_shared_in_from_to_with_one_million(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 002: "(iii) an increase from 12.9 to 15.9 million in the number of poor households over the same period"
    assert one(corpus_claims["002"], "from 12.9 to 15.9 million", 12.9e6).unit == "household"
    # 003: "manufacturing sector employment in the US fell by 17%: from 17.1 to 14.2 million"
    assert one(corpus_claims["003"], "from 17.1 to 14.2 million", 17.1e6).unit == "person"
    # 003: "the base number of manufacturing workers (14.2 + 1.7 million)"
    assert one(corpus_claims["003"], "(14.2 + 1.7 million)", 14.2e6).unit == "person"


def test_endnotes_after_the_reference_list_are_read(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 001, endnote 4: "there are 300 Latino radio stations, 700 daily and weekly newspapers, 160 local television
    # stations, 60 cable TV channels, and two national television networks (Contreras, 2005)."
    found = find(corpus_claims["001"], "there are 300 latino radio stations")
    assert sorted((c.value, c.unit) for c in found) == [
        (2, "network"), (60, "channel"), (160, "station"), (300, "station"), (700, "newspaper")]


def test_a_bare_multiple_after_a_multiple_is_a_fold(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 002: "... were 5.7 times higher than those reported in Mexico in 1994, and 6.8 higher in 2004."
    assert one(corpus_claims["002"], "and 6.8 higher in 2004", 6.8).unit == "fold"
    # 002: "in 1994 per capita GDP in the U.S. was 2.6 times that of Mexico, by 2004 the ratio had increased to 2.9."
    assert one(corpus_claims["002"], "the ratio had increased to 2.9", 2.9).unit == "fold"


@pytest.mark.parametrize("doc,snippet", [
    # 001: "3. Mexican immigrants have very low levels of schooling, ...; 60% have 12 years or less; ..."
    ("001", "60% have 12 years or less"),
    # 004: "equal to 8% of the total U.S. population and 22% of Mexico's – lies a complex interplay of relations
    # between the two countries."
    ("004", "lies a complex interplay of relations between the two countries"),
    # 001: "the construction of a border wall spelled out in the Sensenbrenner Bill (H.R. 4437)."
    ("001", "sensenbrenner bill (h.r. 4437)"),
    # 001: "the Three-for-One Program (Tres por Uno) ... spent an annual average of USD $15m on projects"
    ("001", "spent an annual average of usd $15m"),
])
def test_enumerators_category_bounds_references_and_names_are_not_claims(documents, corpus_claims, doc, snippet
                                                                         ) -> None:  # type: ignore[no-untyped-def]
    assert snippet in " ".join(documents[doc].text.split()).lower()
    found = find(corpus_claims[doc], snippet)
    assert all(c.unit in {"percent", "USD"} for c in found), [(c.text, c.unit) for c in found]


def test_footnote_number_flattened_after_a_comma_is_not_a_count(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 004: "Wire transfers, while currently accounting for more than three-quarters of all such transactions,
    # 15 have not eliminated "traditional" mechanisms ..." where 15 is the label of footnote 15.
    found = find(corpus_claims["004"], "of all such transactions, 15 have not eliminated")
    assert [(c.value, c.unit, c.approx) for c in found] == [(75.0, "percent", ">")]


def test_a_numbered_point_that_spacy_splits_off_is_not_a_claim(corpus_claims) -> None:  # type: ignore[no-untyped-def]
    # 000: "5. Inordinate growth in migration undermines the social sustainability ..."; spaCy makes "5." a
    # sentence of its own. 003: "... the Frente Indígena de Organizaciones Binacionales, the Coalición
    # Internacional 1 de Mayo, and ...": a number in a name.
    assert not [c for c in corpus_claims["000"] if c.sentence.strip() == "5."]
    assert not find(corpus_claims["003"], "internacional 1 de mayo", 1)


def test_counts_beside_the_percent_columns_of_a_table_keep_their_units(ledger) -> None:  # type: ignore[no-untyped-def]
    # 003 table 1 (municipalities by intensity of migration): its "%" columns add to 100, its population and
    # households columns are counts
    import csv
    with (ledger / "claims.csv").open(encoding="utf-8") as f:
        cells = {(c["row_label"], c["col_label"]): c["unit"] for c in csv.DictReader(f)
                 if c["doc_id"].startswith("003") and c["origin"] == "table"}
    assert cells[("Very high", "population")] == "person"
    assert cells[("Very high", "households")] == "household"
    assert cells[("Very high", "%")] == "percent"
