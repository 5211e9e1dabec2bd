"""Copies of one statement share what is known of either: naming of table cells, and pair scores."""
from __future__ import annotations

from claimledger.models.copies import spread_named, through_copies
from claimledger.models.grouping import caption, copy_sets, naming
from claimledger.models.records import Claim


def _claim(cid: str, doc: str, value: float, sentence: str, origin: str = "text", row: str = "", col: str = "",
           quantity: str = "", table: str = "", at: int = 0) -> Claim:
    return Claim(claim_id=cid, doc_id=doc, page=1, char_start=at, char_end=at + 4, text=str(value), value=value,
                 value_low=None, value_high=None, precision=0.05, interval_low=value - 0.05,
                 interval_high=value + 0.05, unit="percent", currency="", scale=1.0, hedge="", approx="",
                 period_start=None, period_end=None, period_basis="", quantity=quantity, population="", source="",
                 sentence=sentence, sentence_start=0, sentence_end=len(sentence), origin=origin, table_id=table,
                 row_label=row, col_label=col)


# 001 and 003 both say "5.5% have university degrees or postgraduate studies" and both carry the table whose
# cell "University and postgraduate / Mexican emigrants" says 4.6.
TEXT_001 = _claim("t1", "001", 5.5, "while 5.5% have university degrees or postgraduate studies")
TEXT_003 = _claim("t3", "003", 5.5, "while 5.5% have university degrees or postgraduate studies")
CAPTION = "Population of Mexican origin living in the United States by social characteristics, 2003"
CELL_001 = _claim("c1", "001", 4.6, "University and postgraduate 4.6", "table", "University and postgraduate",
                  "Mexican emigrants", f"{CAPTION}: University and postgraduate, Mexican emigrants", "001-t1")
CELL_003 = _claim("c3", "003", 4.6, "University and postgraduate 4.6", "table", "University and postgraduate",
                  "Mexican emigrants", f"{CAPTION}: University and postgraduate, Mexican emigrants", "003-t1")


def test_copies_are_the_claims_linked_with_one_value() -> None:
    claims = [TEXT_001, TEXT_003, CELL_001, CELL_003]
    sets = copy_sets(claims, [(0, 1), (2, 3), (0, 2)])
    assert sets == {0: (0, 1), 1: (0, 1), 2: (2, 3), 3: (2, 3)}  # 5.5 -> 4.6 is a change, not a copy


def test_a_sentence_that_names_a_cell_names_its_copies() -> None:
    claims = [TEXT_001, TEXT_003, CELL_001, CELL_003]
    sets = copy_sets(claims, [(0, 1), (2, 3)])
    assert spread_named(frozenset({("t1", "c1")}), claims, sets) == {
        ("t1", "c1"), ("t1", "c3"), ("t3", "c1"), ("t3", "c3")}


def test_two_sets_of_copies_are_as_alike_as_their_scored_pairs_on_average() -> None:
    sets = {0: (0, 1), 1: (0, 1), 2: (2, 3), 3: (2, 3)}
    scored = {(0, 1): 1.0, (2, 3): 1.0, (0, 2): 0.5, (1, 2): 0.8}
    out = through_copies(scored, sets, lambda i, j: True)
    assert out[(0, 3)] == out[(1, 3)] == 0.65 and out[(0, 2)] == 0.5  # scored pairs keep their own score
    assert through_copies(scored, sets, lambda i, j: j != 3) == scored | {}  # a hard constraint still holds


def test_a_sentence_naming_a_table_by_its_caption_names_the_cell_of_the_labels_it_holds() -> None:
    # 004: "over eight years, Three-For-One has financed 429 projects with a total investment of close to
    # US$17 million", against the table "Investment in the Three-For-One program, 1993-2000"
    title = "Investment in the Three-For-One program, 1993-2000"
    text = _claim("t", "004", 17e6, "The figures for this program indicate that the collective migrant is no "
                  "longer a marginal figure: over eight years, Three-For-One has financed 429 projects with a "
                  "total investment of close to US$17 million.", quantity="total investment", at=200)
    total = _claim("c", "004", 16823670, "Total 429 16,823,670", "table", "Total", "Investment (in US$)",
                   f"{title}: Total, Investment (in US$)", "004-t2")
    other = _claim("d", "004", 2000000, "Zacatecas 120 2,000,000", "table", "Zacatecas", "Investment (in US$)",
                   f"{title}: Zacatecas, Investment (in US$)", "004-t2")
    assert caption(total) == title
    assert naming([text, total, other]) == {("t", "c")}


def test_two_numbers_of_one_sentence_are_one_quantity_only_as_a_series() -> None:
    # 002: "employment in maquiladoras ... from 648,300 in 1995 to 1.16 million in 2005"
    from dataclasses import replace

    from claimledger.models.grouping import candidate
    sentence = "employment in maquiladoras grew from 648,300 in 1995 to 1.16 million in 2005"
    early = replace(_claim("a", "002", 648300, sentence, quantity="employment in maquiladoras", at=37),
                    unit="person", period_start=1995, period_end=1995, period_basis="sentence")
    late = replace(early, claim_id="b", value=1.16e6, char_start=57, char_end=69, period_start=2005,
                   period_end=2005)
    assert candidate(early, late)
    assert not candidate(early, replace(late, quantity="jobs lost"))  # two things in one sentence
    assert not candidate(early, replace(late, period_start=1995, period_end=1995))


def test_a_figure_carried_with_its_polarity_turned_is_not_linked() -> None:
    # "52.6% were reported as lacking health insurance" is not the 46.4% "with health coverage" of a later version
    from claimledger.models.grouping import _must_links
    lacking = _claim("a", "001", 52.6, "more than half were reported as lacking health insurance (52.6%)", at=60)
    covered = _claim("b", "003", 46.4, "46.4% were reported as having health coverage", at=0)
    assert _must_links([lacking, covered], [("a", "b")]) == {}
    restated = _claim("c", "003", 46.4, "46.4% were reported as lacking health insurance", at=0)
    assert _must_links([lacking, restated], [("a", "c")]) == {"percent": {(0, 1)}}


def test_a_sentence_that_holds_only_the_places_a_caption_or_label_names_names_no_cell() -> None:
    # written for the test: the sentence is about pupils in Belgium and the Netherlands; the table compares
    # the two countries' unemployment
    title = "Contrasts between Belgium and the Netherlands, 2000-2010"
    cell = _claim("c", "x", 7.6, "Unemployment (% of the labour force) 8.1 7.6", "table",
                  "Unemployment (% of the labour force)", "Netherlands / 2010",
                  f"{title}: Unemployment (% of the labour force), Netherlands / 2010", "x-t1")
    text = _claim("t", "x", 7.6, "Pupils who moved between Belgium and the Netherlands make up 7.6% of the "
                  "schools' intake.", quantity="pupils who moved")
    named = _claim("n", "x", 7.6, "Unemployment in the Netherlands reached 7.6% of the labour force in 2010.",
                   quantity="unemployment in the Netherlands")
    assert naming([text, named, cell]) == {("n", "c")}


def test_two_counts_that_share_no_word_but_their_unit_count_different_things() -> None:
    # 001: "Mexicans were the largest immigrant group in thirty U.S. states"; 003: "Since 2004, 31 states
    # participated" (in a programme): two counts of states, nothing else in common
    from dataclasses import replace

    from claimledger.models.grouping import candidate
    largest = replace(_claim("a", "001", 30, "In 2000, Mexicans were the largest immigrant group in thirty U.S. "
                             "states.", quantity="U.S. states where Mexicans were the largest immigrant group",
                             at=60), unit="state")
    joined = replace(_claim("b", "003", 31, "Since 2004, 31 states participated.", quantity="states participated",
                            at=12), unit="state")
    assert not candidate(largest, joined)
    again = replace(joined, sentence="Mexicans were the largest immigrant group in 31 states.",
                    quantity="states where Mexicans were the largest immigrant group", char_start=45, char_end=47)
    assert candidate(largest, again)
