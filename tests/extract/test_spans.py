"""Quantities as written: hedge, number, range or list and unit in one span, as an annotator marks them."""
from __future__ import annotations

import pytest

from claimledger.extract.claims import claims
from claimledger.extract.spans import written_spans
from claimledger.models.records import Document, Page


def spans(text: str, nlp) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    doc = Document("t", "t.txt", text, (Page(1, 0, len(text)),), "")
    return [(s.text, s.unit_written) for s in written_spans(text, list(claims(doc, nlp=nlp)))]


@pytest.mark.parametrize("text, expected", [
    ("The dune crest stood ∼2 m above the plain.", [("∼2 m", "m")]),
    ("Electrons between 20 and 100 keV were counted.", [("between 20 and 100 keV", "keV")]),
    ("The cores were taken from 2605 m to 2634 m below the sea floor.", [("from 2605 m to 2634 m", "m")]),
    ("The bed inventory was 4.5 kg and 6 kg in the two runs.", [("4.5 kg and 6 kg", "kg")]),
    ("Strengths of 38 MPa to 185 MPa were measured.", [("38 MPa to 185 MPa", "MPa")]),
    ("Its age is 93.90 ± 0.15 Ma by the argon method.", [("93.90 ± 0.15 Ma", "Ma")]),
    ("The grains were less than 6 K warmer at night.", [("less than 6 K", "K")]),
])
def test_a_span_holds_the_whole_quantity_as_written(nlp, text: str, expected: list) -> None:  # type: ignore[no-untyped-def]
    assert spans(text, nlp) == expected


def test_quantities_of_different_units_are_not_one_list(nlp) -> None:  # type: ignore[no-untyped-def]
    assert spans("The cell was held at 25 °C and 60% humidity.", nlp) == [("25 °C", "°C"), ("60%", "%")]
