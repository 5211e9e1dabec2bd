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
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.recognizers import Target

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


@dataclass(frozen=True)
class Quantity:
    """One gold Quantity annotation: paragraph id, character span, text as written, unit (None: a count or
    unitless) and MeasEval's modifiers (IsRange, IsList, IsCount, ...)."""

    doc_id: str
    start: int
    end: int
    text: str
    unit: str | None
    mods: tuple[str, ...]


def quantities(split: str, folder: Path = FOLDER) -> list[Quantity]:
    """Every gold Quantity of a split, paragraph by paragraph in file order."""
    out = []
    for path in sorted((folder / split / "tsv").glob("*.tsv")):
        with path.open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                if r["annotType"] == "Quantity":
                    other = json.loads(r["other"] or "{}")
                    out.append(Quantity(r["docId"], int(r["startOffset"]), int(r["endOffset"]), r["text"],
                                        other.get("unit") or None, tuple(other.get("mods") or ())))
    return out


# "4.0 × 10−10", "10−5" (MeasEval flattens superscripts: a minus sign right after 10 is an exponent), "10^5".
_SCIENTIFIC = re.compile(r"(?:(\d+(?:\.\d+)?)\s*[×x]\s*)?\b10(?:\^|(?=\u2212\d))([\u2212-]?\d+)")
_NUMBER = re.compile(r"(?:(?<=^)|(?<=[\s(∼~≈<>≤≥⩽⩾\u2013-]))([\u2212\u2013-])?"
                     r"(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?![A-Za-z\d])")
_RANGE = re.compile(r"\d\s*(?:\u2013|-|to)\s*[∼~]?\d")
_WORDS = {"one": "1", "two": "2", "a single": "1"}
_ONE = re.compile(r"\b(one|two|a single)\b", re.I)


def _numbers(text: str) -> list[float]:
    """The numbers written in a quantity's text, in order (scientific notation and number words read)."""
    from text_to_num import alpha2digit

    if re.search(r"[a-zA-Z]", text):
        text = _ONE.sub(lambda m: _WORDS[m.group(0).lower()], alpha2digit(text, "en"))
    found: list[tuple[int, float]] = []
    for m in _SCIENTIFIC.finditer(text):
        found.append((m.start(), float(m.group(1) or 1) * 10 ** int(m.group(2).replace("\u2212", "-"))))
    masked = _SCIENTIFIC.sub(lambda m: " " * len(m.group(0)), text)
    for m in _NUMBER.finditer(masked):
        digits = m.group(2).replace(",", "")
        found.append((m.start(), -float(digits) if m.group(1) else float(digits)))
    return [v for _, v in sorted(found)]


def targets(q: Quantity) -> list[Target]:
    """What a gold quantity's value is, read from its text (MeasEval gives none): two numbers of a range as its
    bounds, every number of a list, else the first number (the one before a "±"); no number, no target (a
    ratio "1:1000" neither). A one-sided range ("<1 ppm", "below ∼460 K") is its number: the comparator is
    a modifier, as it is in claimledger's and CQE's output."""
    text = unicodedata.normalize("NFC", q.text)
    if q.unit:
        text = text.replace(q.unit, " ")
    text = text.split("±")[0] if "IsList" not in q.mods else text
    if ":" in text:
        return []
    values = _numbers(text)
    if re.search(r"\band a half\b", text) and len(values) == 1:
        values = [values[0] + 0.5]
    if len(values) == 2 and ("IsRange" in q.mods or "IsList" not in q.mods and _RANGE.search(text)):
        return [Target(low=min(values), high=max(values), low_closed=True, high_closed=True)]
    if "IsRange" in q.mods and len(values) > 2:
        return []
    if "IsList" in q.mods:
        return [Target(value=v) for v in values]
    return [Target(value=values[0])] if values else []


# A sentence ends at . ! or ? before a space and a capital, digit or bracket, unless the word before is an
# abbreviation of science prose or an initial. By hand and neutral: no extractor's own tokenizer decides it.
_ABBREVIATIONS = {"fig", "figs", "eq", "eqs", "ref", "refs", "al", "e.g", "i.e", "cf", "ca", "approx", "vs", "no",
                  "sect", "tab", "wt", "dr", "st", "resp", "ed", "eds", "vol", "pp", "p", "c"}
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[∼~])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, whitespace between sentences left out."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        word = text[:m.start()].rsplit(None, 1)[-1].strip("([.!?").lower()
        if word in _ABBREVIATIONS or len(word) == 1 and word.isalpha():
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


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
