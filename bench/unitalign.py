"""One unit key for what three extractors and two gold sets each call a unit, so that value+unit is one test.

claimledger writes "kilometer" and "USD" (a ``currency`` field), quantulum3 "kilometre" and "dollar", CQE
"kilometre" and "dollar" with a currency code, Recognizers-Text "Kilometer" and "Dollar", MeasEval the unit as
written ("km s−1", "ppm", "wt.%"). Each is turned into a key: ``cur:USD`` for money (``cur:cent``, ``cur:penny``
for the sub-units), ``percent``, ``count`` (no unit), ``count:NOUN`` (a counted noun or a word no unit table
knows), else the unit as factors of quantulum3's unit names with powers: "kilometre·hour^-1" for "km/h",
"kilometers per hour" and "kilometre per hour" alike. Names and symbols come from quantulum3's tables (a pinned
test dependency, the unit library the project already has), with SI prefixes and a short alias list for what
it lacks (ppm, per mille, wt.%, Ma). Written by hand because no library maps these five vocabularies to one.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

PREFIXES = {"Y": "yotta", "Z": "zetta", "E": "exa", "P": "peta", "T": "tera", "G": "giga", "M": "mega", "k": "kilo",
            "h": "hecto", "da": "deca", "d": "deci", "c": "centi", "m": "milli", "µ": "micro", "u": "micro",
            "n": "nano", "p": "pico", "f": "femto", "a": "atto"}
# Units quantulum3's tables lack or spell otherwise: surface -> quantulum3 name (or a name of our own).
ALIASES = {"ppm": "parts-per-million", "part per million": "parts-per-million",
           "parts per million": "parts-per-million", "ppb": "parts-per-billion",
           "part per billion": "parts-per-billion",
           "ppt": "parts-per-trillion", "part per trillion": "parts-per-trillion", "ppq": "parts-per-quadrillion",
           "‰": "per mille", "per mil": "per mille",
           "permil": "per mille", "wt.%": "percent", "wt. %": "percent", "wt%": "percent", "vol.%": "percent",
           "Ma": "megayear", "ma": "megayear", "ka": "kiloyear", "Ga": "gigayear", "byr": "gigayear", "myr": "megayear",
           "yrs": "year", "yr": "year", "years": "year", "°N": "degree angle", "°S": "degree angle",
           "°E": "degree angle", "°W": "degree angle", "°": "degree angle", "degree": "degree angle",
           "degrees": "degree angle", "times": "times", "fold": "times", "x": "times", "×": "times",
           "metric ton": "tonne", "metric tons": "tonne", "ton": "short ton", "tons": "short ton",
           "mile per hour": "mile per hour", "pound-foot": "pound-foot", "pound-feet": "pound-foot",
           "newton meter": "newton metre", "h": "hour", "d": "day", "dram": "dram", "drachma": "dram",
           "pound": "pound-mass", "pounds": "pound-mass", "turn": "turn", "turns": "turn", "pH": "pH",
           "µM": "micromolar", "mM": "millimolar", "nM": "nanomolar", "pM": "picomolar", "M": "molar",
           "micromolar": "micromolar", "millimolar": "millimolar", "nanomolar": "nanomolar", "molar": "molar",
           "second": "second", "seconds": "second", "bar": "bar"}
PERCENT = {"percent", "percentage", "per cent", "%", "pct", "pct."}
SUBUNITS = {"cent": "cent", "cents": "cent", "penny": "penny", "pence": "penny", "pennies": "penny",
            "satoshi": "satoshi", "satoshis": "satoshi", "sen": "sen"}
NO_UNIT = {"", "-", "dimensionless", "count", "none", "null", "unk"}
_POWER_WORDS = {"square": 2, "sq": 2, "sq.": 2, "cubic": 3, "cu": 3}
_SUPERSCRIPTS = str.maketrans("⁻¹²³⁴⁰", "-1234" + "0")
_EXPONENT = re.compile(r"^(.*?[^\d^\-])\^?(-?\d)$")


@cache
def _tables() -> tuple[dict[str, list[Any]], dict[str, list[Any]], dict[str, Any]]:
    """quantulum3's symbols (case kept), surfaces (lower case) and units by name."""
    from quantulum3 import load

    units = load.units("en_US")
    surfaces: dict[str, list[Any]] = {}
    for surface, found in units.surfaces.items():
        surfaces.setdefault(surface.lower(), []).extend(found)
    return dict(units.symbols), surfaces, dict(units.names)


def _pick(found: Any, money: bool, surface: str = "") -> Any | None:
    """Of the units a surface may mean: a currency in a money context, else not one; then the unit named so."""
    ranked = sorted(found, key=lambda u: ((u.entity.name == "currency") != money, u.name != surface, u.name))
    return ranked[0] if ranked else None


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("μ", "µ").replace("−", "-").replace("–", "-")
    return " ".join(text.translate(_SUPERSCRIPTS).split())


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and len(word) > 3 and not word.endswith("ss") else word


def _name(token: str, money: bool = False) -> str | None:
    """quantulum3's name for one unit token (a symbol, a surface, a prefixed symbol), or None."""
    symbols, surfaces, names = _tables()
    lower = token.lower()
    for alias in (token, lower, _singular(lower)):
        if alias in ALIASES:
            return ALIASES[alias]
    for table, key in ((symbols, token), (surfaces, lower), (surfaces, _singular(lower))):
        unit = _pick(table.get(key, []), money, key)
        if unit is not None:
            return str(unit.name)
    if lower in names:
        return lower
    for word in set(PREFIXES.values()):  # "millihenry", "nanobar": a prefix word before a unit name
        if lower.startswith(word) and len(lower) > len(word) + 2 and (base := _name(lower[len(word):])):
            return word + base
    for size in (2, 1):
        head, rest = token[:size], token[size:]
        if head in PREFIXES and rest and (rest in symbols or len(rest) >= 3 and rest in surfaces):
            base = _pick(symbols.get(rest) or surfaces.get(rest, []), False, rest)
            return PREFIXES[head] + str(base.name) if base is not None else None
    return None


def _factor(token: str, power: int) -> tuple[str, int] | None:
    m = _EXPONENT.match(token)
    if m and _name(token) is None:
        token, power = m.group(1), power * int(m.group(2))
    name = _name(token)
    return (name, power) if name is not None else None


def _factors(text: str) -> list[tuple[str, int]] | None:
    """The unit as (name, power) factors, or None when a part of it is no unit anyone lists."""
    whole = _name(text)
    if whole is not None:
        dims = getattr(_tables()[2].get(whole), "dimensions", None) or []
        if dims:
            return [(d["base"], d["power"]) for d in dims]
        if " per " not in f" {whole} ":
            return [(whole, 1)]
        text = whole  # a rate quantulum3 lists without its dimensions ("kilometre per second"): split its name
    parts = re.split(r"\s*/\s*|(?:^|\s+)per\s+|\s+an?\s+(?=hour|day|year|second|minute|week|month)", text)
    factors: list[tuple[str, int]] = []
    for i, part in enumerate(parts):
        sign, tokens, power = (1 if i == 0 else -1), re.split(r"[\s·⋅*]+", part.strip()), 1
        for token in tokens:
            if token.lower() in _POWER_WORDS:
                power = _POWER_WORDS[token.lower()]
                continue
            if token.lower() in {"squared", "cubed"} and factors:
                name, p = factors.pop()
                factors.append((name, p * (2 if token.lower() == "squared" else 3)))
                continue
            if not token:
                continue
            found = _factor(token, sign * power)
            if found is None:
                return None
            factors.append(found)
            power = 1
    return factors or None


def _render(factors: list[tuple[str, int]]) -> str:
    merged: dict[str, int] = {}
    for name, power in factors:
        merged[name] = merged.get(name, 0) + power
    items = sorted((n, p) for n, p in merged.items() if p)
    return "·".join(n if p == 1 else f"{n}^{p}" for n, p in items)


def unit_key(unit: str | None, currency: str | None = None, *, money: bool = False) -> str:
    """The comparison key of an extractor's (or a gold file's) unit and currency; see the module docstring."""
    text = _clean(unit or "")
    lower = text.lower()
    if lower in SUBUNITS:
        return f"cur:{SUBUNITS[lower]}"
    if currency:
        return f"cur:{currency.upper()}"
    if lower in PERCENT or lower == "percentage":
        return "percent"
    if lower in NO_UNIT:
        return "count"
    if money:
        found = _pick(_tables()[1].get(lower, []) + _tables()[1].get(_singular(lower), []), True)
        if found is not None and found.entity.name == "currency":
            code = getattr(found, "currency_code", None)
            return f"cur:{code}" if code else f"cur:?{found.name}"
        if re.fullmatch(r"[A-Z]{3}", text):
            return f"cur:{text}"
        return f"cur:?{lower}"
    factors = _factors(text)
    if factors is None:
        return f"count:{_singular(lower)}"
    if factors == [("percentage", 1)]:
        return "percent"
    symbols, surfaces, names = _tables()
    only = names.get(factors[0][0]) if len(factors) == 1 and factors[0][1] == 1 else None
    if only is not None and only.entity.name == "currency":
        code = getattr(only, "currency_code", None)
        return f"cur:{code}" if code else f"cur:?{only.name}"
    return _render(factors)


def same_unit(gold: str, got: str) -> bool:
    """Whether a predicted unit key counts as the gold one: equal keys; a counted noun for a gold count; any
    currency for a gold currency named without its country ("Franc", "Rupee": ``cur:?franc``)."""
    if gold == got:
        return True
    if gold == "count":
        return got.startswith("count:")
    if gold.startswith("cur:?"):
        return got.startswith("cur:")
    return False


def predicted_key(q: dict[str, Any]) -> str:
    """The key of one extractor output (``unit`` and ``currency`` as in claimledger's quantity dicts)."""
    return unit_key(q.get("unit"), q.get("currency") or None)
