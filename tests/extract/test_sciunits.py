"""Units of science text: symbols with prefixes and exponents, read as one unit and named by pint."""
from __future__ import annotations

import pytest

from claimledger.extract.canonical import canonical
from claimledger.extract.quantities import quantities


def read(text: str) -> list[tuple[str, float, str, str]]:
    return [(q.text, q.value, q.unit, q.unit_written) for q in quantities(text)]


@pytest.mark.parametrize("text, expected", [
    ("The ambient field reached 80 mV m−1 over the ridge.", [("80 mV m−1", 80, "millivolt / meter", "mV m−1")]),
    ("Ions left the cloud at 11 km s−1 on average.", [("11 km s−1", 11, "kilometer / second", "km s−1")]),
    ("The anode gave 12 mA g− 1 at the slowest rate.", [("12 mA g− 1", 12, "milliampere / gram", "mA g− 1")]),
    ("Yields rose to 3.2 Mg ha−1 year−1 after liming.",
     [("3.2 Mg ha−1 year−1", 3.2, "megagram / hectare / year", "Mg ha−1 year−1")]),
])
def test_a_unit_exponent_belongs_to_the_unit_and_is_no_number(text: str, expected: list) -> None:
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The electron energy flux for case EF (~7.85mWm−2) is smaller.",
     [("7.85mWm−2", 7.85, "milliwatt / meter ** 2", "mWm−2")]),
    ("The mass loss rate in our models is 107kgs-1 and thus O is dragged along.",
     [("107kgs-1", 107, "kilogram / second", "kgs-1")]),
])
def test_a_term_that_writes_its_exponent_may_be_glued_to_the_term_before(text: str, expected: list) -> None:
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The deposition rate was 0.5 Å/s throughout.", ("0.5 Å/s", "angstrom / second")),
    ("The flux is that at 0.047 AU from the star.", ("0.047 AU", "astronomical_unit")),
    ("The cells were incubated with IFN-γ for 48 hr before staining.", ("48 hr", "hour")),
    ("The evaporation was conducted in high vacuum ∼1×10−5 Torr throughout.", ("1×10−5 Torr", "torr")),
    ("The medium held penicillin (100 U/ml) and glutamine.", ("100 U/ml", "enzyme_unit / milliliter")),
    ("The distribution of CO2 after 5 Mt of injected CO2 is shown.", ("5 Mt", "megametric_ton")),
    ("The H/H+ transition moves up to 3.4Rp, in agreement with the C2 model.", ("3.4Rp", "planetary radius")),
    ("We would expect a fairly bright auroral oval of ~88kR for case ES.", ("88kR", "kilorayleigh")),
])
def test_science_units_of_astronomy_vacuum_and_cell_culture(text: str, expected: tuple) -> None:
    assert [(q.text, q.unit) for q in quantities(text)][:1] == [expected]


def test_a_test_statistic_is_a_quantity_and_its_degrees_of_freedom_are_not() -> None:
    # MeasEval marks the value of a statistic ("= 4.1", "= 1.16") as a quantity; "(3, 8.9)" only names the test
    assert [q.text for q in quantities("The regeneration densities differed (F(3, 8.9) = 4.1).")] == ["4.1"]


def test_a_decimal_before_a_closing_bracket_is_no_enumerator() -> None:
    assert [q.text for q in quantities("[CI] 1.66–4.88) for the stroke risk score.")] == ["1.66–4.88"]


def test_a_power_of_ten_that_lost_its_superscript_keeps_its_minus_sign() -> None:
    assert read("The chamber was pumped down to 10−5 mbar before the run.") == [
        ("10−5 mbar", 1e-5, "millibar", "mbar")]


@pytest.mark.parametrize("text, expected", [
    ("The cap dates from about 56 Ma in this core.", ("56 Ma", 56, "megayear")),
    ("A drop of 0.5‰ marks the excursion.", ("0.5‰", 0.5, "permille")),
    ("Dissolved sulfate stood at 1.3 wt.% in the soil.", ("1.3 wt.%", 1.3, "weight percent")),
    ("The sample was cooled to 50 K overnight.", ("50 K", 50, "kelvin")),
])
def test_science_symbols_the_word_list_lacks_are_units(text: str, expected: tuple) -> None:
    assert read(text)[0][:3] == expected


@pytest.mark.parametrize("text, value, unit", [
    ("The bonus was $50 K last year.", 50_000, "USD"),
    ("She asked for 50 K dollars in damages.", 50_000, "USD"),
])
def test_k_before_money_is_a_thousand(text: str, value: float, unit: str) -> None:
    (q,) = quantities(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", ["in the 1990s the firm grew", "the new 5G networks", "the pH 7 buffer held"])
def test_letters_glued_to_digits_are_not_science_units(text: str) -> None:
    assert all(not q.unit_written or q.unit_written not in {"s", "G"} for q in quantities(text))


@pytest.mark.parametrize("unit, currency, written, expected", [
    ("kilometer per hour", "", "km/h", ("kilometer / hour", "[length] / [time]")),
    ("mile", "", "miles", ("mile", "[length]")),
    ("degree celsius", "", "°C", ("degree_Celsius", "[temperature]")),
    ("newton meter", "", "Nm", ("meter * newton", "[mass] * [length] ** 2 / [time] ** 2")),
    ("USD", "USD", "", ("USD", "currency")),
    ("cent", "USD", "cents", ("0.01 USD", "currency")),
    ("percent", "", "%", ("percent", "dimensionless")),
    ("person", "", "", ("person", "count")),
    ("stone", "", "", ("stone", "count")),  # a counted noun is no unit, whatever pint calls a stone
])
def test_canonical_units_and_dimensions(unit: str, currency: str, written: str, expected: tuple) -> None:
    assert canonical(unit, currency, written) == expected


@pytest.mark.parametrize("text", [
    "Organic δ13C shifts mark the onset.",
    "The data suggest Ca(ClO4)2 dominates, with (NH4)2SO4 in places.",
    "Uptake of [11C]PK11195 rose in the lesion.",
    "The 14C ages agree with the varves.",
    "Core 22/10a-4 lies in the central basin.",
    "Clone hSOX2-23 kept its karyotype.",
    "A layer of poly(3-hexylthiophene-2,5-diyl) was spun on, then poly(3,4-ethylenedioxythiophene).",
    "The susceptibility was read in emu mol−1 and the stocks in Mg C ha−1.",
    "The width of the 001 basal illite peak and the codes 040301–040304 were read.",
    "Depression was not associated with vascular risk (43). Others found it was (11), as Eqs. (18) show.",
])
def test_digits_inside_names_formulas_and_isotopes_are_not_quantities(text: str) -> None:
    assert list(quantities(text)) == []


@pytest.mark.parametrize("text", [
    "The clusters are plotted in Figs. 4 and 5.",
    "Blood was drawn at phases 3, 5, 7, and 9 of the study.",
    "No graft survived (Figures 3I and 3J).",
    "Columns 2 and 3 give the sizes.",
    "The rule sits in lines 2–12 of the listing.",
])
def test_every_number_of_a_labelled_list_is_a_label(text: str) -> None:
    assert list(quantities(text)) == []


def test_a_count_after_a_labelled_list_is_still_a_count() -> None:
    assert [q.value for q in quantities("See lines 2–12, and 10 samples of 5 kg each.")] == [10, 5]


def test_a_glued_temperature_of_the_press_is_still_celsius() -> None:
    (q, f) = quantities("It was 47.3C (117F) in Delhi.")
    assert (q.unit, f.unit) == ("degree celsius", "degree fahrenheit")


@pytest.mark.parametrize("text, expected", [
    ("At 2609–2613 m the claystone turns grey.", ("2609–2613 m", "meter")),
    ("Cells were counted after 48 h incubation.", ("48 h", "hour")),
    ("A mass loss rate of 6 × 106 kg s−1 is needed.", ("6 × 106 kg s−1", "kilogram / second")),
])
def test_spaced_letters_and_flattened_powers_of_ten_in_science_text(text: str, expected: tuple) -> None:
    (q,) = quantities(text)
    assert (q.text, q.unit) == expected


def test_a_spaced_m_before_a_plural_is_still_a_scale() -> None:
    (q,) = quantities("Exports reached 1.2 m tons last year.")
    assert (q.value, q.unit) == (1_200_000, "ton")


@pytest.mark.parametrize("text", [
    "Depression was linked to it before (4,35–38,44).",
    "Borehole A (57°44’8.47”N; 1°50’26.59”E) provides a record.",
])
def test_numbered_citations_and_coordinates_are_not_quantities(text: str) -> None:
    assert list(quantities(text)) == []


def test_a_bracketed_thousands_figure_is_not_a_citation() -> None:
    assert [q.value for q in quantities("a crowd (80,000) gathered")] == [80_000]


@pytest.mark.parametrize("text, expected", [
    ("The gel held 80 vol% water.", ("80 vol%", "percent")),
    ("Grains were imaged at 10,500× in the microscope.", ("10,500×", "fold")),
])
def test_volume_shares_and_a_times_sign_are_units(text: str, expected: tuple) -> None:
    (q,) = quantities(text)
    assert (q.text, q.unit) == expected


def test_a_times_sign_between_numbers_is_a_product_not_a_fold() -> None:
    assert [q.unit for q in quantities("Specimens of 3 × 4 m were cut.")] == ["meter", "meter"]


@pytest.mark.parametrize("text", [
    "Column 1 gives the cluster number.",
    "The 3DAP observations were made at 40 K.",
    "Molar ratios of 100Ti/Al were read.",
    "The inflow was u = −2sin(2πt/P).",
    "Algorithm 1 runs in linear time.",
])
def test_labels_test_statistics_and_terms_of_formulas_are_not_quantities(text: str) -> None:
    assert [q.text for q in quantities(text) if q.unit != "kelvin"] == []
