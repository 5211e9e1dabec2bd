"""The unit a table cell is stated in, read from its row label, column label or caption:
"(US$ million)", "(millions of dollars)", "(thousands)", "%", "per 1000", "in current dollars"."""
from __future__ import annotations

import re

from claimledger.extract.units import canonical_noun

_SCALES = [(r"\bbillions?\b|\bbn\b", 1e9), (r"\bmillions?\b", 1e6), (r"\bthousands?\b", 1e3)]
_MONEY = re.compile(r"US\\?\$|\bUSD\b|\bdollars?\b|\$", re.IGNORECASE)
_PER = re.compile(r"\bper\s+(1[,.]?000|100[,.]?000|100|thousand)\b", re.IGNORECASE)
_PERCENT = re.compile(r"%|\bpercent(age)?\b|\brate\b(?!.*\bper\b)", re.IGNORECASE)
_NUMBER_OF = re.compile(r"\bnumber\s+of\s+([^\W\d_]{3,})", re.IGNORECASE)
_PERSONS = re.compile(r"\b(population|migrants|emigrants|immigrants|persons|people|employment|workers|employees)\b",
                      re.IGNORECASE)
_MIGRATION = re.compile(r"\b(?:e|im)?migration\b", re.IGNORECASE)


def unit_of(*texts: str) -> tuple[str, str, float]:
    """(unit, currency, scale) of the first text that names one; row label before column label before
    caption, since a row "Exports (millions of dollars)" overrides its table's caption."""
    for text in texts:
        found = _one(text)
        if found is not None:
            return found
    return "", "", 1.0


def _one(text: str) -> tuple[str, str, float] | None:
    scale = next((s for pattern, s in _SCALES if re.search(pattern, text, re.IGNORECASE)), 1.0)
    if _MONEY.search(text):
        return "USD", "USD", scale
    per = _PER.search(text)
    if per:
        return f"per {per.group(1).replace(',', '').replace('.', '').replace('thousand', '1000')}", "", 1.0
    if "%" in text or re.search(r"\bpercent", text, re.IGNORECASE):
        return "percent", "", 1.0
    counted = _NUMBER_OF.search(text)
    if counted:  # "number of municipalities"
        return canonical_noun(_singular(counted.group(1))), "", scale
    if scale != 1.0:  # "Net Annual Migration (thousands)": a flow of people, counted in thousands
        return ("person" if _PERSONS.search(text) or _MIGRATION.search(text) else ""), "", scale
    if re.search(r"\bnet\s+(?:annual\s+)?(?:e|im)?migration\b", text, re.IGNORECASE):
        return "person", "", 1.0
    if _PERSONS.search(text):
        return "person", "", 1.0
    return None


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
