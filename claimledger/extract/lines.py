"""Quantities of arbitrary text, line by line, as plain dicts: what ``claimledger quantities`` prints."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from claimledger.extract.canonical import canonical
from claimledger.extract.counted import counted_units
from claimledger.extract.nlp import load_nlp
from claimledger.extract.quantities import quantities

FIELDS = ("text", "start", "end", "value", "value_low", "value_high", "unit", "currency", "approx", "unit_written")


def line_quantities(lines: Iterable[str]) -> Iterator[list[dict[str, Any]]]:
    """For each line, its quantities with offsets into that line and counted nouns as units."""
    nlp = load_nlp()
    for parsed in nlp.pipe(lines, batch_size=256):
        found = counted_units(parsed[:], list(quantities(parsed.text)))
        yield [{**{f: getattr(q, f) for f in FIELDS},
                **dict(zip(("unit_canonical", "dimension"), canonical(q.unit, q.currency, q.unit_written)))}
               for q in found]
