"""Canonical units and their dimension, from pint: what lets "km" and "mile" be compared.

A physical unit (the names of :mod:`claimledger.extract.units`, or a symbol read by
:mod:`claimledger.extract.sciunits`) is parsed by pint into its canonical name ("kilometer / hour") and
dimension ("[length] / [time]"); money keeps its ISO 4217 code (dimension ``currency``); shares and ratios are
``dimensionless``; any other unit is the noun a count counts (dimension ``count``). pint's registry takes
about a second to build, so it is built once per process, when the first physical unit is met.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

# Shares written as words or signs, none of which pint reads as a share ("ppt" is a picopint to pint, and
# "basis point" and "percentage point" are not defined): canonical name, dimensionless.
RATIOS = {"percent": "percent", "percentage point": "percentage point", "fold": "fold", "ratio": "ratio",
          "basis point": "basis point", "part per million": "ppm", "part per billion": "ppb",
          "part per trillion": "ppt", "permille": "permille", "weight percent": "weight percent",
          "p-value": "p-value"}
# claimledger's names pint spells otherwise.
_ALIASES = {"degree celsius": "degC", "degree fahrenheit": "degF", "pound-foot": "pound_force * foot",
            "light-year": "light_year", "millimeter of mercury": "millimeter_Hg", "metric ton": "metric_ton",
            "kiloelectronvolt": "kiloelectron_volt", "megaelectronvolt": "megaelectron_volt",
            "gigaelectronvolt": "gigaelectron_volt", "teraelectronvolt": "teraelectron_volt",
            "electronvolt": "electron_volt", "ton": "metric_ton"}
# Coins keep their figure ("50 cents" is 50): their unit is the hundredth of the currency.
_COINS = {"cent", "penny", "satoshi"}


@lru_cache(maxsize=1)
def registry() -> Any:
    """pint's unit registry, built once."""
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=4096)
def physical(name: str) -> tuple[str, str] | None:
    """(canonical unit, dimension) of a physical unit's name or symbol expression, None when pint has none."""
    if not name:
        return None
    try:
        units = registry().parse_units(_ALIASES.get(name, name))
    except Exception:  # pint raises its own errors, TypeError and others on what is not a unit  # noqa: BLE001
        return None
    dimension = str(units.dimensionality)
    return str(units), "dimensionless" if dimension == "dimensionless" else dimension


def canonical(unit: str, currency: str = "", written: str = "") -> tuple[str, str]:
    """(canonical unit, dimension) of a claim's ``unit`` and ``currency``; ``written`` is the unit as the text
    writes it ("" for a count, whose unit is its counted noun)."""
    if currency:
        return (f"0.01 {currency}" if unit in _COINS else currency), "currency"
    if not unit:
        return "", ""
    if unit in RATIOS:
        return RATIOS[unit], "dimensionless"
    if written or unit in physical_names():
        found = physical(unit)
        if found is not None:
            return found
    return unit, "count"


@lru_cache(maxsize=1)
def physical_names() -> frozenset[str]:
    """The unit names that claimledger's vocabulary gives physical units (not counted nouns)."""
    from claimledger.extract.units import MEASURES, MOLAR, RATE_TIMES

    return frozenset([*MEASURES.values(), *MOLAR.values(), *RATE_TIMES.values()])
