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
