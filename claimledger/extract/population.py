"""Population qualifiers of a measured thing, which decide whether two claims may be grouped at all:
born in Mexico or of Mexican origin, Latino, aged N and older, first or second generation, undocumented,
temporary, women."""
from __future__ import annotations

import re

_POPULATION = [
    (re.compile(r"\b(born in mexico|mexican[- ]born|mexico[- ]born|native[- ]born mexicans?)\b", re.I),
     "born in Mexico"),
    (re.compile(r"\b(of mexican origin|mexican[- ]origin|of mexican descent|mexican[- ]americans?)\b", re.I),
     "of Mexican origin"),
    (re.compile(r"\b(latinos?|hispanics?)\b", re.I), "Latino"),
    (re.compile(r"\baged?\s+(\d+)\s+(?:years\s+)?(?:and|or)\s+(?:older|over|above)\b", re.I), "aged {0}+"),
    (re.compile(r"\b(first|second|third)[- ]generation\b", re.I), "{0} generation"),
    (re.compile(r"\b(undocumented|unauthori[sz]ed|illegal)\b", re.I), "undocumented"),
    (re.compile(r"\b(temporary|circular|seasonal)\b", re.I), "temporary"),
    (re.compile(r"\b(women|female)\b", re.I), "women"),
]


def population(text: str) -> str:
    """Population qualifiers found in ``text``, normalised and joined with "; "."""
    found: list[str] = []
    for pattern, label in _POPULATION:
        m = pattern.search(text)
        if m:
            value = label.format(*(g.lower() for g in m.groups()))
            if value not in found:
                found.append(value)
    return "; ".join(found)


# Qualifiers that exclude each other: a figure said of one is not of the other.
_EXCLUSIVE = [("born in Mexico", "of Mexican origin")]
_BY_LABEL = {label: pattern for pattern, label in _POPULATION}


def restated_for(inherited: str, clause: str) -> str:
    """``inherited``, a measured thing taken from an earlier sentence, with its population qualifier replaced
    by the one the figure's own clause names where the two exclude each other ("This figure rises to 52.4% if
    the full spectrum of the population of Mexican origin ... is taken": not those born in Mexico)."""
    labels = _BY_LABEL
    for a, b in _EXCLUSIVE:
        for old, new in ((a, b), (b, a)):
            said = labels[new].search(clause)
            if labels[old].search(inherited) and said and not labels[new].search(inherited):
                return labels[old].sub(said.group(0), inherited, count=1)
    return inherited
