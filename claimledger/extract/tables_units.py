"""The unit a table cell is stated in, read from its row label, column label or caption:
"(US$ million)", "(millions of dollars)", "(thousands)", "%", "per 1000", "in current dollars"."""
from __future__ import annotations

import re

from claimledger.extract.units import canonical_noun

_SCALES = [(r"\bbillions?\b|\bbn\b", 1e9), (r"\bmillions?\b", 1e6), (r"\bthousands?\b", 1e3)]
_MONEY = re.compile(r"US\\?\$|\bUSD\b|\bdollars?\b|\$", re.IGNORECASE)
_PER = re.compile(r"\bper\s+(1[,.]?000|100[,.]?000|100|thousand)\b", re.IGNORECASE)
# "Productivity growth rate", "Rate of population growth": a percent, whatever grows (not "... per 1,000")
_GROWTH_RATE = re.compile(r"\b(?:growth\s+rate|rate\s+of\s+(?:\w+\s+){0,2}growth)\b(?!.*\bper\b)", re.IGNORECASE)
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
    counted = _counted(texts)  # none names a unit: what a label or caption counts by its words
    return (counted, "", 1.0) if counted else ("", "", 1.0)


# Plural column heads that name a measure of money or flows, not things counted one by one.
_NOT_COUNTED = frozenset("""exports imports remittances sales earnings wages savings totals others years means
results values rates shares costs prices revenues profits flows transfers payments assets deposits loans taxes
benefits expenditures investments losses gains averages""".split())


def _counted(texts: tuple[str, ...]) -> str:
    """The unit the labels (row, column, caption) give by what they are: a count of migration to a place counts
    people ("Mexican migration to the US, 1992-1997"); a column head that is one plural noun counts those
    things ("Projects"; a row label so written is more often a name, "Zacatecas"); "" for anything else."""
    for text in texts:
        if re.search(r"\bmigration\s+(?:to|from)\b", text, re.IGNORECASE) and \
                not re.search(r"\b(?:intensity|index|rate|probability)\b", text, re.IGNORECASE):
            return "person"
    head = re.fullmatch(r"\s*([A-Za-z]{4,}s)\s*\**\s*", texts[1]) if len(texts) > 1 else None
    if head and head.group(1).lower() not in _NOT_COUNTED:
        return canonical_noun(_singular(head.group(1)))
    return ""


def _one(text: str) -> tuple[str, str, float] | None:
    scale = next((s for pattern, s in _SCALES if re.search(pattern, text, re.IGNORECASE)), 1.0)
    if _MONEY.search(text):
        return "USD", "USD", scale
    per = _PER.search(text)
    if per:
        return f"per {per.group(1).replace(',', '').replace('.', '').replace('thousand', '1000')}", "", 1.0
    if "%" in text or re.search(r"\bpercent", text, re.IGNORECASE) or _GROWTH_RATE.search(text):
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
