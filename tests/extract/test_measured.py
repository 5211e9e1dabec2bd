"""What a number measures, its period and its sentence, on sentences written for these tests (not from the
bundled papers): the rules of ``claimledger/extract/measured.py`` and ``claims.py`` as a reader expects them."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.corpus.readers import read_document
from claimledger.extract.claims import claims
from claimledger.models.records import Claim


@pytest.fixture()
def read(tmp_path: Path, nlp):  # type: ignore[no-untyped-def]
    def claims_of(text: str) -> dict[str, Claim]:
        path = tmp_path / "t.txt"
        path.write_text(text, encoding="utf-8")
        return {c.text: c for c in claims(read_document(path), nlp=nlp)}
    return claims_of


def test_a_share_names_the_subject_it_is_a_part_of(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Cooperative banks hold only 9% of the total deposits of the region.")
    assert "cooperative banks" in found["9%"].quantity.lower() and "deposits" in found["9%"].quantity


def test_a_counted_subject_keeps_what_it_did(read) -> None:  # type: ignore[no-untyped-def]
    found = read("In this process at least 40 local suppliers have been closed, including small firms.")
    assert found["40"].quantity == "local suppliers closed"


def test_of_which_names_the_noun_it_stands_for(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The report describes the growth of cooperatives, the members of which rose 3-fold "
                 "between 1990 and 2000.")
    assert "cooperatives" in found["3-fold"].quantity


def test_their_in_a_bracketed_clause_is_the_noun_before_the_bracket(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The earnings of the seasonal workers (in 2010, their incomes totaled USD $4 billion) were large.")
    assert found["USD $4 billion"].quantity == "incomes of seasonal workers"


def test_a_bracket_after_most_is_the_share_of_the_sentence_before(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Three of every four farm workers were born abroad. Most (53%) are undocumented.")
    what = found["53%"].quantity
    assert "undocumented" in what and "farm workers" in what


def test_a_vague_noun_after_a_figure_of_the_same_sentence_takes_its_thing(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Whereas in 1990 per capita GDP in Norway was 1.8 times that of Spain, by 2000 the ratio had "
                 "increased to 2.1.")
    assert "GDP" in found["2.1"].quantity


def test_a_year_across_a_clause_break_is_another_figures(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Hourly wages in Norway were 3.5 times higher than those reported in Spain in 1990, and 4.2 "
                 "higher in 2000.")
    assert (found["3.5 times"].period_start, found["4.2"].period_start) == (1990, 2000)


def test_run_in_list_enumerators_are_no_claims(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The funds go to public works: 1. Roads and bridges, 2. Drinking water, and 3. Schools. "
                 "In 2004 more than 50 million dollars were committed.")
    assert set(found) == {"50 million dollars"}


def test_a_blank_line_that_cuts_a_sentence_does_not_end_it(read, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("The asymmetries between the two countries keep growing year after year. Whereas in 1994 per capita\n\n"
            "GDP in the north was 2.6 times that of the south, by 2004 the ratio had increased\n\n"
            "to 2.9. Wages followed.\n\nSource: national accounts\n\nA new paragraph starts here.\n")
    found = read(text)
    assert "GDP in the north was 2.6 times" in found["2.6 times"].sentence
    assert found["2.9"].sentence.startswith("Whereas in 1994") and found["2.9"].period_start == 2004
    stored = read_document(tmp_path / "t.txt").text  # the sentence is the document's own characters
    c = found["2.6 times"]
    assert stored[c.sentence_start:c.sentence_end] == c.sentence
    assert "Source" not in c.sentence and "Source" not in found["2.9"].sentence


def test_a_clause_with_its_verb_left_out_measures_its_own_subject(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Sales rose by 5% in 2001 and costs by 7%.")
    assert (found["5%"].quantity, found["7%"].quantity) == ("Sales", "costs")


def test_a_bracket_after_a_quantifiers_clause_and_a_bulleted_enumerator(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Three of every four farm workers were born abroad. Most are undocumented (53%).\n\n"
                 "- 2. As for the jobs created, 20,000 jobs were lost.")
    assert "undocumented" in found["53%"].quantity and "farm workers" in found["53%"].quantity
    assert "2" not in found and "20,000" in found


def test_a_share_after_of_which_is_a_part_of_the_earlier_figures_thing(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Last year 2.4 million parcels were shipped through the northern depot, of which 31% were "
                 "returned by private customers.")
    assert found["31%"].quantity == ("returned by private customers; as a share of parcels shipped through "
                                     "the northern depot")
    found = read("Processed foods make up 70%, of which frozen meals rated as premium goods make up 12.5%.")
    assert found["12.5%"].quantity.startswith("frozen meals rated as premium goods; as a share of")
    found = read("The number of nurses working in the region stands at 4.1 million, of whom slightly more than "
                 "a quarter are part-time staff.")
    assert found["a quarter"].quantity.startswith("part-time staff; as a share of")


def test_a_figure_carried_on_by_a_participle_of_change_measures_the_same_thing(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The port recorded a deficit of about US$3 billion in 2001, rising to more than US$9 billion "
                 "in the year 2008.")
    assert found["US$9 billion"].quantity == found["US$3 billion"].quantity != ""


def test_a_measure_noun_before_of_names_the_figure(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Over ten years, Build-For-Two has funded 87 schools with a total investment of close to "
                 "US$40 million.")
    assert found["US$40 million"].quantity == "Build-For-Two; total investment"
    found = read("Between 2010 and 2012, the agency spent an annual average of USD $9m on bridges.")
    assert "spent annual average on bridges" in found["USD $9m"].quantity


def test_a_fronted_partitive_names_what_a_bare_count_is_taken_from(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Between 1990 and 2000, of the province's 1,210 villages, 402 lost their only school.")
    assert found["402"].quantity == "province's villages lost their only school"


def test_a_fraction_of_people_who_are_something_keeps_what_they_are(read) -> None:  # type: ignore[no-untyped-def]
    found = read("In other words, one out of every four nurses in the public hospitals is a migrant.")
    assert found["one out of every four"].quantity == "nurses in the public hospitals who are migrant"


def test_a_word_dash_joins_one_word_and_keeps_the_text_as_written(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Average fees in euros per patient–day in the capital were 3.2 times higher than those in "
                 "the provinces.")
    assert found["3.2 times"].quantity == ("Average fees in euros per patient-day in the capital; relative to the "
                                           "provinces")
    assert "patient–day" in found["3.2 times"].sentence


def test_which_after_a_comma_names_the_noun_phrase_before_it(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Trade has been shaped by rapid growth in the income earned from renting farmland abroad, "
                 "which totaled almost US$2 billion in 2011.")
    assert found["US$2 billion"].quantity == "income earned from renting farmland abroad"


def test_an_aside_that_restates_a_vague_noun_takes_the_sentence_befores_thing(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The union employs 3 million nurses trained abroad.\n\n"
                 "Behind that striking figure – equal to 6% of the total workforce – lies a long history.")
    assert found["6%"].quantity.startswith("nurses trained abroad")
    assert found["6%"].quantity.endswith("as a share of total workforce")


def test_a_figure_of_a_list_counts_what_the_first_one_does_for_its_own_place(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Spain was the country with the largest number of students enrolled abroad (52,000, compared "
                 "to 48,000 for Italy and 31,000 for Greece).")
    first = found["52,000"].quantity
    assert "students" in first
    assert found["48,000"].quantity == f"{first}; for Italy"
    assert found["31,000"].quantity == f"{first}; for Greece"
    assert first.count("students") == 1


def test_a_verbless_list_after_a_colon_gives_values_of_the_clause_before_it(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Few households invest in new machinery, whose share has kept falling: 9% in 1990, 6% in 2000 "
                 "and 4% in 2010.")
    assert found["9%"].quantity == found["6%"].quantity == "share of new machinery"
    found = read("The budget has three parts: 40% for schools, 35% for roads and 25% for clinics.")
    assert [found[k].quantity for k in ("40%", "35%", "25%")] == [
        "budget; for schools", "budget; for roads", "budget; for clinics"]


def test_a_counted_place_keeps_the_clause_it_holds_in(read) -> None:  # type: ignore[no-untyped-def]
    found = read("By 2015, Syrians were the largest refugee group in 12 provinces.")
    assert found["12"].quantity == "provinces where Syrians were the largest refugee group"


def test_a_change_in_the_number_of_something_measures_that_number(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The decade brought an increase from 3.1 to 4.4 million in the number of rented homes.")
    assert found["4.4 million"].quantity == "number of rented homes"


def test_the_subject_of_account_for_is_the_share(read) -> None:  # type: ignore[no-untyped-def]
    found = read("In the region, processed foods account for 64% and textiles for 20%.")
    assert found["64%"].quantity == "processed foods"


def test_a_place_after_the_number_narrows_the_subject(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The ratio of rents between the capital and the provinces is about 1:3 in new buildings.")
    assert found["1:3"].quantity.endswith("; in new buildings")


def test_a_count_of_whom_and_its_bracketed_share_name_the_list_they_are_taken_from(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The sector employs 6.2 million – 5.1 million in the north and 1.1 million in the south – of "
                 "whom 0.9 million (15% of the total) are seasonal workers.")
    assert found["5.1 million"].quantity.endswith("; in the north")
    count = found["0.9 million"].quantity
    assert count.startswith("seasonal workers; of ") and "south" not in count
    assert found["15%"].quantity == f"{count}; as a share of total"


def test_a_multiple_names_what_it_is_relative_to(read) -> None:  # type: ignore[no-untyped-def]
    found = read("In 2010, average rents in the capital were 3.4 times that of the provinces, and by 2020 the "
                 "ratio had increased to 4.1.")
    assert found["3.4 times"].quantity == "average rents in the capital; relative to the provinces"
    assert found["4.1"].quantity == found["3.4 times"].quantity


def test_a_counted_object_keeps_the_past_verb_and_where_it_went(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Since the treaty, the region has sent almost 3 million workers to the coast, and the figure "
                 "will have passed 5 million by 2030.")
    assert found["3 million"].quantity == found["5 million"].quantity == "workers sent to the coast"


def test_a_participle_share_and_its_bracketed_percent_are_one_share_of_what_follows(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Between 1990 and 2010, sales of the cooperative sector increased 12-fold, accounting for almost "
                 "half the region's farm exports in 2010 (47%). Moreover, this proportion rises to 52% if re-exports "
                 "are counted.")
    share = found["half"].quantity
    assert share.startswith("sales of the cooperative sector; as a share of") and "farm exports" in share
    assert found["47%"].quantity == share and found["52%"].quantity == share


def test_a_comparison_with_its_verb_left_out_after_and_measures_the_earlier_figures_thing(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Similarly, hourly wages in the north were 2.1 times higher than those reported in the south in "
                 "2000, and 2.8 higher in 2010.")
    assert found["2.8"].quantity == found["2.1 times"].quantity == "hourly wages in the north; relative to the south"


def test_only_a_count_of_places_keeps_the_clause_it_stands_in(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The serum level of the marker rose temporarily in three animals after the transplant.")
    assert "where" not in found["three"].quantity
    found = read("The teams used seven indicators, and analysts then reviewed them.")
    assert found["seven"].quantity == "indicators"


def test_a_figure_observed_elsewhere_measures_the_earlier_figures_thing_there(read) -> None:  # type: ignore[no-untyped-def]
    found = read("It should be noted that the seasonal workers of the valley, while they do pay their dues, report "
                 "the lowest levels of pension coverage (21.5%), in contrast to the 48.2% recorded among other farm "
                 "workers.")
    assert found["21.5%"].quantity == "pension coverage"
    assert found["48.2%"].quantity == "pension coverage; among other farm workers"
    found = read("Seasonal workers in the valley have the lowest levels of pension coverage (21.5%), in contrast to "
                 "the 48.2% recorded among other farm workers.")
    assert found["21.5%"].quantity.endswith("lowest levels of pension coverage")
    assert found["48.2%"].quantity == f"{found['21.5%'].quantity}; among other farm workers"


def test_people_placed_in_an_industry_are_what_a_bracketed_count_counts(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Migrant workers are most concentrated in the textile, footwear and leather industries (91,000).")
    assert found["91,000"].quantity == "Migrant workers; in textile, footwear and leather industries"


def test_a_counted_subject_with_its_own_clause_does_not_take_its_predicate(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The four programs that claim to reduce poverty are directed at the wrong regions.")
    assert found["four"].quantity == "programs that claim to reduce poverty"


def test_a_restated_figure_takes_the_population_its_own_clause_names(read) -> None:  # type: ignore[no-untyped-def]
    found = read("In 2010, 21.3% of the workers aged 15 years and older born in Mexico have a pension. This figure "
                 "rises to 30.1% if all workers of Mexican origin are taken into account.")
    assert "born in Mexico" in found["21.3%"].quantity
    assert "of Mexican origin" in found["30.1%"].quantity and "born in Mexico" not in found["30.1%"].quantity


def test_a_year_of_the_numbers_own_clause_outweighs_one_after_a_comma(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Exports of the sector grew steadily; while in 1995 they accounted for 12%, by 2005 they had "
                 "risen to 19%.")
    assert (found["12%"].period_start, found["19%"].period_start) == (1995, 2005)


def test_a_fronted_for_a_place_is_a_scope_and_for_example_is_not(read) -> None:  # type: ignore[no-untyped-def]
    found = read("For Chile, the effects can be grouped in three broad areas.")
    assert found["three"].quantity.endswith("; for Chile")
    found = read("For example, the region lost 40 factories in 2003.")
    assert "example" not in found["40"].quantity


def test_a_list_of_three_or_more_after_the_figure_is_kept_whole(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Wages go to food and rent, and a surplus of not more than 12% for saving or investment in housing, "
                 "land, cattle, and small shops.")
    assert found["12%"].quantity.endswith("investment in housing, land, cattle, and small shops")


def test_a_bracket_of_parts_after_a_figure_is_an_aside_not_a_clause(read) -> None:  # type: ignore[no-untyped-def]
    found = read("In 2010, 21.3% of the workers aged 15 years and older born in Mexico have a pension. This figure "
                 "rises to 30.1% (28.2% first generation and 33.0% second generation) if all workers of Mexican origin "
                 "are taken into account.")
    assert "of Mexican origin" in found["30.1%"].quantity
    assert found["28.2%"].quantity.endswith("; first generation")


def test_a_demonstrative_pronoun_points_at_the_figure_before_it_in_the_sentence(read) -> None:  # type: ignore[no-untyped-def]
    found = read("We note that some 2 million Peruvians work in Chile; this roughly equals one-third of the workers "
                 "of Peru's formal sector.")
    assert found["one-third"].quantity.startswith("Peruvians work in Chile")
    assert "formal sector" in found["one-third"].quantity


def test_a_pronoun_in_a_clause_names_the_subject_of_the_sentence_around_it(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Tourism grew fast. The weight of the coffee trade is such that it explains 61.2% of Kenya's "
                 "exports.")
    assert found["61.2%"].quantity.startswith("weight of the coffee trade")


def test_a_bracketed_share_after_a_counted_noun_phrase_is_a_share_of_what_it_counts(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The survey finds 2.1 million farms that sell abroad (12% of the national total).")
    assert found["12%"].quantity == "farms that sell abroad; as a share of national total"


def test_a_pointer_after_a_figure_does_not_send_it_to_the_sentence_before(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Rents rose sharply last year. In Oslo, 41.5% of nurses commute by train, whereas in Bergen the "
                 "figure is only 20.3%.")
    assert found["41.5%"].quantity == "nurses commute by train"


def test_a_writers_judgement_is_not_part_of_what_a_bracketed_share_measures(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Although the share of women in mining is low in comparison with other sectors (7.7%), they "
                 "lead its unions.")
    assert found["7.7%"].quantity == "share of women in mining"


def test_inline_list_markers_are_not_claims(read) -> None:  # type: ignore[no-untyped-def]
    found = read("The plan works through: 1. training of nurses, 2. mobile clinics, and 3. free vaccines for 40 "
                 "villages.")
    assert set(found) == {"40"}



def test_they_after_a_colon_counts_the_subject_of_the_copula_before_it(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Coffee is the principal product of Kenyan farms: in 2010 they supplied 61.5% of the total.")
    assert found["61.5%"].quantity.startswith("Coffee; principal product of Kenyan farms")


def test_a_share_named_only_by_its_unit_is_named_by_the_words_after_it(read) -> None:  # type: ignore[no-untyped-def]
    found = read("Of these workers, people of Mexican origin makes 70 percent of the total and 20 percent were born "
                 "in Mexico.")
    assert found["20 percent"].quantity == "born in Mexico"  # it was "percent of"


def test_a_rank_the_writer_gives_is_not_what_a_bracketed_share_measures(read) -> None:  # type: ignore[no-untyped-def]
    found = read("In Canada, Filipino nurses account for the largest group (18.3%).")
    assert found["18.3%"].quantity.startswith("Filipino nurses")
    assert "largest" not in found["18.3%"].quantity
