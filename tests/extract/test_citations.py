"""In-text citations of the bundled papers, against the hand-made gold of 000-002 (tests/gold/citations.json)."""
from __future__ import annotations

import pytest

from claimledger.extract.citations import author_names, citation_spans, citations, cited_regions
from claimledger.models.records import Document
from tests.extract.citation_gold import Score, load, match_citations

GOLD_DOCS = ("000", "001", "002")


@pytest.fixture(scope="module")
def found(documents):  # type: ignore[no-untyped-def]
    return {k: list(citations(d)) for k, d in documents.items()}


def test_citation_extraction_precision_and_recall_on_gold(documents, found):  # type: ignore[no-untyped-def]
    pairs = match_citations(load()["citations"], documents, found)
    hits = sum(1 for _, c in pairs if c)
    score = Score(hits, sum(len(found[k]) for k in GOLD_DOCS), len(pairs))
    print(f"\ncitation extraction (000-002): {score}")
    assert score.precision >= 0.9 and score.recall >= 0.9


def test_citation_fields_agree_with_gold(documents, found):  # type: ignore[no-untyped-def]
    pairs = [(g, c) for g, c in match_citations(load()["citations"], documents, found) if c]
    same_locator = sum(g["locator"] == c.locator for g, c in pairs)
    same_count = sum(len(g["authors"]) == len(author_names(c.authors.replace(";", ","))) for g, c in pairs)
    print(f"\nlocator agrees {same_locator}/{len(pairs)}, number of authors agrees {same_count}/{len(pairs)}")
    assert same_locator / len(pairs) >= 0.95 and same_count / len(pairs) >= 0.9


def test_a_parenthesis_naming_two_works_gives_two_citations():
    text = "maquila (Dussel, 2003; Dussel, Galindo, and Loría, 2003)."
    spans = list(citation_spans(text))
    assert [(s.authors, s.year) for s in spans] == [("Dussel", "2003"), ("Dussel, Galindo, and Loría", "2003")]


def test_page_locators_and_suffixes_are_read():
    spans = list(citation_spans('"… within the region" (ECLAC, 1994:8). See (Moctezuma, 2000: 88-93) and '
                                "(Waller Meyers 2000, p. 275); (Conapo, 2004a)"))
    assert [(s.authors, s.year, s.locator) for s in spans] == [
        ("ECLAC", "1994", "8"), ("Moctezuma", "2000", "88-93"), ("Waller Meyers", "2000", "275"),
        ("Conapo", "2004a", "")]


def test_narrative_citation_drops_the_words_that_open_the_sentence():
    text = "According to Dussel (2005), some 70%. As Durand (2005) observes. Source: UN (2004)"
    assert [s.text for s in citation_spans(text)] == ["Dussel (2005)", "Durand (2005)", "UN (2004)"]


def test_lead_ins_and_et_al_are_not_part_of_the_names():
    spans = list(citation_spans("(see, for example, Anderson, 2005) and (ECLAC, 1994; Baumann *et al.*, 2002)"))
    assert [s.authors for s in spans] == ["Anderson", "ECLAC", "Baumann *et al.*"]
    assert author_names(spans[-1].authors) == ["Baumann"]


def test_a_corporate_author_with_its_acronym_in_brackets_is_one_citation():
    """APA's first citation of a corporate author names it whole with its acronym; it was not read at all."""
    text = ("lower (García, 2003; Instituto Nacional de Estadística y Geografía [INEGI], 2005). According to the "
            "Instituto Nacional de Estadística y Geografía [INEGI] (2005), 11%")
    assert [(s.authors, s.year) for s in citation_spans(text)] == [
        ("García", "2003"), ("Instituto Nacional de Estadística y Geografía [INEGI]", "2005"),
        ("Instituto Nacional de Estadística y Geografía [INEGI]", "2005")]


def test_dates_in_parentheses_are_not_citations():
    text = ("the Treaty of Guadalupe-Hidalgo (1848); the Bracero Program (1942–1964); NAFTA (1987 on); "
            "(in 2003, their incomes totaled USD $272bn)")
    assert list(citation_spans(text)) == []


def test_missing_and_between_authors_is_kept_as_written(documents):  # type: ignore[no-untyped-def]
    # 001: "(Delgado Wise and Márquez, 2005, and Delgado Wise Cypher, 2005)"
    texts = [c.text for c in citations(documents["001"])]
    assert "Delgado Wise and Márquez, 2005" in texts and "Delgado Wise Cypher, 2005" in texts


def test_citations_in_footnotes_and_endnotes_are_found(documents, found):  # type: ignore[no-untyped-def]
    # 000 footnote 9: "Paral (2002) provides compelling data"; 001 endnote 4: "(Contreras, 2005)"
    assert any(c.text == "Paral (2002)" for c in found["000"])
    assert any(c.text == "Contreras, 2005" for c in found["001"])


def test_the_reference_list_is_not_read_as_citations(documents, found):  # type: ignore[no-untyped-def]
    # 001's list writes "Conapo (2004b). La nueva era ..." which is an entry, not a citation
    text = documents["001"].text
    listed = text.index("Conapo (2004b). La nueva era")
    assert not any(c.char_start <= listed < c.char_end for c in found["001"])


def test_cited_regions_cover_citation_years():
    text = "it grew by 20% (Conapo, 2004a) and Fox (2005) agrees"
    regions = cited_regions(text)
    for year in ("2004", "2005"):
        at = text.index(year)
        assert any(s <= at < e for s, e in regions)


def _numbered_doc(body: str) -> Document:
    listing = ("\n\nReferences\n\n[1] A. Novak and B. Ortiz. Tidal clocks in estuaries. Marine Letters, 2001.\n"
               "[2] C. Pereira. Salt and silt. Coastal Review, 2003.\n[3] D. Quist. River mouths. 1999.\n"
               "[4] E. Ruiz. Sand bars. 2005.\n[5] F. Sato. Reed beds. 2007.\n")
    return Document(id="n", path="n.txt", text=body + listing, pages=(), sha256="")


def test_numbered_citations_expand_ranges_and_split_lists_and_keep_page_locators():
    doc = _numbered_doc("Tides move silt [1-3]. Reeds follow [2, 5] and bars [4, p. 12].")
    found = [(c.text, c.number, c.locator) for c in citations(doc)]
    assert found == [("[1-3]", "1", ""), ("[1-3]", "2", ""), ("[1-3]", "3", ""), ("[2, 5]", "2", ""),
                     ("[2, 5]", "5", ""), ("[4, p. 12]", "4", "12")]


def test_brackets_of_math_and_equation_numbers_are_not_numbered_citations():
    doc = _numbered_doc("For x in [0, 1] and k in [2, 64], as in (3), the mean rose in 2004 [9].")
    assert list(citations(doc)) == []


def test_a_bracket_number_is_no_citation_where_the_reference_list_is_not_numbered():
    text = ("Tides move silt [1] (Novak, 2001).\n\nReferences\n\nNovak, A. (2001). Tidal clocks. Marine, 4, 1-9.\n"
            "Ortiz, B. (2003). Salt. Coastal Review, 2, 3-4.\nQuist, D. (1999). Mouths. Rivers, 1, 5-6.\n")
    found = list(citations(Document(id="a", path="a.txt", text=text, pages=(), sha256="")))
    assert [(c.authors, c.year, c.number) for c in found] == [("Novak", "2001", "")]


def test_a_sentence_adverb_before_a_narrative_citation_is_not_an_author():
    text = "Finally, Kowalski (2014) agrees. Curiously, Ngata and Reyes (2011) did not. Moreover, Ito (2009) did."
    assert [s.authors for s in citation_spans(text)] == ["Kowalski", "Ngata and Reyes", "Ito"]


def test_one_author_with_several_years_cites_each_year():
    spans = list(citation_spans("as tested before (Okafor et al., 2016, 2018)."))
    assert [(author_names(s.authors), s.year) for s in spans] == [(["Okafor"], "2016"), (["Okafor"], "2018")]
