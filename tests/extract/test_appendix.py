"""An appendix after the reference list is read, with its tables; the reference list ends at its heading
(issue 17: research papers put robustness tables and proofs there)."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from claimledger.corpus.readers import read_document
from claimledger.extract.claims import appendix_spans, claims
from claimledger.extract.references import reference_section, references
from claimledger.extract.tables import tables

PAPER = """Remittances and schooling

Households that receive remittances keep their children in school longer: 62% of them do.

References

Hanson, G. (2007). Emigration, remittances and labor force participation in Mexico. Integration and Trade 27.

Woodruff, C. and R. Zenteno (2007). Migration networks and microenterprises in Mexico. Journal of Development
Economics 82.

Appendix A. Sample construction

The survey interviewed 4,512 households in 2002, of which 1,209 received remittances.

Table A1. Enrolment by remittance status
Status Boys Girls
Receiving 71.2 74.5
Not receiving 64.0 66.3
"""


def test_an_appendix_after_the_references_gives_its_claims_and_its_table(tmp_path: Path, nlp: Language) -> None:
    path = tmp_path / "appendix.txt"
    path.write_text(PAPER, encoding="utf-8")
    doc = read_document(path)
    [(start, end)] = appendix_spans(doc.text)
    assert doc.text[start:].startswith("Appendix A. Sample construction")
    found = {c.value for c in claims(doc, nlp=nlp)}
    assert {62, 4512, 1209} <= found
    [table] = [t for t in tables(doc) if t.char_start >= start]
    assert table.title.startswith("Table A1") and {c.value for c in table.cells} >= {71.2, 74.5, 64.0, 66.3}
    # the reference list ends where the appendix begins: its entries do not run into it
    assert reference_section(doc.text)[1] == start
    refs = list(references(doc))
    assert [r.raw[:6] for r in refs] == ["Hanson", "Woodru"] and all(r.char_end <= start for r in refs)


def test_a_sentence_that_names_an_appendix_is_no_heading(tmp_path: Path) -> None:
    path = tmp_path / "named.txt"
    path.write_text(PAPER.replace("Appendix A. Sample construction", "Appendix A shows the sample."),
                    encoding="utf-8")
    assert appendix_spans(read_document(path).text) == []
