"""MeasEval's measures (SemEval-2021 Task 8) on its train and trial splits: science paragraphs nobody here wrote.

Every paragraph of ``text/`` is read and its claims extracted (a paragraph without a ``tsv/`` file has no gold
quantity, so whatever is found there is a false positive). A claim's quantity as written (its hedge, its
number or range or list, its unit: :func:`claimledger.extract.spans.written_spans`) is the predicted Quantity;
each is matched to at most one gold Quantity of its paragraph, the one it overlaps most. Reported:

- Quantity span precision, recall and F1 where an overlap counts, and where only the exact span counts;
- Unit F1: a matched prediction whose unit as written equals the gold unit (spaces and the micro sign
  folded), over the predictions with a unit and the gold quantities with one;
- MeasuredEntity token-overlap F1: the measured entity (:mod:`claimledger.models.entities`) against the gold
  entity of the quantity it is matched to (summed over matched pairs, divided by the predictions for precision
  and by the gold entities for recall), the task's soft measure.

    python -m bench.measeval [--split trial|train|both] [--verbose]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.recognizers import Target

FOLDER = Path(__file__).resolve().parents[2] / "shared" / "external" / "measeval"


@dataclass(frozen=True)
class GoldQuantity:
    """A gold Quantity: paragraph, offsets, text, unit as annotated ("" if none: a count or unitless), measured
    entity ("" if none) and MeasEval's modifiers (IsRange, IsList, IsCount, ...)."""

    doc_id: str
    start: int
    end: int
    text: str
    unit: str
    entity: str
    mods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Predicted:
    """A predicted quantity: paragraph, offsets, text, unit as written, measured entity phrase."""

    doc_id: str
    start: int
    end: int
    text: str
    unit: str
    entity: str


@dataclass
class Scores:
    """Counts behind every figure, and the mismatches for ``--verbose``."""

    predicted: int = 0
    gold: int = 0
    overlap: int = 0
    exact: int = 0
    unit_predicted: int = 0
    unit_gold: int = 0
    unit_right: int = 0
    entity_predicted: int = 0
    entity_gold: int = 0
    entity_sum: float = 0.0
    lines: list[str] = field(default_factory=list)


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


def prf(right: float, predicted: float, gold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``right`` out of ``predicted`` and out of ``gold``."""
    p, r = right / predicted if predicted else 0.0, right / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def same_unit(a: str, b: str) -> bool:
    """Units as written, compared without spaces and with the micro sign folded ("wt. %" is "wt.%")."""
    def fold(u: str) -> str:
        return re.sub(r"\s+", "", u).replace("µ", "μ").replace("−", "-")
    return fold(a) == fold(b)


def gold(split: str, folder: Path = FOLDER) -> list[GoldQuantity]:
    """Every gold Quantity of ``split``, paragraph by paragraph in file order, with its unit, modifiers and the
    text of the MeasuredEntity that has it (directly or through its MeasuredProperty)."""
    out = []
    for path in sorted((folder / split / "tsv").glob("*.tsv")):
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        # an entity names its quantity directly ("HasQuantity") or through the property measured of it
        # ("HasProperty", whose row names the quantity): "the mean age (property) of 5318 participants (entity)"
        links = {r["annotId"]: json.loads(r["other"] or "{}") for r in rows}
        entity = {}
        for r in rows:
            if r["annotType"] == "MeasuredEntity":
                link = links[r["annotId"]]
                quantity = link.get("HasQuantity") or links.get(link.get("HasProperty", ""), {}).get("HasQuantity", "")
                entity[quantity] = r["text"]
        for r in rows:
            if r["annotType"] == "Quantity":
                other = json.loads(r["other"] or "{}")
                out.append(GoldQuantity(r["docId"], int(r["startOffset"]), int(r["endOffset"]), r["text"],
                                        other.get("unit") or "", entity.get(r["annotId"], ""),
                                        tuple(other.get("mods") or ())))
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


def targets(q: GoldQuantity) -> list[Target]:
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


def predicted(split: str) -> list[Predicted]:
    """claimledger's quantities as written, with their unit as written and their measured entity
    (:func:`claimledger.models.entities.measured_entities`)."""
    from claimledger.corpus.readers import read_document
    from claimledger.extract.claims import claims
    from claimledger.extract.nlp import load_nlp
    from claimledger.extract.spans import written_spans
    from claimledger.models.entities import measured_entities

    nlp = load_nlp()
    out = []
    for path in sorted((FOLDER / split / "text").glob("*.txt")):
        doc = read_document(path)
        spans = list(written_spans(doc.text, list(claims(doc, nlp=nlp))))
        for span, entity in zip(spans, measured_entities(doc.text, spans, nlp=nlp)):
            out.append(Predicted(doc.id, span.start, span.end, span.text, span.unit_written, entity))
    return out


def _overlap(a: GoldQuantity, b: Predicted) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match(expected: list[GoldQuantity], found: list[Predicted]) -> list[tuple[GoldQuantity | None, Predicted | None]]:
    """One-to-one pairs of gold and predicted quantities of one paragraph by overlap, largest first; the
    unmatched on either side paired with None."""
    candidates = sorted(((_overlap(g, p), i, j) for i, g in enumerate(expected) for j, p in enumerate(found)
                         if _overlap(g, p) > 0), key=lambda t: (-t[0], t[1], t[2]))
    gold_used: dict[int, int] = {}
    pred_used: set[int] = set()
    for _, i, j in candidates:
        if i not in gold_used and j not in pred_used:
            gold_used[i] = j
            pred_used.add(j)
    pairs: list[tuple[GoldQuantity | None, Predicted | None]] = [
        (g, found[gold_used[i]] if i in gold_used else None) for i, g in enumerate(expected)]
    pairs += [(None, p) for j, p in enumerate(found) if j not in pred_used]
    return pairs


def score(expected: Iterable[GoldQuantity], found: Iterable[Predicted]) -> Scores:
    """All of MeasEval's counts over the paragraphs of ``expected`` and ``found``."""
    by_doc_gold: dict[str, list[GoldQuantity]] = {}
    by_doc_pred: dict[str, list[Predicted]] = {}
    for g in expected:
        by_doc_gold.setdefault(g.doc_id, []).append(g)
    for p in found:
        by_doc_pred.setdefault(p.doc_id, []).append(p)
    s = Scores()
    for doc_id in sorted(set(by_doc_gold) | set(by_doc_pred)):
        for g, p in match(by_doc_gold.get(doc_id, []), by_doc_pred.get(doc_id, [])):
            _count(s, doc_id, g, p)
    return s


def _count(s: Scores, doc_id: str, g: GoldQuantity | None, p: Predicted | None) -> None:
    s.gold += g is not None
    s.predicted += p is not None
    s.unit_gold += g is not None and bool(g.unit)
    s.unit_predicted += p is not None and bool(p.unit)
    s.entity_gold += g is not None and bool(g.entity)
    s.entity_predicted += p is not None and bool(p.entity)
    if g is None or p is None:
        s.lines.append(f"{doc_id} {'missed' if p is None else 'spurious'} "
                       f"{(g.text if g is not None else p.text if p is not None else '')!r}")
        return
    s.overlap += 1
    exact = (g.start, g.end) == (p.start, p.end)
    s.exact += exact
    unit_ok = bool(g.unit) and same_unit(g.unit, p.unit)
    s.unit_right += unit_ok
    entity = f1(p.entity, g.entity) if g.entity and p.entity else 0.0
    s.entity_sum += entity
    if not exact or (g.unit or p.unit) and not unit_ok:
        s.lines.append(f"{doc_id} span gold {g.text!r} got {p.text!r}; unit gold {g.unit!r} got {p.unit!r}")
    if g.entity and entity < 1.0:
        s.lines.append(f"{doc_id} entity {entity:.2f} of {g.text!r}: gold {g.entity!r} got {p.entity!r}")


def report(split: str, s: Scores) -> str:
    """The figures of one split as lines of text."""
    rows = [("Quantity span (overlap)", prf(s.overlap, s.predicted, s.gold)),
            ("Quantity span (exact)", prf(s.exact, s.predicted, s.gold)),
            ("Unit", prf(s.unit_right, s.unit_predicted, s.unit_gold)),
            ("MeasuredEntity token overlap", prf(s.entity_sum, s.entity_predicted, s.entity_gold))]
    out = [f"MeasEval {split}: {s.gold} gold quantities, {s.predicted} predicted, {s.overlap} matched",
           f"{'':<30}{'P':>7}{'R':>7}{'F1':>7}"]
    out += [f"{name:<30}{p:>7.3f}{r:>7.3f}{f:>7.3f}" for name, (p, r, f) in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measeval", description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="both", choices=("trial", "train", "both"))
    parser.add_argument("--verbose", action="store_true", help="print every mismatch")
    args = parser.parse_args(argv)
    for split in ("train", "trial") if args.split == "both" else (args.split,):
        if not (FOLDER / split / "text").is_dir():
            print(f"skipped {split}: MeasEval is not there ({FOLDER / split} is absent; "
                  "see ../shared/external/README.md)")
            continue
        s = score(gold(split), predicted(split))
        if args.verbose:
            print("\n".join(s.lines))
        print(report(split, s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
