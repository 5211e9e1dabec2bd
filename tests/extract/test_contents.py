"""A table of contents' page numbers are no claims, and the list is no table (issue 17)."""
from __future__ import annotations

from spacy.language import Language

from claimledger.corpus.readers import read_document
from claimledger.extract.claims import claims
from claimledger.extract.contents import contents_spans
from claimledger.extract.tables import tables
from tests.conftest import outside


def _spanned(text: str) -> list[str]:
    return [text[s:e] for s, e in contents_spans(text)]


def test_dot_leaders_before_a_page_number_mark_an_entry() -> None:
    text = "Contents of the study\nSample Construction . . . . . . 22\nResults ....... 30\nWe found 22 cases.\n"
    assert _spanned(text) == ["Sample Construction . . . . . . 22", "Results ....... 30"]


def test_the_lines_under_a_contents_heading_that_end_in_rising_page_numbers_are_its_entries() -> None:
    text = ("Contents\n\n1. Introduction 2\n\n2. The Buchert scheme 4\n\n6. Conclusions 9\n\nReferences 14\n\n"
            "1. Introduction\n\nAccelerated expansion is supported by 3 surveys.\n")
    assert _spanned(text) == ["1. Introduction 2", "2. The Buchert scheme 4", "6. Conclusions 9", "References 14"]
    # numbers that go down are no page numbers; two lines are no list
    assert _spanned("Contents\nGroup A 12\nGroup B 3\nGroup C 7\n") == []
    assert _spanned("Contents\nPart one 2\nPart two 5\nAnd then 40 people came.\n") == []


def test_the_contents_page_of_a_real_paper_gives_no_claim_and_no_table(nlp: Language) -> None:
    # GROBID's 0807.3577: its page 2 lists "1. Introduction 2" ... "References 14", read before as a table of
    # nine page-number claims
    path = outside("research-pdfs", "grobid-0807.3577.pdf")
    doc = read_document(path)
    start, end = contents_spans(doc.text)[0][0], contents_spans(doc.text)[-1][1]
    assert doc.text[start:end].startswith("1. Introduction 2") and doc.text[start:end].endswith("References 14")
    assert not [t for t in tables(doc) if t.char_start < end and start < t.char_end]
    assert not [c for c in claims(doc, nlp=nlp) if start <= c.char_start < end]
    assert [c for c in claims(doc, nlp=nlp) if c.value == 0.27]  # the paper's own figures are still read
