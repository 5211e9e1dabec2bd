"""The quantity scanner on sentences from the papers and on general English prose."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.extract.numbers import numbers, precision_of
from claimledger.extract.quantities import quantities


def only(text: str):  # type: ignore[no-untyped-def]
    found = list(quantities(text))
    assert len(found) == 1, found
    return found[0]


def test_scale_word_bn_after_escaped_currency_is_applied() -> None:
    # 000: "In 2004, total remittances received by Mexico amounted to USD $16.6 bn (Banco de México, 2005)."
    q = only("In 2004, total remittances received by Mexico amounted to USD $16.6 bn (Banco de México, 2005).")
    assert (q.text, q.value, q.currency) == ("USD $16.6 bn", 16_600_000_000, "USD")


def test_slightly_more_than_is_a_lower_bound_hedge() -> None:
    q = only("slightly more than 385,000 individuals born in Mexico")
    assert (q.value, q.hedge, q.approx, q.precision) == (385_000, "slightly more than", ">", 500)


def test_or_between_percentages_is_one_range() -> None:
    # 000: "intra-firm trade, estimated to be around 65 or 75%"
    q = only("intra-firm trade, estimated to be around 65 or 75%")
    assert (q.value_low, q.value_high, q.unit, q.approx) == (65, 75, "percent", "~")


def test_between_and_percent_range() -> None:
    q = only("between 80% and 90% of them")
    assert (q.value_low, q.value_high, q.value) == (80, 90, 85)


def test_from_to_is_two_claims_not_a_range() -> None:
    # 002: "Mexican exports increased almost sevenfold, rising from US$30.7 billion to $213.7 billion."
    found = list(quantities("increased almost sevenfold, rising from US$30.7 billion to $213.7 billion."))
    assert [(q.value, q.unit) for q in found] == [(7, "fold"), (30.7e9, "USD"), (213.7e9, "USD")]
    assert found[0].approx == "<~"


@pytest.mark.parametrize("text,value,unit", [
    ("one out of every three migrants", 33.33, "percent"),
    ("three of every four workers", 75, "percent"),
    ("the exports of which increased 26-fold", 26, "fold"),
    ("thirty-fold", 30, "fold"),
    ("twice as many", 2, "fold"),
    ("wage differential (1:6 in the manufacturing sector)", 6, "ratio"),
    ("5.7 times higher than", 5.7, "fold"),
    ("slightly more than a third are undocumented", 33.33, "percent"),
])
def test_written_numbers_and_ratios_count(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert q.value == pytest.approx(value, rel=1e-3) and q.unit == unit


@pytest.mark.parametrize("text", [
    "Between 1994 and 2005, GDP grew", "the 2012-13 season", "in room 101", "see Table 6", "the 19th century",
    "the 1990s", "G7 summit", "No. 1 / 2006",
])
def test_dates_labels_and_identifiers_are_not_quantities(text: str) -> None:
    assert list(quantities(text)) == []


@pytest.mark.parametrize("text,value,unit", [
    ("$ 75 million of general obligation bonds", 75e6, "USD"),
    ("hk $ 10.05 billion", 10.05e9, "HKD"),
    ("You weight 200lbs.", 200, "pound"),
    ("the six-mile trip", 6, "mile"),
    ("10 1/2 miles", 10.5, "mile"),
    ("a quarter million us dollars", 250_000, "USD"),
    ("35 lakh rupees", 3.5e6, "INR"),
    ("0.9 trillion cubic feet", 0.9e12, "cubic foot"),
])
def test_general_prose_prices_and_measurements(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert q.value == pytest.approx(value) and q.unit == unit


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separated_integers_read_back(n: int) -> None:
    text = f"{n:,}"
    found = list(numbers(text))
    assert [(x.value, x.end) for x in found] == [(float(n), len(text))]


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=4))
def test_precision_is_half_the_last_written_place(n: int, decimals: int) -> None:
    text = f"{n / 10**decimals:.{decimals}f}"
    assert precision_of(text) == pytest.approx(0.5 * 10**-decimals)


def values(text: str) -> list[tuple[float, str]]:
    return [(round(q.value, 4), q.unit) for q in quantities(text)]


@pytest.mark.parametrize("text,value", [
    ("3 dollars 50 cents", 3.5),
    ("It costs thirteen dollars and forty-five cents", 13.45),
    ("The price is 15 dollars 50.", 15.5),
    ("The subscription will increase to 17 USD 25.", 17.25),
    ("10 $ 30 cent", 10.3),
])
def test_cents_after_a_dollar_amount_make_one_amount(text: str, value: float) -> None:
    assert values(text) == [(value, "USD")]


def test_scale_word_after_a_currency_code_is_applied() -> None:
    # Recognizers-Text: "They lost 75 USD million in the past three years."
    assert values("They lost 75 USD million in the past three years.")[0] == (75e6, "USD")
    assert values("The takeover cost MAUD 60.") == [(60e6, "AUD")]
    assert values("It cost 1.8M dollars.") == [(1.8e6, "USD")]


def test_a_currency_word_after_one_amount_is_not_the_prefix_of_the_next() -> None:
    assert [q.currency for q in quantities("50 dollar 40 rmb")] == ["USD", "CNY"]
    assert values("$ 20,000.00 $ 37,305.97 february expenses") == [(20000, "USD"), (37305.97, "USD")]
    assert values("we are giving away 3 USD50 Cards.")[-1] == (50, "USD")


def test_hyphenated_currency_and_the_cent_sign() -> None:
    assert values("its controversial one-yen bid") == [(1, "JPY")]
    # 002: "they have risen by around 3%, representing an increase in wages of barely 30US¢ in 2005."
    assert values("an increase in wages of barely 30US¢ in 2005.") == [(0.3, "USD")]


def test_dash_after_a_number_is_a_range_not_a_minus_sign() -> None:
    # Recognizers-Text: "ef 75 -300mm f / 4 - 5 . 6 is usm"
    q = next(quantities("the ef 75 -300mm lens"))
    assert (q.value_low, q.value_high, q.unit) == (75, 300, "millimeter")


@pytest.mark.parametrize("text,value", [("12 ft 2 in", 12 + 2 / 12), ("5 feet and 2 inches", 5 + 2 / 12)])
def test_feet_and_inches_are_one_length(text: str, value: float) -> None:
    assert values(text) == [(round(value, 4), "foot")]


@pytest.mark.parametrize("text,expected", [
    ("net sales for this year's third quarter were $14 million", [(14e6, "USD")]),
    ("net interest income sank 27% in the quarter to $254 million.", [(27, "percent"), (254e6, "USD")]),
    ("You can go to http://proquest.umi.com/pqdweb?SQ=issn%280024%2D9114%29%20and%20volume%2872", []),
    ("The bill (H.R. 4437) and HR 4437 were debated", []),
    ("Put out the bad news on a Friday at 6pm or at 2:00 pm", []),
    ("the Three-for-One Program", []),
    ("on sept . 30 , it said", []),
])
def test_ordinals_urls_bill_numbers_and_times_are_not_quantities(text: str, expected: list) -> None:
    assert values(text) == expected


def test_a_dozen_is_a_count_of_twelve_but_not_in_a_price_per_dozen() -> None:
    assert values("she bought a dozen eggs") == [(12, "")]
    assert values("egg prices averaged 64.2 cents a dozen .") == [(64.2, "cent")]


def test_scale_word_is_shared_by_the_number_before_it() -> None:
    # 002: "(iii) an increase from 12.9 to 15.9 million in the number of poor households"
    assert values("an increase from 12.9 to 15.9 million in the number of poor households") == \
        [(12.9e6, ""), (15.9e6, "")]
    # 003: "the base number of manufacturing workers (14.2 + 1.7 million)"
    assert values("manufacturing workers (14.2 + 1.7 million)") == [(14.2e6, ""), (1.7e6, "")]
    # 004: "accounts for 800,000 to one million trips a year" keeps its own figure
    q = only("accounts for 800,000 to one million trips a year")
    assert (q.value_low, q.value_high) == (800_000, 1e6)


def test_half_as_fast_is_a_multiple_not_a_share() -> None:
    # 004: "manufactured exports grew not even half as fast as imports of manufactured goods"
    q = only("manufactured exports grew not even half as fast as imports")
    assert (q.value, q.unit, q.approx) == (0.5, "fold", "<")


def test_tokenised_decimals_before_percent() -> None:
    assert values("sales rose 6 . 2 % to $ 1.45 billion .") == [(6.2, "percent"), (1.45e9, "USD")]


@pytest.mark.parametrize("text,expected", [
    ("The concentration was 1.5 × 10^6 cells per ml.", [(1.5e6, "")]),
    ("Mean age was 54.3 ± 8.2 years.", [(54.3, "year"), (8.2, "year")]),
    ("The mice weighed between 20 and 25 g at the start of the experiment.", [(22.5, "gram")]),
    ("Water boils at 100° Celsius", [(100, "degree celsius")]),
    ("Interest rates rose by 25 basis points to 5.25%.", [(25, "basis point"), (5.25, "percent")]),
    ("The chip draws 65 W.", [(65, "watt")]),
    ("approximately 1/10 of US wages", [(0.1, "ratio")]),
])
def test_science_and_news_measurements(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "A boy was rescued from the COVID-19 ward.", "The iPhone 15 went on sale.", "Previous work [12] agrees.",
    "The store is open 24/7 and was closed after 9/11.", "as shown in Eq. 2",
])
def test_identifiers_citations_and_dates_written_as_fractions_are_not_quantities(text: str) -> None:
    assert values(text) == []


def test_a_comparison_sign_is_a_hedge() -> None:
    q = next(quantities("The difference was significant (p < 0.05)."))
    assert (q.value, q.approx) == (0.05, "<")


@pytest.mark.parametrize("text,expected", [
    # tokenised news text (spaces around every punctuation mark) keeps its decimals, thousands and fractions
    ("dollar : 143.80 yen , up 0 . 95 ; 1 . 8500 marks , up 0 . 0085 .",
     [(143.8, "JPY"), (0.95, ""), (1.85, "DEM"), (0.0085, "")]),
    ("this increased capacity to around 80 , 000 spectators but cost £ 60,000 .", [(80_000, ""), (60_000, "GBP")]),
    ("250 million dutch guilders of 7 3 / 4 % bonds due nov . 15 , 1999 , priced at 101 1 / 4",
     [(250e6, "NLG"), (7.75, "percent"), (101.25, "")]),
    ("a deficit of 1 . 6 billion ( $ 2.54 billion )", [(1.6e9, ""), (2.54e9, "USD")]),
])
def test_tokenised_decimals_thousands_and_fractions(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "deposits: 1111-22223333-4444", "call 555-123-4567 now", "Any time to meet on 5/17/2018?", "release 1.2.3 is out",
])
def test_chains_of_three_digit_groups_are_identifiers_or_dates(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize("text,expected", [
    ("it ' s what 1 ) explains why ; 2 ) cautions that ; and 3 ) predicts that 10 , 000 monkeys", [(10_000, "")]),
    ("Her goals: (1) find 12 sites; (2) map them.", [(12, "")]),
    ("at no . 1 , singh hit a shot", []),
    ("workers from China (390,000) and Cuba (25)", [(390_000, ""), (25, "")]),
])
def test_inline_list_enumerators_and_tokenised_labels_are_not_quantities(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("on 1 May 2010 he was fined 10,000 swiss francs", [(10_000, "CHF")]),
    ("He arrived on 25 December.", []),
    ("the 10 March protests", []),
    ("1 may be enough", [(1, "")]),
    ("in March two people died", [(2, "")]),
])
def test_a_day_before_its_month_is_a_date(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("I can give you 10M.", [(10e6, "")]),
    ("It has 2B users", [(2e9, "")]),
    ("ran 100m in the final", [(100, "meter")]),
    ("the company filed its Form 10-K late", []),
])
def test_glued_capital_m_and_b_are_scales_and_a_hyphenated_capital_is_a_form_name(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    # thousands grouped by spaces (SI style, also 000's "1 291 232"), but not a run of separate numbers
    ("and 278,000 t valued 10 000 dollars.", [(278_000, ""), (10_000, "USD")]),
    ("a crowd of 12\u202f500 fans", [(12_500, "")]),
    ("in 2005 300 people", [(300, "")]),
])
def test_thousands_grouped_by_spaces_are_one_number(text: str, expected: list) -> None:
    assert values(text) == expected


def test_space_grouped_round_thousands_count_to_the_thousand() -> None:
    assert precision_of("385 000") == precision_of("385,000") == 500


@pytest.mark.parametrize("text,expected", [
    ("Italy's GDP is $2.174T.", [(2.174e12, "USD")]),
    ("a culture of 3 × 10⁶ cells", [(3e6, "")]),
    ("two and a half miles to the east", [(2.5, "mile")]),
    ("it took 3 and a quarter hours", [(3.25, "hour")]),
    ("an irradiance of 20 J/m^2 per year", [(20, "joule / meter ** 2")]),  # the exponent is the unit's
])
def test_trillions_lost_carets_and_whole_numbers_with_a_fraction(text: str, expected: list) -> None:
    assert values(text) == expected


def test_scientific_notation_without_its_caret() -> None:
    assert [q.value for q in quantities("a factor of 2.48×10−5")] == [2.48e-5]


@pytest.mark.parametrize("text,expected", [
    ("Amorphous silicon has a higher bandgap (1.7 eV) than crystalline silicon", [(1.7, "electronvolt")]),
    ("We produced solid 50 Wh today", [(50, "watt hour")]),
    ("Lets take the large 100 cl bottle instead.", [(100, "centiliter")]),
    ("Italy covers an area of 301,338 km2 (116,347 sq mi).", [(301_338, "square kilometer"),
                                                              (116_347, "square mile")]),
    ("The average radiation dose of a CT scan is 14 mGy", [(14, "milligray")]),
    ("I want a gallon of beer, and 3 to 4 L of wine", [(3.5, "liter")]),
])
def test_science_units_and_a_closing_bracket_only_where_one_opened(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("At top speed of 200 kilometres per hour the engine heats", [(200, "kilometer per hour")]),
    ("a jet of 3 km/s", [(3, "kilometer per second")]),
    ("take 20 mg a day", [(20, "milligram per day")]),
    ("wages fell from USD $11.70 to $7.20 per hour", [(11.7, "USD"), (7.2, "USD")]),  # money keeps its currency
])
def test_a_measure_per_unit_of_time_is_a_rate(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("The door is 2 1/2 in thick", [(2.5, "inch")]),
    ("The length of my pencil is 2 in.", [(2, "inch")]),
    ("he came 2 in the race", [(2, "")]),
])
def test_a_spaced_in_is_an_inch_only_where_it_cannot_be_a_preposition(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("a conceptualized 8- to 16-meter (320- to 640-inch) telescope", [(12, "meter"), (480, "inch")]),
    ("temperatures ranged from -18 °C to -34 °C", [(-26, "degree celsius")]),
    ("the price rose from 10 to 20 dollars", [(10, "USD"), (20, "USD")]),  # a change: two amounts
])
def test_suspended_hyphen_ranges_and_ranged_from_either_way(text: str, expected: list) -> None:
    assert values(text) == expected


def test_a_negative_number_keeps_its_sign_in_its_text() -> None:
    q = next(quantities("temperatures fell to -18 °C overnight"))
    assert (q.text, q.value) == ("-18 °C", -18.0)


@pytest.mark.parametrize("text,expected", [
    ("the notes pay 7-1/2 percent", [(7.5, "percent")]),
    ("the patients received 0.5 mg/kg of the drug", [(0.5, "milligram per kilogram")]),
    ("a fasting glucose of 126 mg/dL", [(126, "milligram per deciliter")]),
    ("The buffer held 10 mM NaCl and 5 µM drug in a 10 mm well", [(10, "millimolar"), (5, "micromolar"),
                                                                   (10, "millimeter")]),
])
def test_news_wire_fractions_doses_and_concentrations(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("The Fed raised rates by a quarter of a percentage point to a range of 5.25%-5.5%.",
     [(0.25, "percentage point"), (5.375, "percent")]),
    ("Temperatures hit 47.3C (117F) in Spain.", [(47.3, "degree celsius"), (117, "degree fahrenheit")]),
    ("Figure 3C shows the 2004C model", []),
])
def test_news_rates_in_points_and_temperatures_with_a_glued_capital(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("It weighs 1.2 kilograms and measures 30 x 20 x 10 cm.", [(1.2, "kilogram"), (30, "centimeter"),
                                                               (20, "centimeter"), (10, "centimeter")]),
    ("The Milky Way is about 100,000 light-years across.", [(100_000, "light-year")]),
    ("A 2.5-liter engine producing 203 hp", [(2.5, "liter"), (203, "horsepower")]),
])
def test_a_unit_passes_down_a_chain_of_dimensions_and_more_units(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("The S&P 500 fell 1.2% to 4,500.21, its lowest close since March.", [(1.2, "percent"), (4500.21, "")]),
    ("a place on the Fortune 500 list and the Apollo 11 mission", []),
    ("in Texas 300 clubs were founded", [(300, "")]),  # a plural noun after it: a count, not a name
])
def test_a_number_in_a_name_is_not_a_quantity_and_a_unit_on_the_first_number_is_no_range(
        text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("a fund of USD 5 to 10 million", [(7.5e6, "USD")]),
    ("exports rose from $12.9 to 15.9 billion", [(12.9e9, "USD"), (15.9e9, "USD")]),
    ("$5 million and 10 million people", [(5e6, "USD"), (10e6, "")]),
])
def test_money_shares_its_scale_and_currency_across_from_to(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("five eighths of the vote", [(62.5, "percent")]),
    ("one sixth of the budget", [(16.67, "percent")]),
    ("for a third time, in a fifth straight year, a third party won", []),  # ordinals before their nouns
    ("a third more than before", [(33.33, "percent")]),
    ("For now, China's population is 1 414 021 100.", [(1_414_021_100, "")]),
    ("1 234 567.89 is a valid number format.", [(1_234_567.89, "")]),
])
def test_more_word_fractions_ordinals_and_space_grouped_decimals(text: str, expected: list) -> None:
    assert values(text) == expected


def test_a_fraction_of_something_may_have_any_denominator_that_is_no_day() -> None:
    # quantulum3's test sentence: "we need an accuracy of 16.25 nanometers, about 1/40 of the wavelength"
    assert values("about 1/40 of the wavelength of red light") == [(0.025, "ratio")]
    assert values("on 9/11 of that year") == []


@pytest.mark.parametrize("text,expected", [
    ("I want a hundred and two of those", [(102, "")]),  # quantulum3's test sentence
    ("a thousand and one nights", [(1001, "")]),
    ("a hundred and the rest", [(100, "")]),
    ("she bought 3 dozen eggs and two dozen roses", [(36, ""), (24, "")]),
])
def test_a_hundred_and_two_and_dozens_counted_in_digits(text: str, expected: list) -> None:
    assert values(text) == expected


def test_a_written_range_shares_its_scale_word() -> None:
    (q,) = quantities("It has four to five thousand members.")
    assert (q.value_low, q.value_high) == (4000, 5000)


@pytest.mark.parametrize("text, expect", [
    ("The plant produces 1.2m tons of steel a year.", [("1.2m tons", 1.2e6, "ton", "")]),
    ("5m people live there.", [("5m", 5e6, "", "")]),
    ("He ran the 100m sprint and she is 2m tall.", [("100m", 100, "meter", ""), ("2m", 2, "meter", "")]),
    ("It makes 275 pound-feet of torque and 450 Nm at the wheels.",
     [("275 pound-feet", 275, "pound-foot", ""), ("450 Nm", 450, "newton meter", "")]),
    ("A 450 nm laser.", [("450 nm", 450, "nanometer", "")]),
    ("Carriers are rolling out 5G networks.", []),
    ("Temperatures fell to minus-130 degrees.", [("minus-130 degrees", -130, "degree", "")]),
    ("The firm earned $US55,931,000 last year.", [("$US55,931,000", 55931000, "USD", "USD")]),
])
def test_news_units_scales_and_signs(text: str, expect: list[tuple[str, float, str, str]]) -> None:
    """Issue 16's news cases: a glued "m" before a plural is a million, "Nm" a newton metre and "nm" a
    nanometre, a compound torque unit is not a currency, a capital glued to digits is a name, "minus-" is a
    sign and "$US" a currency."""
    got = [(q.text, q.value, q.unit, q.currency) for q in quantities(text)]
    assert got == [(t, pytest.approx(v), u, c) for t, v, u, c in expect]


def test_a_ratio_with_a_zero_side_is_no_ratio_and_no_crash() -> None:
    # scienceparse-agarwal11.pdf (../shared/external/research-pdfs) stopped extraction on a "1:0" in its math
    assert all(q.unit != "ratio" for q in quantities("the grid 1:0 and the ratio 0:3 are degenerate"))


@pytest.mark.parametrize("text, value", [
    ("wages at around 1/7 those of the capital", 7.0),
    ("earnings stand at 1/9 of U.S. levels", 9.0),
    ("a wage differential of 1:7", 7.0),
    ("about 1/40 of the wavelength", 0.025),
])
def test_one_in_n_comparing_two_levels_is_the_ratio_one_to_n(text: str, value: float) -> None:
    # issue 12: "1:7", "1/7 those levels" and "1/7 of U.S. levels" are one ratio and must compare; a fraction of
    # one thing ("1/40 of the wavelength") is not a comparison
    assert values(text) == [(value, "ratio")]
