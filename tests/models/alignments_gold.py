"""Score a run's version alignment against ``tests/gold/alignments.json`` (hand-written from the papers).

A gold quote names the run's sentence of its document that contains it (normalised as the scorers do).
Sentence pairs: recall over the gold pairs; precision over the run's pairs whose first sentence the gold
annotates against that document (the gold lists all counterparts of every sentence it annotates, and
names sentences with none). Number changes: recall over the gold changes (the run's ``changed`` row joins
the two claims, found by sentence and value); precision over the run's changed rows inside gold sentence
pairs.

``python -m tests.models.alignments_gold LEDGER`` prints the report.
"""
from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.models.groups_gold import _close, norm

GOLD = Path(__file__).resolve().parents[1] / "gold" / "alignments.json"


@dataclass
class Report:
    """Counts for sentence pairs and number changes, and the misses of each."""

    pairs: dict[str, int] = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0})
    changes: dict[str, int] = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0})
    kinds: dict[str, list[int]] = field(default_factory=dict)
    unlocated: int = 0
    lines: list[str] = field(default_factory=list)

    @staticmethod
    def _p(c: Mapping[str, int]) -> float:
        return c["tp"] / max(1, c["tp"] + c["fp"])

    @staticmethod
    def _r(c: Mapping[str, int]) -> float:
        return c["tp"] / max(1, c["tp"] + c["fn"])

    @property
    def pair_precision(self) -> float:
        return self._p(self.pairs)

    @property
    def pair_recall(self) -> float:
        return self._r(self.pairs)

    @property
    def change_precision(self) -> float:
        return self._p(self.changes)

    @property
    def change_recall(self) -> float:
        return self._r(self.changes)

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(self.kinds.items()))
        return (f"sentence pairs: precision {self.pair_precision:.3f} recall {self.pair_recall:.3f} "
                f"({self.pairs}); found by gold kind: {kinds}; number changes: precision "
                f"{self.change_precision:.3f} recall {self.change_recall:.3f} ({self.changes}); "
                f"quotes not located: {self.unlocated}")


class Ledger:
    """The run's sentences, alignments, claims and number changes, read from a ledger folder."""

    def __init__(self, ledger: Path) -> None:
        with sqlite3.connect(ledger / "ledger.sqlite") as db:
            texts = dict(db.execute("select doc_id, text from documents"))
            self.sentences: dict[str, list[tuple[int, str, int, int]]] = {}
            for doc, k, start, end in db.execute(
                    "select doc_id, sentence, char_start, char_end from sentences order by doc_id, sentence"):
                self.sentences.setdefault(doc, []).append((k, norm(texts[doc][start:end]), start, end))
            self.pairs = {(a, sa, b, sb) for a, sa, b, sb in
                          db.execute("select doc_a, sentence_a, doc_b, sentence_b from alignments")}
            self.changed = {(a, b) for a, b in db.execute(
                "select claim_a, claim_b from number_changes where change = 'changed'")}
        with (ledger / "claims.csv").open(newline="", encoding="utf-8") as f:
            self.claims = [c for c in csv.DictReader(f) if c["origin"] == "text"]
        self.docs = sorted(self.sentences)

    def doc(self, prefix: str) -> str:
        return next(d for d in self.docs if d.startswith(prefix))

    def sentence(self, prefix: str, quote: str) -> int | None:
        """The index of the sentence of document ``prefix`` that holds ``quote`` (or its first five words)."""
        rows = self.sentences[self.doc(prefix)]
        q = norm(quote)
        for needle in (q, " ".join(q.split()[:5])):
            hits = [k for k, text, _, _ in rows if needle in text]
            if hits:
                return hits[0]
        return None

    def claim(self, prefix: str, sentence: int, value: float) -> str | None:
        doc = self.doc(prefix)
        _, _, start, end = self.sentences[doc][sentence]
        hits = [c["claim_id"] for c in self.claims if c["doc_id"] == doc and start <= int(c["char_start"]) < end
                and _close(c["value"], value)]
        return hits[0] if hits else None


def score(ledger: Path, gold: Mapping[str, Any] | None = None) -> Report:
    gold = gold or json.loads(GOLD.read_text(encoding="utf-8"))
    run = Ledger(ledger)
    report = Report()
    truth: set[tuple[str, int, str, int]] = set()
    annotated: set[tuple[str, int, str]] = set()
    for p in gold["sentence_pairs"]:
        sa, sb = run.sentence(p["a"]["doc"], p["a"]["quote"]), run.sentence(p["b"]["doc"], p["b"]["quote"])
        if sa is None or sb is None:
            report.unlocated += 1
            report.lines.append(f"UNLOCATED {p['a']['doc']}-{p['b']['doc']}: {p['a']['quote'][:50]!r}")
            continue
        da, db = run.doc(p["a"]["doc"]), run.doc(p["b"]["doc"])
        truth.add((da, sa, db, sb))
        annotated.add((da, sa, db))
        tally = report.kinds.setdefault(p["kind"], [0, 0])
        tally[1] += 1
        tally[0] += (da, sa, db, sb) in run.pairs
    for u in gold.get("unaligned", []):
        sa = run.sentence(u["a"]["doc"], u["a"]["quote"])
        if sa is not None:
            annotated.add((run.doc(u["a"]["doc"]), sa, run.doc(u["b_doc"])))
    relevant = {p for p in run.pairs if (p[0], p[1], p[2]) in annotated}
    report.pairs = {"tp": len(relevant & truth), "fp": len(relevant - truth), "fn": len(truth - run.pairs)}
    for da, sa, db, sb in sorted(truth - run.pairs):
        report.lines.append(f"MISSED {da[:3]}:{sa} - {db[:3]}:{sb}")
    for da, sa, db, sb in sorted(relevant - truth):
        report.lines.append(f"SPURIOUS {da[:3]}:{sa} - {db[:3]}:{sb}")
    gold_changes: set[tuple[str, str]] = set()
    for c in gold["number_changes"]:
        sa, sb = run.sentence(c["a"]["doc"], c["a"]["quote"]), run.sentence(c["b"]["doc"], c["b"]["quote"])
        ca = run.claim(c["a"]["doc"], sa, c["a"]["value"]) if sa is not None else None
        cb = run.claim(c["b"]["doc"], sb, c["b"]["value"]) if sb is not None else None
        if ca is None or cb is None:
            report.changes["fn"] += 1
            report.lines.append(f"CHANGE NOT EXTRACTED {c['a']['doc']}:{c['a']['value']} -> "
                                f"{c['b']['doc']}:{c['b']['value']}")
            continue
        gold_changes.add((ca, cb))
    in_pairs = {(c["claim_id"]): (c["doc_id"], int(c["char_start"])) for c in run.claims}
    spans = {(d, k): (s, e) for d, rows in run.sentences.items() for k, _, s, e in rows}

    def inside(claim: str, doc: str, k: int) -> bool:
        where = in_pairs.get(claim)
        return where is not None and where[0] == doc and spans[(doc, k)][0] <= where[1] < spans[(doc, k)][1]
    relevant_changes = {(a, b) for a, b in run.changed
                        if any(inside(a, da, sa) and inside(b, db, sb) for da, sa, db, sb in truth)}
    report.changes["tp"] = len(gold_changes & run.changed)
    report.changes["fn"] += len(gold_changes - run.changed)
    report.changes["fp"] = len(relevant_changes - gold_changes)
    for a, b in sorted(gold_changes - run.changed):
        report.lines.append(f"CHANGE MISSED {a} -> {b}")
    for a, b in sorted(relevant_changes - gold_changes):
        report.lines.append(f"CHANGE SPURIOUS {a} -> {b}")
    return report


if __name__ == "__main__":
    result = score(Path(sys.argv[1]))
    print("\n".join(result.lines))
    print(result.summary())
