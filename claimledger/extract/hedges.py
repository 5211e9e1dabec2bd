"""Hedges written before a number ("slightly more than", "almost", "some") and the interval they imply."""
from __future__ import annotations

import re

from claimledger.extract.units import key

# Surface form -> normalised operator. Order does not matter: the longest match wins.
HEDGES: dict[str, str] = {
    "slightly more than": ">", "slightly over": ">", "just over": ">", "a little over": ">", "more than": ">",
    "over": ">", "above": ">", "exceeding": ">", "in excess of": ">", "upwards of": ">", "greater than": ">",
    "higher than": ">", "well over": ">", "well above": ">", "at least": ">=", "no less than": ">=",
    "not less than": ">=", "a minimum of": ">=", "less than": "<", "fewer than": "<", "under": "<",
    "below": "<", "lower than": "<", "at most": "<=", "no more than": "<=", "not more than": "<=",
    "up to": "<=", "a maximum of": "<=", "almost": "<~", "nearly": "<~", "close to": "<~",
    "just under": "<~", "slightly less than": "<~", "slightly below": "<~", "not quite": "<~",
    "just below": "<~", "not even": "<", "some": "~", "about": "~", "around": "~", "approximately": "~", "roughly": "~",
    "circa": "~", "ca.": "~", "approx.": "~", "an estimated": "~", "estimated at": "~", "of the order of": "~",
    "on the order of": "~", "close on": "~", "in the region of": "~", "almost exactly": "~",
}
# Comparison signs written before a number: "p < 0.05", "≥ 18", "~300".
SIGNS: dict[str, str] = {"<": "<", ">": ">", "<=": "<=", ">=": ">=", "≤": "<=", "≥": ">=", "~": "~", "≈": "~"}
_SIGN = re.compile(r"(?<![<>=])(" + "|".join(re.escape(h) for h in sorted(SIGNS, key=len, reverse=True)) + r")\s?$")
# "adds up to", "amounted to": verbs of totalling are not hedges
_PATTERN = re.compile(r"(?<![\w-])(?<!adds )(?<!added )(?<!add )(?<!sums )(?<!summed )("
                      + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))
                      + r")\s+(?:(?:the|a|an|of)\s+)?$", re.IGNORECASE)

# How each operator moves the interval of a value X (DESIGN.md): (low factor, high factor).
_FACTORS: dict[str, tuple[float, float]] = {
    ">": (1.0, 1.2), ">=": (1.0, 1.2), "<": (0.8, 1.0), "<=": (0.8, 1.0), "<~": (0.95, 1.0), "~": (0.9, 1.1),
}


def hedge_before(text: str, start: int) -> tuple[tuple[str, str], int]:
    """The hedge ending right before ``start``: ((as written, normalised), where it starts)."""
    m = _PATTERN.search(text[max(0, start - 40):start])
    if m is None:
        sign = _SIGN.search(text[max(0, start - 3):start])
        if sign is None:
            return ("", ""), start
        return (sign.group(1), SIGNS[sign.group(1)]), start - (len(text[max(0, start - 3):start]) - sign.start())
    written = m.group(1)
    return (written, HEDGES[key(written)]), start - (len(text[max(0, start - 40):start]) - m.start())


def interval(value: float, precision: float, approx: str, hedge: str = "") -> tuple[float, float]:
    """The interval a written value allows: its precision, widened or moved by its hedge.

    "slightly more than X" is [X, 1.05X]; "more than X" (X, 1.2X]; "almost X" [0.95X, X]; "some X" ±10%.
    """
    low, high = value - precision, value + precision
    lo_f, hi_f = _FACTORS.get(approx, (1.0, 1.0))
    if hedge.lower().startswith(("slightly", "just", "a little")) and approx == ">":
        hi_f = 1.05
    if approx:
        a, b = sorted((value * lo_f, value * hi_f))
        low, high = min(low, a), max(high, b)
        if approx in (">", ">=", "<~") or approx.startswith(">"):
            low = max(low, value - precision)
        if approx in ("<", "<=", "<~"):
            high = min(high, value + precision)
    return low, high
