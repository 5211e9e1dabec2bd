"""The measured entity of a quantity in science prose: the thing whose property the number gives."""
from __future__ import annotations

import pytest

from claimledger.extract.claims import claims
from claimledger.extract.spans import written_spans
from claimledger.models.entities import measured_entities, measured_entity
from claimledger.models.records import Document, Page


@pytest.mark.parametrize("text, quantity, entity", [
    ("The mass of the sample was 5 g.", "5 g", "sample"),
    ("The cohort consisted of 10,308 employees.", "10,308 employees", "cohort"),
    ("Serum for lipid analyses was stored at −70 °C.", "−70 °C", "Serum for lipid analyses"),
])
def test_the_entity_is_the_thing_measured_not_the_property(nlp, text: str, quantity: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    at = text.index(quantity)
    assert measured_entity(nlp(text), at, at + len(quantity)) == entity


def test_every_written_span_gets_an_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The dune crest stood ∼2 m above the plain."
    doc = Document("t", "t.txt", text, (Page(1, 0, len(text)),), "")
    spans = list(written_spans(text, list(claims(doc, nlp=nlp))))
    assert list(measured_entities(text, spans, nlp=nlp)) == ["dune crest"]  # the determiner left out
