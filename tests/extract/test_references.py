"""Reference lists of the five papers, against the hand-made gold (tests/gold/citations.json)."""
from __future__ import annotations

import pytest

from claimledger.extract.references import parse_authors, reference_section, references
from tests.extract.citation_gold import Score, author_key, load, match_references


@pytest.fixture(scope="module")
def found(documents):  # type: ignore[no-untyped-def]
    return {k: list(references(d)) for k, d in documents.items()}


def test_reference_parsing_precision_and_recall_on_gold(found):  # type: ignore[no-untyped-def]
    gold = load()["references"]
    matched = match_references(gold, found)
    right = [g for g in gold if (r := matched[g["key"]]) is not None
             and author_key(g["authors"]) == author_key(r.authors) and g["year"] + g["suffix"] == r.year + r.suffix]
    score = Score(len(right), sum(len(v) for v in found.values()), len(gold))
    print(f"\nreference parsing, authors+year (all five papers): {score}")
    wrong = sorted(g["key"] for g in gold if g not in right)
    print("not right:", wrong)
    assert score.precision >= 0.9 and score.recall >= 0.9


def test_titles_agree_with_gold(found):  # type: ignore[no-untyped-def]
    gold = load()["references"]
    matched = match_references(gold, found)
    pairs = [(g, r) for g in gold if (r := matched[g["key"]]) is not None and g["title"]]
    same = sum(g["title"].strip(" .").lower()[:25] == r.title.strip(" .").lower()[:25] for g, r in pairs)
    print(f"\ntitle (first 25 characters) agrees {same}/{len(pairs)}")
    assert same / len(pairs) >= 0.8


def test_003_has_no_reference_list(documents, found):  # type: ignore[no-untyped-def]
    start, end = reference_section(documents["003"].text)
    assert start == end and found["003"] == []


def test_001_endnotes_follow_the_list_and_are_not_entries(documents, found):  # type: ignore[no-untyped-def]
    start, end = reference_section(documents["001"].text)
    assert documents["001"].text[end:].lstrip().startswith("Endnotes")
    assert found["001"][-1].authors == "Wihtol de Wenden, C."


def test_run_together_apa_entries_are_split(found):  # type: ignore[no-untyped-def]
    # 001: "... Migration Policy Institute. Amsden, A.H. (1989). Asia's Next Giant ..." in one paragraph
    amsden = next(r for r in found["001"] if r.authors.startswith("Amsden"))
    assert (amsden.year, amsden.title) == ("1989", "Asia’s Next Giant: South Korea and Late Industrialization")


def test_repeated_author_dash_and_year_only_entries_inherit_authors(found):  # type: ignore[no-untyped-def]
    by_key = {r.reference_id.split(":")[1]: r for r in found["002"]}
    # "———, L. Galindo, and E. Loría / 2003 Condiciones y Efectos ..." after Dussel's entries
    assert by_key["Dussel2003_Galindo"].authors == "Dussel, E.; Galindo, L.; Loría, E."
    # "- 2005 World Development Indicators Database" after "World Bank / 2006 ..."
    assert by_key["WorldBank2005"].authors == "World Bank"
    # "- , and H. Márquez 2005 ..." after "Delgado-Wise, R., and J. Cypher 2005"
    assert by_key["DelgadoWise2005_Marquez"].authors == "Delgado-Wise, R.; Márquez, H."


def test_year_last_entries_of_004(found):  # type: ignore[no-untyped-def]
    torres = [r for r in found["004"] if r.authors == "Torres, F."]
    assert [r.year for r in torres] == ["1998", "2000"]  # the second is written "- , "Uso productivo ...", 2000."


def test_journal_fields_are_read(found):  # type: ignore[no-untyped-def]
    # 000: "Baker, G. / 1995 "Sector externo y recuperación económica en México". Comercio exterior, 45(5):398-408."
    baker = next(r for r in found["000"] if r.authors == "Baker, G.")
    assert (baker.container, baker.volume, baker.issue, baker.pages) == ("Comercio exterior", "45", "5", "398-408")


def test_parse_authors_reads_the_corpus_forms():
    assert parse_authors("Alba, F. and P. Leite") == ("Alba, F.", "Leite, P.")
    assert parse_authors("Massey, D., Durand, J. y Malone, N.") == ("Massey, D.", "Durand, J.", "Malone, N.")
    assert parse_authors("García y Griego, M.") == ("García y Griego, M.",)
    assert parse_authors("Cimoli, M. y J. Katz") == ("Cimoli, M.", "Katz, J.")
    assert parse_authors("Banco de México") == ("Banco de México",)
    assert parse_authors("Zúñiga, V., and R. Hernández-León, ed.") == ("Zúñiga, V.", "Hernández-León, R.")
