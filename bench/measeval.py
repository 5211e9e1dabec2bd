"""What a number measures, on MeasEval (SemEval-2021 Task 8): science paragraphs nobody here wrote or tuned on.

Each gold Quantity with a MeasuredEntity (``HasQuantity``) is matched to the claim of its paragraph whose number
lies inside the gold Quantity span (character offsets of the paragraph as read, which the reader keeps for
plain text); the claim's ``quantity`` phrase is scored against the gold entity by token-overlap F1, the task's
own soft measure, and by whether it holds every token of the entity (a phrase may say more than the entity).
A gold quantity with no claim scores 0. Also reported: how many gold quantities have a claim at all.

    python -m bench.measeval [--split trial|train] [--verbose]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[2] / "shared" / "external" / "measeval"


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def f1(predicted: str, gold: str) -> float:
    """Token-overlap F1 of two phrases (bags of lower-case word tokens)."""
    p, g = Counter(_tokens(predicted)), Counter(_tokens(gold))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def gold(split: str) -> list[tuple[str, int, int, str, str]]:
    """(paragraph id, quantity start, end, quantity text, measured entity text) of every gold quantity that has
    a measured entity."""
    out = []
    for path in sorted((FOLDER / split / "tsv").glob("*.tsv")):
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        quantities = {r["annotId"]: r for r in rows if r["annotType"] == "Quantity"}
        for r in rows:
            if r["annotType"] != "MeasuredEntity":
                continue
            q = quantities.get(json.loads(r["other"] or "{}").get("HasQuantity", ""))
            if q is not None:
                out.append((r["docId"], int(q["startOffset"]), int(q["endOffset"]), q["text"], r["text"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="trial", choices=("trial", "train"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not (FOLDER / args.split / "tsv").is_dir():
        sys.exit(f"{FOLDER / args.split}: MeasEval is not there (see ../shared/external/README.md)")
    from claimledger.corpus.readers import read_document
    from claimledger.extract.claims import claims
    from claimledger.extract.nlp import load_nlp

    nlp = load_nlp()
    expected = gold(args.split)
    found: dict[str, list] = {}
    for doc_id in sorted({e[0] for e in expected}):
        found[doc_id] = list(claims(read_document(FOLDER / args.split / "text" / f"{doc_id}.txt"), nlp=nlp))
    scores, holds, matched = [], 0, 0
    for doc_id, start, end, text, entity in expected:
        hit = next((c for c in found[doc_id] if start <= c.char_start < end), None)
        phrase = hit.quantity if hit is not None else ""
        matched += hit is not None
        scores.append(f1(phrase, entity))
        holds += bool(_tokens(entity)) and not Counter(_tokens(entity)) - Counter(_tokens(phrase))
        if args.verbose:
            print(f"{scores[-1]:.2f} {text!r}: gold {entity!r} / got {phrase!r}")
    n = len(expected)
    print(f"MeasEval {args.split}: {n} gold quantities with a measured entity, {matched} with a claim; "
          f"entity token F1 {sum(scores) / max(1, n):.3f}; phrase holds the whole entity {holds}/{n}")


if __name__ == "__main__":
    main()
