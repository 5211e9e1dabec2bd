"""Quantities written in two parts that make one amount, and scale words shared across two numbers.

"3 dollars 50 cents" is 3.5 dollars, "15 USD 50" 15.5 USD, "5 feet 2 inches" 5.17 feet; in "from 12.9 to
15.9 million" and "14.2 + 1.7 million" the first number takes the second's "million". Written by hand:
no maintained library reads these (quantulum3 and pint read each part on its own).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from claimledger.extract.units import SCALES
from claimledger.models.records import Quantity

_I = re.IGNORECASE
# A main unit, its sub-unit, and how many sub-units make one.
_MAJOR_MINOR = {("foot", "inch"): 12.0, ("pound", "ounce"): 16.0, ("meter", "centimeter"): 100.0}
_MINOR_WORDS = {"inch": r"in\.?|inch(?:es)?|\"|''", "ounce": r"oz|ounces?", "centimeter": r"cm"}
_COINS = {"cent", "penny"}
_GAP = re.compile(r"\s*(?:and\s+)?$", _I)
# What may follow a bare cents figure: the end of the clause, a coin word, or "more"/"less".
_CENTS_TAIL = re.compile(r"\s*(?:cents?|pence|¢)?(?=\s*(?:[.,;:!?)]|$|more\b|less\b|each\b))", _I)
_SPAN_JOIN = re.compile(r"\s*(?:to|-|–)\s*$", _I)  # "from $12.9 to 15.9 billion": both are dollars
_SHARE_JOIN = re.compile(r"\s*(?:to|\+|and|or|-|–|±|\+/-|x|×|by)\s*$", _I)


def compounds(text: str, found: list[Quantity]) -> list[Quantity]:
    """``found`` (in text order) with two-part amounts merged into one quantity."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        merged = _merge(text, a, b) if b is not None and _GAP.match(text[a.end:b.start]) else None
        out.append(merged or a)
        i += 2 if merged else 1
    return out


def _merge(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    if a.currency and a.unit not in _COINS and a.value_low is None:
        return _money(text, a, b)
    for (major, minor), per in _MAJOR_MINOR.items():
        word = _minor_word(text, b.end, minor)
        if a.unit == major and (b.unit == minor or (not b.unit and b.scale == 1.0 and word is not None)):
            end = word.end() if word is not None and not b.unit else b.end
            return _joined(text, a, end, a.value + b.value / per, b.precision / per)
    return None


def _money(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    """"3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 dollars 50", "10 $ 30 cent"."""
    if b.unit in _COINS and b.currency == a.currency and b.value < 100:
        return _joined(text, a, b.end, a.value + b.value / 100, b.precision / 100)
    bare = not (b.unit or b.currency or b.value_low is not None) and b.scale == 1.0
    if bare and 0 < b.value < 100 and a.scale == 1.0 and float(a.value).is_integer() and b.value.is_integer():
        tail = _CENTS_TAIL.match(text[b.end:])
        if tail is not None:
            return _joined(text, a, b.end + tail.end(), a.value + b.value / 100, 0.005)
    return None


def _minor_word(text: str, at: int, minor: str) -> re.Match[str] | None:
    """The sub-unit written right after a bare number: "12 ft 2 in"."""
    return re.compile(r"\s?(?:" + _MINOR_WORDS[minor] + r")(?![a-z])", _I).match(text, at)


def _joined(text: str, a: Quantity, end: int, value: float, precision: float) -> Quantity:
    return dataclasses.replace(a, text=text[a.start:end], end=end, value=float(f"{value:.12g}"),
                               precision=precision, kind="compound")


def shared_scale(a: Quantity, b: Quantity) -> float:
    """The scale ``a`` takes from ``b`` in "12.9 to 15.9 million" (1 when it takes none).

    Only a bare number below 1000 takes it, and only when the scaled value is of the order of ``b``:
    "800,000 to one million" keeps its own figure.
    """
    scale = b.scale
    if scale <= 1.0 and b.kind == "written":  # "four to five thousand": the scale word is inside the words
        scale = SCALES.get(b.text.lower().split()[-1], 1.0) if b.text.split() else 1.0
    if a.scale != 1.0 or scale <= 1.0 or a.value <= 0 or a.value >= 1000 or b.value <= 0:
        return 1.0
    if (a.unit and a.unit != b.unit and not (a.currency and not b.unit)) or a.kind in {"phrase", "vague", "scaled"}:
        return 1.0  # a unit of its own; but an amount of money shares its scale: "USD 5 to 10 million"
    ratio = a.value * scale / b.value
    return scale if 1 / 50 <= ratio <= 50 else 1.0


def share_scales(text: str, found: list[Quantity]) -> Iterator[Quantity]:
    """Each quantity, a bare number joined to a scaled one by "to", "+", "and" or "-" taking its scale,
    and a bare number joined to one with a unit taking that unit ("54.3 ± 8.2 years", "from 3 to 5 km",
    "30 x 20 x 10 cm"). Read right to left, so a unit passes down a chain of numbers."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        gap = text[a.end:b.start]
        if _SHARE_JOIN.match(gap):
            scale = shared_scale(a, b)
            bare = not a.unit and not a.currency and a.scale == 1.0
            if scale > 1.0 or (bare and b.unit and b.kind not in {"phrase", "vague"}):
                out[i] = dataclasses.replace(a, value=float(f"{a.value * scale:.12g}"), scale=a.scale * scale,
                                             precision=a.precision * scale, unit=a.unit or b.unit,
                                             currency=a.currency or b.currency)
            if out[i].currency and not b.unit and _SPAN_JOIN.match(gap):
                out[i + 1] = dataclasses.replace(b, unit=out[i].currency, currency=out[i].currency)
    yield from out
