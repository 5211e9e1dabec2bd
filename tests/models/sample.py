"""Draw the seeded random samples a reader judges by hand (issue 12): non-conflict groups, and claims.

``python -m tests.models.sample groups LEDGER [--seed 2026] [--n 30]`` prints every conflict group and a
sample of the other groups, each with its members' documents, values and sentences (a table cell: its
caption and labels); ``python -m tests.models.sample claims LEDGER [--seed 2026] [--n 40]`` prints a sample
of claims with their ``quantity``. The judgements are written by reading the papers, not by this script.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path


def _claims(ledger: Path) -> dict[str, dict[str, str]]:
    with (ledger / "claims.csv").open(newline="", encoding="utf-8") as f:
        return {row["claim_id"]: row for row in csv.DictReader(f)}


def _member(c: dict[str, str]) -> str:
    where = (f"table {c['table_id']} row {c['row_label']!r} col {c['col_label']!r}" if c["origin"] == "table"
             else f"chars {c['char_start']}-{c['char_end']}")
    return (f"  - {c['doc_id'][:3]} {c['text']!r} = {c['value']} {c['unit']} {c['currency']} ({where})\n"
            f"    quantity: {c['quantity']}\n    sentence: {' '.join(c['sentence'].split())[:400]}")


def groups(ledger: Path, seed: int, n: int) -> str:
    claims = _claims(ledger)
    data = json.loads((ledger / "reconciliation.json").read_text(encoding="utf-8"))["groups"]
    conflicts = [g for g in data if g["verdict"] == "conflict"]
    others = sorted((g for g in data if g["verdict"] != "conflict"), key=lambda g: g["group_id"])
    sample = random.Random(seed).sample(others, min(n, len(others)))
    out = []
    for title, chosen in ((f"conflict groups ({len(conflicts)})", conflicts),
                          (f"other groups: {len(sample)} of {len(others)}, seed {seed}", sample)):
        out.append(f"# {title}\n")
        for g in chosen:
            out.append(f"## {g['group_id']} {g['verdict']}: {g['quantity']}")
            out += [_member(claims[cid]) for cid in g["claim_ids"]]
            out.append("")
    return "\n".join(out)


def claims(ledger: Path, seed: int, n: int) -> str:
    rows = sorted(_claims(ledger).values(), key=lambda c: c["claim_id"])
    sample = random.Random(seed).sample(rows, min(n, len(rows)))
    return "\n".join([f"# claims: {len(sample)} of {len(rows)}, seed {seed}\n"] + [_member(c) for c in sample])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("groups", "claims"))
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--n", type=int)
    args = parser.parse_args()
    if args.what == "groups":
        print(groups(args.ledger, args.seed, args.n or 30))
    else:
        print(claims(args.ledger, args.seed, args.n or 40))


if __name__ == "__main__":
    main()
