"""Unit symbols of science text after a number: "80 mV m−1", "10 km s−1", "56 Ma", "0.5‰", "12 mA g− 1".

A unit expression is one or more symbols (an SI prefix and a base symbol, or a symbol that takes no prefix),
each with an optional exponent ("−1", "^2", "²"), joined by a space, "/" or a middle dot. The exponents belong
to the unit, so they are never read as numbers of their own. pint names what was read
(:func:`claimledger.extract.canonical.physical`); the grammar is written here because pint, given free text,
reads English words as units ("at" is a technical atmosphere, "as" an attosecond) and so cannot be asked where
a unit ends.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.extract.canonical import physical

_PREFIXES = "YZEPTGMkhdcmμµunpf"
# Symbols that take an SI prefix ("mV", "kPa", "μbar", "MeV"); a bare "A", "C", "F", "H", "S", "T" or "Pa"
# alone after a number is too often a letter of a name or a label, so those are read only with a prefix.
_PREFIXED = ("eV", "Pa", "Hz", "Wb", "mol", "bar", "Gy", "Sv", "Bq", "Da", "m", "g", "s", "A", "K", "N", "J",
             "W", "C", "V", "F", "Ω", "S", "T", "H", "L", "l", "M", "a", "yr")
_BARE_ONLY = ("eV", "Pa", "Hz", "mol", "bar", "Gy", "Sv", "Bq", "Da", "m", "g", "s", "K", "N", "J", "W", "V", "Ω",
              "L", "M", "min", "h", "hr", "d", "yr", "yrs", "year", "ppm", "ppb", "ppt", "mmHg", "Torr", "rpm", "Å",
              "AU", "Mt", "Gt", "U", "Rp", "RJ", "kR", "MR")
# Signs and marks that are units without a space rule: per mille, degrees of arc and of latitude/longitude.
_MARKS = ("‰", "°C", "°F", "°N", "°S", "°E", "°W", "°", "wt.%", "wt. %", "wt%", "wt %", "at.%", "vol.%", "vol%",
          "vol %", "mol%")
_WORDS = {"ppm": "part per million", "ppb": "part per billion", "ppt": "part per trillion", "‰": "permille",
          "wt.%": "weight percent", "wt. %": "weight percent", "wt%": "weight percent", "at.%": "percent",
          "vol.%": "percent", "vol%": "percent", "vol %": "percent", "wt %": "weight percent", "mol%": "percent",
          "°N": "degree", "°S": "degree", "°E": "degree", "°W": "degree",
          "yrs": "year", "Torr": "torr",
          # units of planetary science pint lacks: a planet's radius, Jupiter's, the rayleigh of auroral emission
          "Rp": "planetary radius", "RJ": "Jupiter radius", "kR": "kilorayleigh", "MR": "megarayleigh"}
_TO_PINT = {"°C": "degC", "°F": "degF", "°": "degree", "μ": "u", "µ": "u", "Ω": "ohm", "l": "L", "M": "molar",
            "h": "hour", "d": "day", "Da": "dalton", "Å": "angstrom",
            "AU": "astronomical_unit", "U": "enzyme_unit"}


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_EXPONENT = r"(?:\^?[-−–]\s?[1-4]|\^[1-4]|[⁻]?[¹²³⁴]|(?<=[a-zA-Z])[23](?![\d.,]))"
_SYMBOL = rf"(?:[{_PREFIXES}](?:{_alternation(_PREFIXED)})|{_alternation(_BARE_ONLY)})"
# a term may be glued to the one before it when it writes its own exponent: "mWm−2", "kgs-1"
_GLUED = rf"(?:{_SYMBOL})(?:\^?[-−–]\s?[1-4]|[⁻]?[¹²³⁴])(?![\w%‰°])"
_TERM = rf"(?:{_SYMBOL}){_EXPONENT}?(?:(?![\w%‰°])|(?={_GLUED}))"
_UNIT = re.compile(rf"(\s?)({_alternation(_MARKS)}|{_TERM}(?:(?:\s|\s?[/·⋅]\s?)?{_TERM})*)")
_SUPERSCRIPTS = str.maketrans("⁻¹²³⁴", "-1234")


@dataclass(frozen=True)
class SciUnit:
    """A unit expression read after a number: where it ends, its text, and pint's canonical name for it."""

    end: int
    written: str
    name: str


def sci_unit(text: str, at: int) -> SciUnit | None:
    """The unit expression starting at ``at`` (right after a number), None when there is none pint names."""
    m = _UNIT.match(text, at)
    if m is None:
        return None
    written = m.group(2)
    if written in {"pH", "U"} or not m.group(1) and written in {"h", "d", "a", "s", "m", "g"} \
            and _word_after(text, m.end()):  # a bare "U" is a label or uranium; "U/ml" an enzyme unit
        return None
    name = _name(written)
    return SciUnit(m.end(), written, name) if name else None


def _word_after(text: str, end: int) -> bool:
    return bool(re.match(r"[A-Za-z]", text[end:end + 1]))


def _name(written: str) -> str:
    """pint's name for a unit expression ("millivolt / meter"), or claimledger's word for a share."""
    if written in _WORDS and not written.startswith("°") and written not in {"yrs", "Torr"}:
        return _WORDS[written]
    found = physical(_pint_expression(written))
    return found[0] if found is not None else ""


def _pint_expression(written: str) -> str:
    if written in _WORDS:
        return _WORDS[written]
    if written in _TO_PINT:
        return _TO_PINT[written]
    # "km s−1", "mA g− 1", "mg/L", "W·m−2", "mWm−2": terms read one after the other (the space inside an
    # exponent is the exponent's), "/" kept, spaces and dots between terms dropped
    flat = re.sub(r"\s*[·⋅]\s*", " ", written.strip().translate(_SUPERSCRIPTS))
    out, at = [], 0
    for m in _PINT_TERM.finditer(flat):
        if flat[at:m.start()].strip():
            return ""
        at = m.end()
        if m.group(0) == "/":
            out.append("/")
            continue
        exponent = re.sub(r"[\s^]", "", m.group(2) or "").replace("−", "-").replace("–", "-")
        out.append(_pint_symbol(m.group(1)) + (f"**{exponent}" if exponent else ""))
    if flat[at:].strip() or not out:
        return ""
    return " ".join(out).replace(" / ", "/").replace(" ", " * ")


_PINT_TERM = re.compile(rf"/|({_SYMBOL})(\^?[-−–]\s?\d|\^?\d)?")


def _pint_symbol(symbol: str) -> str:
    """A symbol as pint spells it: "μm" is "um", "Ma" a megayear ("a" is the annum), "mM" millimolar."""
    if symbol in _TO_PINT:
        return _TO_PINT[symbol]
    if symbol in _BARE_ONLY:
        return symbol
    prefix, base = symbol[0], symbol[1:]
    return ("u" if prefix in "μµ" else prefix) + _TO_PINT.get(base, base)
