"""The PDF reader, specified on PDFs of the bundled papers made at test time (tests/pdfmaker.py).

A PDF of a paper must read as its text does: the same claims, whole sentences in one, two or three
columns, no running heads or page numbers, no words broken at a line end, each claim on its page.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pytest
from spacy.language import Language

from claimledger.corpus.catalog import bundled_papers
from claimledger.corpus.normalise import is_table_line
from claimledger.corpus.pdf import drop_furniture
from claimledger.corpus.readers import read_document
from claimledger.extract.claims import body_end, claims
from claimledger.models.records import Claim, Document
from tests.pdfmaker import make_pdf, running_head

PAPERS = {p.name[:3]: p for p in bundled_papers()}
LAYOUTS = [pytest.param(key, columns, id=f"{key}-{columns}col") for columns in (1, 2) for key in PAPERS]
SLOW = pytest.mark.slow  # these share one fixture that makes, reads and extracts ten PDFs (~40 s)
EXTERNAL = Path(__file__).resolve().parents[2].parent / "shared" / "external"


class Made(NamedTuple):
    """A PDF made from a paper, the document read from it, and that document's claims."""

    pdf: Path
    doc: Document
    claims: list[Claim]


Maker = Callable[[str, int], Made]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Maker:
    """Every paper made into a PDF in one and in two columns, read (in parallel: each PDF is parsed in
    its own process) and extracted, once per module."""
    folder = tmp_path_factory.mktemp("pdfs")
    pdfs = {(key, columns): make_pdf(path, folder / f"{key}-{columns}col.pdf", columns=columns)
            for columns in (1, 2) for key, path in PAPERS.items()}
    with ThreadPoolExecutor() as pool:
        docs = dict(zip(pdfs, pool.map(read_document, pdfs.values())))
    found = {layout: Made(pdfs[layout], doc, list(claims(doc, nlp=nlp))) for layout, doc in docs.items()}
    return lambda key, columns: found[key, columns]


def flat(text: str) -> str:
    """Text with runs of whitespace as one space, and none around a dash (the normaliser glues a dash
    that ends a line to the next word)."""
    return re.sub(r"\s*([—–])\s*", r"\1", " ".join(text.split()))


@SLOW
@pytest.mark.parametrize("key, columns", LAYOUTS)
def test_a_pdf_of_a_paper_yields_the_claims_of_its_text(key: str, columns: int, made: Maker,
                                                        corpus_claims: dict[str, list[Claim]]) -> None:
    expected = Counter((c.value, c.unit) for c in corpus_claims[key])
    found = Counter((c.value, c.unit) for c in made(key, columns).claims)
    ratio = sum((expected & found).values()) / sum(expected.values())
    print(f"{key} in {columns} column(s): {sum((expected & found).values())}/{sum(expected.values())} = {ratio:.3f}")
    assert ratio >= 0.95, (f"{key} in {columns} column(s): the PDF yields {ratio:.3f} of the text's "
                           f"{sum(expected.values())} claims; missing {dict(expected - found)}")


@SLOW
@pytest.mark.parametrize("key, columns", LAYOUTS)
def test_sentences_read_whole_across_lines_columns_and_pages(key: str, columns: int, made: Maker,
                                                             documents: dict[str, Document]) -> None:
    text = documents[key].text
    prose = [p for p in text[:body_end(text)].split("\n\n")
             if not any(is_table_line(line) for line in p.split("\n"))]
    sentences = [s for p in prose for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", flat(p)) if len(s) > 60]
    pdf_text = flat(made(key, columns).doc.text)
    broken = [s for s in sentences if s not in pdf_text]
    assert len(broken) <= 0.05 * len(sentences), f"{len(broken)}/{len(sentences)} not whole: {broken[:3]}"


@SLOW
@pytest.mark.parametrize("columns", [1, 2])
def test_running_heads_and_page_numbers_are_dropped(columns: int, made: Maker,
                                                    documents: dict[str, Document]) -> None:
    # 003 has its title, "THE MEXICO–UNITED STATES MIGRATORY SYSTEM:", as the running head of every page
    pdf, doc, _ = made("003", columns)
    head = running_head(documents["003"].text)
    with pdfplumber.open(pdf) as raw:
        assert all((page.extract_text() or "").startswith(head) for page in raw.pages[:3])
        folios = {str(n) for n in range(1, len(raw.pages) + 1)}
    assert flat(doc.text).count(head) == flat(documents["003"].text).count(head) == 1  # the title
    assert not folios & {line.strip() for line in doc.text.split("\n")}


@SLOW
def test_a_last_page_with_a_few_lines_in_its_right_column_reads_column_by_column(made: Maker) -> None:
    # 001 in two columns ends on a page whose left column is full and whose right column holds the last
    # five lines of endnote 4: too few to show the gutter by themselves, so the page takes the columns
    # of the page before it, and the endnote reads on from the foot of the left column.
    text = flat(made("001", 2).doc.text)
    assert ("the Spanish-language media have played a key role in activating these collective synergies: "
            "there are 300 Latino radio stations") in text
    assert "Ethnic and Racial Studies 28." in text


@SLOW
@pytest.mark.parametrize("key, columns", LAYOUTS)
def test_words_hyphenated_at_line_ends_are_mended(key: str, columns: int, made: Maker,
                                                  documents: dict[str, Document]) -> None:
    pdf, doc, _ = made(key, columns)
    with pdfplumber.open(pdf) as raw:
        assert any(re.search(r"[a-z]{4}-\n[a-z]", page.extract_text() or "") for page in raw.pages), \
            "the PDF hyphenates long words"
    text = documents[key].text
    vocabulary = set(re.findall(r"\w+", text[:body_end(text)]))
    broken = [w for w in re.findall(r"\w+", doc.text[:body_end(doc.text)]) if w not in vocabulary]
    assert not broken


@SLOW
@pytest.mark.parametrize("key, columns", [("003", 1), ("004", 2)])
def test_each_claim_is_on_the_page_it_is_printed_on(key: str, columns: int, made: Maker) -> None:
    pdf, _, found = made(key, columns)
    with pdfplumber.open(pdf) as raw:
        printed = [" ".join(w["text"] for w in page.extract_words()) for page in raw.pages]
    elsewhere = [(c.text, c.page) for c in found
                 if not all(token in printed[c.page - 1] for token in c.text.split())]
    # a footnote is moved after the sentence it interrupts, which may end on the next page
    assert len(elsewhere) <= 0.02 * len(found), elsewhere


def test_page_furniture_is_a_folio_or_a_line_repeated_at_the_same_end_of_pages() -> None:
    pages = [["Migración y Desarrollo 56", "Table 1. Remittances", "body of page one", "", "- 1 -"],
             ["Migración y Desarrollo 57", "body of page two", "2"],
             ["Migración y Desarrollo 58", "Table 2. Exports", "body of page three", "Page 3 of 3"]]
    assert drop_furniture(pages) == [["Table 1. Remittances", "body of page one"],
                                     ["body of page two"],
                                     ["Table 2. Exports", "body of page three"]]


def test_the_three_columns_of_the_federal_register_read_column_by_column() -> None:
    path = EXTERNAL / "pdfplumber-pdfs" / "federal-register-2020-17221.pdf"
    if not path.exists():
        pytest.skip(f"outside test data not found at {path.parent}")
    text = flat(read_document(path).text)
    assert ("The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51, which applies to all "
            "The Boeing Company Model 737–8 and 737–9 (737 MAX) airplanes.") in text
