"""Score a run's ``quantity`` phrases against ``tests/gold/quantities.json`` (hand-written from the papers).

Each gold entry names a claim (its document, a snippet of its sentence, its value) and what the claim
measures, with ``must``: groups of word stems, one stem of each group to be found as the start of a word of
the run's ``quantity`` for that claim. A claim the run does not extract counts as wrong.

``python -m tests.models.quantity_gold LEDGER`` prints every miss and the score.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.models.groups_gold import _close, norm

GOLD = Path(__file__).resolve().parents[1] / "gold" / "quantities.json"


@dataclass
class Report:
    right: int = 0
    total: int = 0
    missing: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / max(1, self.total)


def holds(quantity: str, must: Sequence[Sequence[str]]) -> bool:
    """Whether every group of stems has one that starts a word of ``quantity``."""
    found = re.findall(r"[a-z0-9]+", norm(quantity))
    return all(any(w.startswith(stem) for stem in group for w in found) for group in must)


def score(ledger: Path, gold: Mapping[str, Any] | None = None) -> Report:
    gold = gold or json.loads(GOLD.read_text(encoding="utf-8"))
    with (ledger / "claims.csv").open(newline="", encoding="utf-8") as f:
        claims = [c for c in csv.DictReader(f) if c["origin"] == "text"]
    report = Report()
    for e in gold["entries"]:
        report.total += 1
        snippet = norm(e["snippet"])
        hits = [c for c in claims if c["doc_id"].startswith(e["doc_id"]) and snippet in norm(c["sentence"])
                and _close(c["value"], float(e["value"]))]
        if not hits:
            report.missing += 1
            report.lines.append(f"NOT EXTRACTED {e['doc_id']} {e['text']!r}: {e['snippet'][:60]!r}")
            continue
        if any(holds(c["quantity"], e["must"]) for c in hits):
            report.right += 1
        else:
            report.lines.append(f"WRONG {e['doc_id']} {e['text']!r} got {hits[0]['quantity']!r}; "
                                f"gold {e['measured']!r} must {e['must']}")
    return report


if __name__ == "__main__":
    result = score(Path(sys.argv[1]))
    print("\n".join(result.lines))
    print(f"quantity right {result.right}/{result.total} ({result.share:.3f}); not extracted {result.missing}")
