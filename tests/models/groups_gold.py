"""Score a run's reconciliation against ``tests/gold/groups.json`` (hand-written from the papers).

A gold member is found among the run's claims by document prefix and value (within 0.5%, a percent also as
a fraction) and either a snippet of its sentence or, for a table cell, the words of its row and column
labels. A gold group passes when one run group holds all of its found members (at least two) with a verdict
the gold accepts; a trap passes when its two members are found and share no group. Pairwise precision and
recall count pairs of found gold members: a pair the run puts in one group is right when the gold does.

``python -m tests.models.groups_gold LEDGER`` prints the report.
"""
from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parents[1] / "gold" / "groups.json"


def norm(text: str) -> str:
    """The scorers' normalisation: NFKC, ASCII quotes and dashes, no emphasis marks, folded space, lower case."""
    text = unicodedata.normalize("NFKC", text or "").replace("\\$", "$")
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                                         "\u2013": "-", "\u2014": "-", "\u2212": "-"}))
    return " ".join(re.sub(r"[*_`]", "", text).split()).lower()


def _close(value: Any, target: float) -> bool:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return False
    return any(math.isclose(c, target, rel_tol=5e-3, abs_tol=1e-9) for c in (v, v * 100, v / 100))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", norm(text)))


def find(member: Mapping[str, Any], claims: Sequence[Mapping[str, Any]]) -> set[str]:
    """The claim ids a gold member names."""
    hits = [c for c in claims if str(c["doc_id"]).startswith(member["doc"]) and _close(c["value"], member["value"])]
    if "snippet" in member:
        return {c["claim_id"] for c in hits if member["snippet"] in norm(c["sentence"])}
    cells = [c for c in hits if c.get("origin") == "table"]
    scored = [(len(_words(member["row"]) & _words(c.get("row_label") or "")) * 2
               + len(_words(member["col"]) & _words(c.get("col_label") or ""))
               + 0.5 * len(_words(member["table"]) & _words(c.get("quantity") or "")), c["claim_id"]) for c in cells]
    best = max((s for s, _ in scored), default=0)
    return {cid for s, cid in scored if s == best and s > 0}


@dataclass
class Report:
    """Per kind: [right, total]; traps [kept apart, total]; pairwise counts; one line per entry."""

    kinds: dict[str, list[int]] = field(default_factory=dict)
    traps: list[int] = field(default_factory=lambda: [0, 0])
    pairs: dict[str, int] = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0})
    lines: list[str] = field(default_factory=list)

    def rate(self, kind: str) -> float:
        right, total = self.kinds.get(kind, [0, 0])
        return right / total if total else 1.0

    @property
    def other(self) -> float:
        right = sum(v[0] for k, v in self.kinds.items() if k != "conflict")
        total = sum(v[1] for k, v in self.kinds.items() if k != "conflict")
        return right / total if total else 1.0

    @property
    def trap_rate(self) -> float:
        return self.traps[0] / self.traps[1] if self.traps[1] else 1.0

    @property
    def precision(self) -> float:
        return self.pairs["tp"] / max(1, self.pairs["tp"] + self.pairs["fp"])

    @property
    def recall(self) -> float:
        return self.pairs["tp"] / max(1, self.pairs["tp"] + self.pairs["fn"])

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(self.kinds.items()))
        return (f"groups: {kinds}; other {self.other:.3f}; traps {self.traps[0]}/{self.traps[1]}; "
                f"pairwise precision {self.precision:.3f} recall {self.recall:.3f}")


def score(claims: Sequence[Mapping[str, Any]], groups: Iterable[Mapping[str, Any]],
          gold: Mapping[str, Any] | None = None) -> Report:
    """Score run ``groups`` (reconciliation.json's) over ``claims`` (claims.csv rows as dicts)."""
    gold = gold or json.loads(GOLD.read_text(encoding="utf-8"))
    groups = list(groups)
    member_of: dict[str, list[int]] = {}
    for k, g in enumerate(groups):
        for cid in g["claim_ids"]:
            member_of.setdefault(cid, []).append(k)
    report = Report()
    located: list[tuple[str, str]] = []  # (gold group id, claim id) of every found gold member
    for g in gold["groups"]:
        ids = [find(m, claims) for m in g["members"]]
        found = [s for s in ids if s]
        located += [(g["id"], next(iter(sorted(s)))) for s in found]
        tally = report.kinds.setdefault(g["kind"], [0, 0])
        tally[1] += 1
        ok, why = False, f"members not found: {[m['doc'] for m, s in zip(g['members'], ids) if not s]}"
        if len(found) >= 2:
            shared = set.intersection(*({k for cid in s for k in member_of.get(cid, [])} for s in found))
            verdicts = sorted({groups[k]["verdict"] for k in shared})
            ok = any(v in g["expect"] for v in verdicts)
            why = f"one group, verdict {verdicts}" if shared else "not in one group"
        tally[0] += ok
        report.lines.append(f"{'PASS' if ok else 'FAIL'} {g['id']}: {why}")
    def groups_of(ids: set[str]) -> set[int]:
        return {k for cid in ids for k in member_of.get(cid, [])}
    for t in gold["traps"]:
        a, b = (find(m, claims) for m in t["members"])
        together = bool(groups_of(a) & groups_of(b))
        ok = bool(a) and bool(b) and not together
        report.traps[0] += ok
        report.traps[1] += 1
        report.lines.append(f"{'PASS' if ok else 'FAIL'} {t['id']}: "
                            + ("kept apart" if ok else "merged" if together else "members not found"))
    for (ga, ca), (gb, cb) in combinations(located, 2):
        if ca == cb:
            continue
        together = bool(set(member_of.get(ca, [])) & set(member_of.get(cb, [])))
        same = ga == gb
        key = "tp" if together and same else "fp" if together else "fn" if same else "tn"
        report.pairs[key] = report.pairs.get(key, 0) + 1
    return report


def score_ledger(ledger: Path) -> Report:
    import csv

    with (ledger / "claims.csv").open(newline="", encoding="utf-8") as f:
        claims = list(csv.DictReader(f))
    groups = json.loads((ledger / "reconciliation.json").read_text(encoding="utf-8"))["groups"]
    return score(claims, groups)


if __name__ == "__main__":
    result = score_ledger(Path(sys.argv[1]))
    print("\n".join(result.lines))
    print(result.summary())
