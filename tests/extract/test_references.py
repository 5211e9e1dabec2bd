"""Reference lists of the five papers, against the hand-made gold (tests/gold/citations.json)."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.corpus.readers import read_document
from claimledger.extract.citations import citations
from claimledger.extract.references import chicago_authors, parse_authors, reference_section, references
from claimledger.models.linking import link
from claimledger.models.records import Citation, Reference
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


# A user's own papers, invented for these tests: the same text with an APA (7th ed.) list and a Chicago
# author-date list, corporate authors among them.
APA_PAPER = """
# Remittances and schooling in Oaxaca

Remittances to Oaxaca reached USD $1.2 bn in 2004 (Smith & Jones, 2019). World Bank (2020) puts the
share of households that receive them at 11%. Earlier estimates were lower (García, 2003; INEGI,
2005), and Lee et al. (2018a) found that 385,000 children attend
school thanks to them; see also Lee et al. (2018b).

## References

Banco de México. (2006). *Informe anual 2005*. Banxico.

García, M. (2003). Migración y escuela en Oaxaca. *Revista Mexicana de Sociología*, 65(2), 233–258.
https://doi.org/10.2307/3541234

Instituto Nacional de Estadística y Geografía [INEGI]. (2005). *II Conteo de Población y Vivienda 2005*
(Informe técnico). INEGI.

Lee, K., Park, S., & Ortiz, R. (2018a). Remittances and school enrolment. *Journal of Development Economics*, 134, 1–15.

Lee, K., Park, S., & Ortiz, R. (2018b). Remittances and child labour. In A. Ruiz & B. Stone (Eds.),
*Migration and families* (pp. 45–67). Springer.

OECD. (n.d.). *Mexico country note*. Retrieved March 3, 2021, from https://www.oecd.org/mexico

Smith, J. A., & Jones, K. (2019). *Remittances in Mexico: A history*. Oxford University Press.

World Bank. (2020). *Migration and remittances factbook 2020* (Working Paper No. 12). World Bank Group.
"""

CHICAGO_PAPER = """
# Remittances and schooling in Oaxaca

Remittances to Oaxaca reached USD $1.2 bn in 2004 (Smith and Jones 2019, 45). World Bank (2020) puts the
share of households that receive them at 11%. Earlier estimates were lower (García 2003; Banco de México
2006), and Lee, Park, and Ortiz (2018) found that 385,000 children attend school thanks to them.

## References

Banco de México. 2006. *Informe anual 2005*. Mexico City: Banxico.

García, María. 2003. "Migración y escuela en Oaxaca." *Revista Mexicana de Sociología* 65 (2): 233–58.

Lee, Kevin, Soo Park, and Rosa Ortiz. 2018. "Remittances and School Enrolment." In *Migration and Families*,
edited by Ana Ruiz and Ben Stone, 45–67. New York: Springer.

Smith, John A., and Karen Jones. 2019. *Remittances in Mexico: A History*. Oxford: Oxford University Press.

World Bank. 2020. *Migration and Remittances Factbook 2020*. Working Paper 12. Washington, DC: World Bank Group.
"""


def _own(tmp_path: Path, name: str, text: str) -> tuple[list[Reference], list[Citation]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    cites, refs = link(citations(doc), references(doc))
    return refs, cites


def test_apa_reference_list_of_a_users_document_resolves_every_citation(tmp_path: Path) -> None:
    refs, cites = _own(tmp_path, "apa.md", APA_PAPER)
    by_key = {r.reference_id.split(":")[1]: r for r in refs}
    assert len(refs) == 8 and len(cites) == 6
    assert [c.text for c in cites if not c.reference_id] == []
    assert by_key["Smith2019"].authors == "Smith, J. A.; Jones, K."
    assert by_key["Smith2019"].title == "Remittances in Mexico: A history"
    assert by_key["WorldBank2020"].authors == "World Bank"  # "World Bank. (2020)": the full stop is no part of it
    assert by_key["BancodeMexico2006"].authors == "Banco de México"
    assert (by_key["Lee2018a"].year, by_key["Lee2018a"].suffix, by_key["Lee2018b"].suffix) == ("2018", "a", "b")
    assert (by_key["Lee2018a"].container, by_key["Lee2018a"].volume, by_key["Lee2018a"].pages) == (
        "Journal of Development Economics", "134", "1–15")
    garcia = by_key["Garcia2003"]
    assert (garcia.volume, garcia.issue, garcia.pages, garcia.url) == ("65", "2", "233–258", "https://doi.org/10.2307/3541234")
    assert by_key["OECD"].year == "" and by_key["OECD"].title == "Mexico country note"  # "(n.d.)" ends no entry
    inegi = next(c for c in cites if c.text == "INEGI, 2005")
    assert inegi.reference_id.endswith(":InstitutoNacionaldeEstadisticayGeografiaINEGI2005")


def test_apa_first_citation_of_a_corporate_author_with_its_acronym_resolves(tmp_path: Path) -> None:
    """"(Instituto Nacional de Estadística y Geografía [INEGI], 2005)", APA's form for a first citation, and the
    short "INEGI (2005)" after it both resolve to the INEGI entry."""
    paper = APA_PAPER.replace("(García, 2003; INEGI,\n2005)", "(García, 2003; Instituto Nacional de Estadística y\n"
                              "Geografía [INEGI], 2005)").replace("(2018b).", "(2018b). INEGI (2005) counts them too.")
    _, cites = _own(tmp_path, "apa.md", paper)
    inegi = [c for c in cites if "INEGI" in c.text]
    assert [c.text for c in inegi] == ["Instituto Nacional de Estadística y Geografía [INEGI], 2005", "INEGI (2005)"]
    assert {c.reference_id.split(":")[1] for c in inegi} == {"InstitutoNacionaldeEstadisticayGeografiaINEGI2005"}


def test_chicago_reference_list_of_a_users_document_resolves_every_citation(tmp_path: Path) -> None:
    refs, cites = _own(tmp_path, "chicago.md", CHICAGO_PAPER)
    by_key = {r.reference_id.split(":")[1]: r for r in refs}
    assert sorted(by_key) == ["BancodeMexico2006", "Garcia2003", "Lee2018", "Smith2019", "WorldBank2020"]
    assert [c.text for c in cites if not c.reference_id] == [] and len(cites) == 5
    assert by_key["Smith2019"].authors == "Smith, J. A.; Jones, K."
    assert by_key["Lee2018"].authors == "Lee, K.; Park, S.; Ortiz, R."
    assert by_key["BancodeMexico2006"].authors == "Banco de México"
    assert (by_key["Smith2019"].title, by_key["Smith2019"].place, by_key["Smith2019"].publisher) == (
        "Remittances in Mexico: A History", "Oxford", "Oxford University Press")
    assert (by_key["Garcia2003"].container, by_key["Garcia2003"].volume, by_key["Garcia2003"].pages) == (
        "Revista Mexicana de Sociología", "65", "233–58")


def test_chicago_authors_invert_the_first_name_only():
    assert chicago_authors("Smith, John A., and Karen Jones") == ("Smith, J. A.", "Jones, K.")
    assert chicago_authors("Lee, Kevin, Soo Park, and Rosa Ortiz") == ("Lee, K.", "Park, S.", "Ortiz, R.")
    assert chicago_authors("Cruz, Ana, and Juan de la Peña") == ("Cruz, A.", "de la Peña, J.")
    assert chicago_authors("World Bank") == ("World Bank",)


def _refs(text: str) -> list[Reference]:
    from claimledger.models.records import Document
    return list(references(Document(id="t", path="t.txt", text=text, pages=(), sha256="")))


def test_a_bracketed_numbered_list_gives_each_entry_its_number_first_author_year_and_title():
    refs = _refs("Body.\n\n7 References\n\n[1] Marta K. Lindqvist and Omar Haddad. Frost on glass. Optics Notes, "
                 "3(1):2-8, 2011.\n[2] Zhou, P., Ibe, K.: Wind over dunes. In: Proc. Sand 2015, pp. 1-4 (2015)\n"
                 "[3] Okonkwo T, Berg L: Salt marsh birds. J Ornith 2009, 12:33-9.\n")
    assert [(r.number, r.authors.split(";")[0], r.year) for r in refs] == [
        ("1", "Lindqvist, Marta K.", "2011"), ("2", "Zhou, P.", "2015"), ("3", "Okonkwo, T", "2009")]
    assert refs[0].title == "Frost on glass"


def test_a_dotted_numbered_list_in_author_year_style_keeps_names_years_and_suffixes():
    refs = _refs("REFERENCES\n1. Aaltonen, V. and Brill, E. 2004a. Rivers of ink. Press.\n"
                 "2. Aaltonen, V. 2004b. More ink. Press.\n3. Jana Novotna, Ivo Maly. 2012. Paper boats. Docks.\n")
    assert [(r.number, r.authors, r.year + r.suffix) for r in refs] == [
        ("1", "Aaltonen, V.; Brill, E.", "2004a"), ("2", "Aaltonen, V.", "2004b"),
        ("3", "Novotna, Jana; Maly, Ivo", "2012")]


def test_two_columns_interleaving_numbered_entries_still_give_every_number():
    refs = _refs("References\n1. Abe K: One. J 2001, 1:1-2.\n2. Bo L: Two. J 2002, 2:3-4.\n"
                 "3. Cy M: Three, and 5. Ek P: Five. J 2005,\n4. Di N: Four. J 2004, 4:5-6.\n")
    assert sorted(int(r.number) for r in refs) == [1, 2, 3, 4, 5]


def test_a_heading_run_into_the_last_line_before_the_list_is_found():
    text = ("We thank the reviewers for comments. References\n\nA. Moreau. 2005. Glass rivers. Ph.D. thesis.\n\n"
            "B.Kato, C.Lund, andD.Ruiz. 2007. Ice roads. In Proc. Ice.\n\n"
            "E. Tamm and F. Ueda. 2001. Deep snow. In Snow.\n")
    refs = _refs(text)
    assert [(r.authors.split(";")[0], r.year) for r in refs] == [("Moreau, A.", "2005"), ("Kato, B.", "2007"),
                                                                  ("Tamm, E.", "2001")]


def test_a_numbered_list_of_findings_without_years_is_not_a_reference_list():
    text = "Findings\n\n[1] Most farms are small.\n[2] Few have water.\n[3] Roads are poor.\n[4] Prices rose.\n[5] End."
    assert _refs(text) == []
