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
    ("The cells were diagnosed before 6 months of age.", [("before 6 months", "months")]),
    ("The devices gave Jsc∼2–3 mA/cm2 in earlier reports.", [("∼2–3 mA/cm2", "mA/cm2")]),
    ("The section analysed is from 2605 m to 2634 m (core depth).", [("from 2605 m to 2634 m", "m")]),
    ("The test specimens were 60 × 10 × 3 mm3 in size.", [("60 × 10 × 3 mm3", "mm3")]),
    ("A total score of 5 or more defined a case.", [("5 or more", "")]),
    ("Background values were ∼−25.9 to −26.5‰ before the event.", [("∼−25.9 to −26.5‰", "‰")]),
    ("Their experiment lasted for 84 days in the dark.", [("84 days", "days")]),
])
def test_a_span_holds_the_whole_quantity_as_written(nlp, text: str, expected: list) -> None:  # type: ignore[no-untyped-def]
    assert spans(text, nlp) == expected


def test_quantities_of_different_units_are_not_one_list(nlp) -> None:  # type: ignore[no-untyped-def]
    assert spans("The cell was held at 25 °C and 60% humidity.", nlp) == [("25 °C", "°C"), ("60%", "%")]


def test_a_number_cut_from_its_label_by_the_sentence_splitter_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The runs are in Steenhauer et al. (2011a). Fig. 5 illustrates the set-up, which held 30 kg of sand."
    assert spans(text, nlp) == [("30 kg", "kg")]


def test_shares_that_each_write_their_sign_are_separate(nlp) -> None:  # type: ignore[no-untyped-def]
    assert spans("Recovery was 35% and 22% in the two groups.", nlp) == [("35%", "%"), ("22%", "%")]


def test_settings_with_the_unit_written_once_are_one_list(nlp) -> None:  # type: ignore[no-untyped-def]
    assert spans("Plants were grown at 0, 1000 and 2000 ppm of salt.", nlp) == [("0, 1000 and 2000 ppm", "ppm")]


def test_a_panel_label_cut_from_its_figure_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Voxels were averaged. Fig. 1H shows the time course of 20 s of scanning."
    assert [t for t, _ in spans(text, nlp)] == ["20 s"]
