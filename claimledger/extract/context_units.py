"""The unit of each number in a sentence, read from the sentence and the text before it.

A number's own unit wins ("12%", "US$5"); a bare count takes its counted noun ("300 Latino radio
stations"); then the unit of a count stated just before it in the sentence ("385,000 individuals ... and
1.4 million"), or of a count it is joined to ("from 12.9 to 15.9 million households"); a bare multiple
after a multiple is one too ("5.7 times higher ..., and 6.8 higher"). A sentence that points back ("the
figures are 86,000 and 327,000", "Of these, 86,000 ..."), or a large bare count with nothing to count
("a total of 1.2 million in the US"), takes the unit of the last count read before it.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from claimledger.extract.counted import subject_of, tokens_of, unit_for_count
from claimledger.models.records import Quantity

_I = re.IGNORECASE
# Units of shares and multiples: a bare count never inherits them from a neighbouring number.
NOT_COUNTS = {"percent", "percentage point", "fold", "ratio"}
# Counts of the text's own parts and of its argument's pieces ("divided into five sections", "two paradoxes"):
# claims, but of this text only, so never the same quantity as another document's and never a fact.
STRUCTURAL = frozenset("""section chapter part paper article paradox contradiction dimension axis aspect point
question issue hypothesis thesis argument contribution objective aim goal lesson conclusion finding step way
reason feature idea theme topic challenge perspective approach proposal recommendation premise table figure
chart graph appendix page paragraph footnote note example mechanism modality dilemma principle criterion
characteristic element axe""".split())
_POINTS_BACK = re.compile(
    r"^\s*(this|these|the|such|that|those)\s+(figure|figures|number|numbers|amount|sum|total|estimate|estimates|"
    r"latter|former|data)\b(?!\s+of\b)|^\s*(this|these|such|that|those)\s+(group|groups|segment|contingent|population)\b|\b(the|these|those|such)\s+(figures?|"
    r"numbers?|estimates?)\s+(are|is|were|was|stand|stood)\b|^\s*(of|among)\s+(these|them|those|whom)\b|"
    r"^\s*(the latter|the former)\b", _I)
_COMPARATIVE = re.compile(r"\s+(?:times\s+)?(higher|lower|greater|larger|bigger|smaller|more|less|as)\b", _I)
_JOINED = re.compile(r"\s*(?:to|\+|and|or|-|–)\s*$", _I)


def points_back(text: str) -> bool:
    """Whether the clause opens by pointing at the sentence before ("This figure", "Of these")."""
    return _POINTS_BACK.search(text) is not None


def sentence_units(sent: Span, found: list[Quantity], previous_unit: str) -> list[str]:
    """The unit of each quantity in ``found`` (quantities of ``sent.text``, in order)."""
    text, base = sent.text, sent.start_char
    units: list[str] = []
    weak: set[int] = set()  # units guessed from the clause's subject, not from the number's own words
    for i, q in enumerate(found):
        unit, guessed = (q.unit, False) if q.unit else \
            _count_unit(sent, text, base, found, i, units, previous_unit)
        units.append(unit)
        if guessed:
            weak.add(i)
    for i in range(len(found) - 2, -1, -1):  # "from 12.9 to 15.9 million households": 12.9 counts households
        a, b = found[i], found[i + 1]
        if (not units[i] or i in weak) and units[i + 1] and i + 1 not in weak and not b.currency \
                and _JOINED.match(text[a.end:b.start]):
            units[i] = units[i + 1]
    return units


def _count_unit(sent: Span, text: str, base: int, found: list[Quantity], i: int, units: list[str],
                previous_unit: str) -> tuple[str, bool]:
    """The unit of a bare number, and whether it is only guessed from the clause's subject."""
    q = found[i]
    after_fold = "fold" in units[:i]
    if after_fold and _COMPARATIVE.match(text, q.end):
        return "fold", False
    toks = tokens_of(sent, base + q.start, base + q.end)
    own = unit_for_count(toks, None)
    unit = own or unit_for_count(toks, subject_of(toks))
    if unit == "ratio" and after_fold:
        return "fold", False  # "2.6 times that of Mexico ... the ratio had increased to 2.9"
    if unit:
        return unit, not own
    return _context_unit(text, found, i, units, previous_unit), False


def _context_unit(text: str, found: list[Quantity], i: int, units: list[str], previous_unit: str) -> str:
    q = found[i]
    for earlier, earlier_unit in zip(reversed(found[:i]), reversed(units)):
        if earlier_unit and earlier_unit not in NOT_COUNTS and not earlier.currency:
            return earlier_unit
    large = q.scale >= 1e3 or q.value >= 1000
    if previous_unit not in NOT_COUNTS and (large or points_back(text[:q.start])) and not q.currency:
        return previous_unit
    return ""
