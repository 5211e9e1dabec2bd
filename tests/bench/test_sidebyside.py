"""The side-by-side harness (bench.sidebyside): one unit key for five vocabularies, MeasEval gold values read from
their text, one matching for the three extractors; and, where CQE's venv is built, the full run."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from bench import cqe_env, cqewins, measeval, recognizers
from bench.cqe_runner import to_dict
from bench.measeval import GoldQuantity, sentences, targets
from bench.recognizers import Expected, Target
from bench.sidebyside import Gold, TextSet, _rt_key, figures, main
from bench.unitalign import same_unit, unit_key


def test_one_key_for_a_speed_however_it_is_written() -> None:
    # claimledger, quantulum3/CQE, Recognizers-Text and MeasEval spellings of the same two units
    assert len({unit_key(u) for u in ("km/h", "kilometer per hour", "kilometre per hour", "Kilometer per hour",
                                      "kph")}) == 1
    assert unit_key("km s−1") == unit_key("kilometre per second") == unit_key("km/s")
    assert unit_key("km s−1") != unit_key("km")


def test_units_with_prefixes_exponents_and_british_spelling() -> None:
    assert unit_key("μbar") == unit_key("microbar")
    assert unit_key("mH") == unit_key("millihenry")
    assert unit_key("cm−1") == unit_key("per centimeter") != unit_key("cm")
    assert unit_key("m²") == unit_key("square metre") == unit_key("Square meter")
    assert unit_key("ppm") == unit_key("parts-per-million") == unit_key("part per million")
    assert unit_key("Ma") == unit_key("ma") == "megayear"


def test_percent_and_counts() -> None:
    assert unit_key("%") == unit_key("percentage") == unit_key("percent") == unit_key("wt.%") == "percent"
    assert unit_key(None) == unit_key("") == unit_key("-") == unit_key("dimensionless") == "count"
    assert unit_key("samples") == "count:sample"
    assert same_unit("count", unit_key("samples"))  # "Five samples": claimledger's counted noun is a count
    assert not same_unit("count", unit_key("kg"))
    assert not same_unit("metre", "count")


def test_money_by_code_name_or_symbol() -> None:
    usd = unit_key("Dollar", money=True)
    assert usd == unit_key("", "USD") == unit_key("dollar", "USD") == "cur:USD"
    assert unit_key("Pound", money=True) == "cur:GBP"  # the Currency spec's "Pound" is sterling, not a mass
    assert unit_key("Pound") == unit_key("lb")
    assert unit_key("Cent", money=True) == unit_key("cents", "USD") == "cur:cent"
    assert same_unit(unit_key("Franc", money=True), "cur:CHF")  # a franc without its country: any currency
    assert not same_unit("cur:USD", "cur:CAD")


def test_recognizers_gold_units_by_model() -> None:
    assert _rt_key("Percent", {"Resolution": {"value": "20%"}}) == "percent"
    assert _rt_key("NumberRange", {"Resolution": {"value": "(4565,)"}}) == "count"
    assert _rt_key("Currency", {"Resolution": {"unit": "Canadian dollar", "isoCurrency": "CAD"}}) == "cur:CAD"
    assert _rt_key("Dimension", {"Resolution": {"unit": "Metric ton"}}) == unit_key("tonne")


def _q(text: str, unit: str = "", *mods: str) -> GoldQuantity:
    return GoldQuantity("doc", 0, len(text), text, unit, "", mods)


def _values(q: GoldQuantity) -> list[tuple[float | None, float | None, float | None]]:
    return [(t.value, t.low, t.high) for t in targets(q)]


def test_measeval_values_read_from_the_quantity_text() -> None:
    assert _values(_q("between 60% and 100%", "%", "IsRange")) == [(None, 60.0, 100.0)]
    assert _values(_q("10–20 μm", "μm")) == [(None, 10.0, 20.0)]  # an en dash range without IsRange
    assert _values(_q("0 ppm, 1000 ppm and 2000 ppm", "ppm", "IsList")) == [(0.0, None, None),
                                                                            (1000.0, None, None),
                                                                            (2000.0, None, None)]
    assert _values(_q("4.0 × 10−10 wt. %", "wt. %")) == [(4e-10, None, None)]
    assert _values(_q("10−5 mbar", "mbar")) == [(1e-5, None, None)]  # a flattened superscript exponent
    assert _values(_q("mean and 2SD of 1.23±0.25‰", "‰", "IsMeanHasSD")) == [(1.23, None, None)]
    assert _values(_q("∼−27‰", "‰")) == [(-27.0, None, None)]
    assert _values(_q("<1 ppm", "ppm", "IsRange")) == [(1.0, None, None)]  # the comparator is a modifier
    assert _values(_q("1550 cm−1")) == [(1550.0, None, None)]  # no unit given: the exponent is no number
    assert _values(_q("four and a half", "", "IsCount")) == [(4.5, None, None)]
    assert _values(_q("two", None, "IsCount")) == [(2.0, None, None)]
    assert _values(_q("∼1:1000")) == []  # a ratio: not scored


def test_measeval_sentences_do_not_end_at_abbreviations() -> None:
    text = "Samples (Fig. 2) weighed 5 kg, as in Smith et al. 2001. Then 3 m were cut. E.g. this."
    got = [text[a:b] for a, b in sentences(text)]
    assert got == ["Samples (Fig. 2) weighed 5 kg, as in Smith et al. 2001.", "Then 3 m were cut.", "E.g. this."]


def _gold(line: str, surface: str, target: Target, key: str) -> Gold:
    start = line.index(surface)
    return Gold(Expected("test", line, surface, start, start + len(surface), surface, "", target), key)


LINE = "It weighs 5 kg, costs $3 and $3, and was 20-100 m long in 2020."
GOLD = TextSet("test", [LINE], [[_gold(LINE, "5 kg", Target(value=5), "kilogram"),
                                 _gold(LINE, "$3", Target(value=3), "cur:USD"),
                                 _gold(LINE, "$3 ", Target(value=3), "cur:USD"),
                                 _gold(LINE, "20-100 m", Target(low=20, high=100, low_closed=True, high_closed=True),
                                       "metre")]], 0)


def _out(value: float | None, unit: str = "", currency: str = "", low: float | None = None,
         high: float | None = None) -> dict[str, object]:
    return {"value": value, "value_low": low, "value_high": high, "unit": unit, "currency": currency,
            "start": -1, "end": -1}


def test_matching_counts_each_output_once_and_ranges_by_both_bounds() -> None:
    outputs = [[_out(5, "kilogram"), _out(3, currency="USD"), _out(None, "meter", low=20, high=100), _out(2020)]]
    value = figures(GOLD, outputs, with_unit=False)
    assert (value["tp"], value["fp"], value["fn"]) == (3, 1, 1)  # one $3 output cannot stand for both $3
    split_range = [[_out(5, "kilogram"), _out(3, currency="USD"), _out(3, currency="USD"), _out(20, "m"),
                    _out(100, "m")]]
    assert figures(GOLD, split_range, with_unit=False)["tp"] == 3


def test_value_and_unit_needs_the_unit_too() -> None:
    outputs = [[_out(5, "pound"), _out(3, currency="USD"), _out(3, "dollar", "USD"),
                _out(None, "metre", low=20, high=100)]]
    assert figures(GOLD, outputs, with_unit=False)["tp"] == 4
    unit = figures(GOLD, outputs, with_unit=True)
    assert (unit["tp"], unit["fp"], unit["fn"]) == (3, 1, 1)
    assert unit["precision"] == unit["recall"] == unit["f1"] == 0.75


def test_cqe_wins_are_sorted_into_unit_range_and_value() -> None:
    kg, rng = GOLD.gold[0][0], GOLD.gold[0][3]
    assert cqewins.kind(kg, [_out(5, "pound")]) == ("unit", "kilogram read as pound-mass")
    assert cqewins.kind(rng, [_out(20, "m"), _out(100, "m")]) == ("range", "test")
    word = _gold("fifty - two dollars", "fifty - two", Target(value=52), "cur:USD")
    assert cqewins.kind(word, [_out(50), _out(2)]) == ("value", "number word")


def test_cqe_quantity_in_claimledger_shape() -> None:
    token = SimpleNamespace(text="$")
    span = {"value": [(4, 6)], "unit": [(3, 4)]}
    money = SimpleNamespace(value=SimpleNamespace(value=12.0), change="~", get_char_indices=lambda: span,
                            unit=SimpleNamespace(norm_unit="dollar", unit=[token]))
    units = {"dollar": {"entity": "currency", "currency_code": "USD"}}
    assert to_dict(money, "ca $12 now", units) == {
        "text": "$12", "start": 3, "end": 6, "value": 12.0, "value_low": None, "value_high": None,
        "unit": "dollar", "unit_text": "$", "currency": "USD", "approx": "~"}
    bounds = SimpleNamespace(value=SimpleNamespace(lower=20, upper=100), change="=", get_char_indices=lambda: {},
                             unit=SimpleNamespace(norm_unit="-", unit=[]))
    got = to_dict(bounds, "20 to 100", units)
    assert (got["value"], got["value_low"], got["value_high"], got["unit"], got["start"]) == (None, 20.0, 100.0,
                                                                                            "", -1)


@pytest.mark.slow
def test_full_side_by_side_run(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The whole run of bench.sidebyside, CQE in its venv; build that first with
    ``python -m bench.sidebyside --setup-only`` (torch and CQE: ~2 min, ~1 GB), else this skips."""
    if not cqe_env.ready():
        pytest.skip(f"CQE venv not built in {cqe_env.VENV} (python -m bench.sidebyside --setup-only)")
    if not (recognizers.FOLDER / "NumberModel.json").is_file() or not (measeval.FOLDER / "trial").is_dir():
        pytest.skip("Recognizers-Text specs or MeasEval trial absent from ../shared/external")
    assert main(["--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "sidebyside.json").read_text(encoding="utf-8"))
    for name in ("recognizers", "measeval-trial"):
        runs = report["sets"][name]["extractors"]
        assert set(runs) == {"claimledger", "cqe", "quantulum3"}
        for run in runs.values():
            assert run["sentences_per_s"] > 0
            assert 0 < run["value+unit"]["f1"] <= run["value"]["f1"] <= 1
    wins = json.loads((tmp_path / "cqe-wins.json").read_text(encoding="utf-8"))
    assert all(w["kind"] in {"unit", "range", "open range", "value"} for w in wins)
    assert "bar: claimledger ahead of CQE" in capsys.readouterr().out
