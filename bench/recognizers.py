"""Value recall of a quantity extractor on the English Recognizers-Text specs (outside test data).

Each spec case is one input line with the results Microsoft Recognizers-Text expects: surface text,
offsets and a resolved value ("75000000", "20%", "[10,15)"). An expected result counts as found when the
extractor's output for that line holds a quantity with that value; outputs that match no expected
value of their line are counted as false positives (a weak figure: the Currency spec, for instance,
annotates only amounts of money, so every year in its sentences counts against the extractor).

    python -m bench.recognizers [--verbose] [--model Currency] [--extractor quantulum3] [--folder PATH]
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

MODELS = ("Currency", "Percent", "Dimension", "NumberRange", "Number")
FOLDER = Path(__file__).resolve().parents[2] / "shared" / "external" / "recognizers-text-en"
REL_TOL = 1e-6

Extractor = Callable[[list[str]], list[list[dict[str, Any]]]]
_RANGE = re.compile(r"^([\[(])\s*([^,]*?)\s*,\s*([^,]*?)\s*([\])])$")


@dataclass(frozen=True)
class Target:
    """What an expected result resolves to: a single ``value``, or range bounds (None for an open side).

    Fields: ``value`` (single values), ``low``/``high`` and ``low_closed``/``high_closed`` (ranges).
    """

    value: float | None = None
    low: float | None = None
    high: float | None = None
    low_closed: bool = False
    high_closed: bool = False

    @property
    def is_range(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Expected:
    """One expected result of a spec case: its model, line, surface text, offsets, raw value and unit."""

    model: str
    line: str
    text: str
    start: int
    end: int  # exclusive (the specs' End is inclusive)
    raw: str
    unit: str
    target: Target


def parse_value(raw: Any) -> Target | None:
    """The target of a Resolution.value; None when there is no value ("null", None, empty)."""
    if raw is None or str(raw).strip().lower() in {"", "null", "none"}:
        return None
    text = str(raw).strip()
    m = _RANGE.match(text)
    if m:
        low, high = (float(s) if s else None for s in (m.group(2), m.group(3)))
        return Target(low=low, high=high, low_closed=m.group(1) == "[", high_closed=m.group(4) == "]")
    return Target(value=float(text.replace("%", "")))


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def matches(target: Target, q: dict[str, Any]) -> bool:
    """Whether output ``q`` has the target's value (a range needs both bounds, None for an open side)."""
    if target.is_range:
        return _close(target.low, q.get("value_low")) and _close(target.high, q.get("value_high"))
    return q.get("value") is not None and _close(target.value, float(q["value"]))


def matches_open_bound(target: Target, q: dict[str, Any]) -> bool:
    """A lenient reading of a one-sided range: "more than 4,565" as value 4565 with approx ``>``/``>=``."""
    if not target.is_range or (target.low is None) == (target.high is None):
        return False
    bound, signs = (target.low, {">", ">="}) if target.high is None else (target.high, {"<", "<=", "<~"})
    return q.get("value") is not None and _close(bound, float(q["value"])) and q.get("approx") in signs


def load_cases(folder: Path, model: str) -> list[dict[str, Any]]:
    """The cases of ``<model>Model.json`` (the files start with a byte-order mark)."""
    with (folder / f"{model}Model.json").open(encoding="utf-8-sig") as f:
        return list(json.load(f))


def expected_results(model: str, case: dict[str, Any]) -> Iterator[tuple[Expected | None, dict[str, Any]]]:
    """(expected, raw result) for each result of a case; expected is None when it resolves to no value."""
    for r in case.get("Results") or []:
        res = r.get("Resolution") or {}
        target = parse_value(res.get("value"))
        if target is None:
            yield None, r
            continue
        start, end = int(r.get("Start", -1)), int(r.get("End", -2)) + 1
        yield Expected(model, case["Input"], r.get("Text", ""), start, end, str(res.get("value")),
                       str(res.get("unit") or ""), target), r


def _overlap(e: Expected, q: dict[str, Any]) -> int:
    return max(0, min(e.end, q.get("end", 0)) - max(e.start, q.get("start", 0)))


def assign(expected: list[Expected], outputs: list[dict[str, Any]],
           also: Callable[[Expected, dict[str, Any]], bool] | None = None) -> list[int | None]:
    """For each expected result, the index of a distinct matching output (most overlapping first); ``also``,
    when given, is a further test a match must pass (bench.sidebyside: the unit)."""
    used: set[int] = set()
    chosen: list[int | None] = []
    for e in expected:
        candidates = [i for i, q in enumerate(outputs)
                      if i not in used and matches(e.target, q) and (also is None or also(e, q))]
        best = max(candidates, key=lambda i: _overlap(e, outputs[i]), default=None)
        if best is not None:
            used.add(best)
        chosen.append(best)
    return chosen


def _brief(q: dict[str, Any]) -> dict[str, Any]:
    keys = ("text", "value", "value_low", "value_high", "unit", "approx")
    return {k: q.get(k) for k in keys if q.get(k) not in (None, "")}


def _score_case(model: str, case: dict[str, Any], outputs: list[dict[str, Any]],
                stats: dict[str, Any]) -> None:
    pairs = list(expected_results(model, case))
    expected = [e for e, _ in pairs if e is not None]
    stats["skipped"] += len(pairs) - len(expected)
    stats["expected"] += len(expected)
    stats["outputs"] += len(outputs)
    for e, hit in zip(expected, assign(expected, outputs)):
        if hit is not None:
            stats["found"] += 1
            continue
        lenient = any(matches_open_bound(e.target, q) for q in outputs)
        stats["open_bound_via_approx"] += lenient
        stats["failures"].append({"kind": "missed", "model": model, "input": e.line, "text": e.text,
                                  "expected": e.raw, "unit": e.unit, "open_bound_via_approx": lenient,
                                  "got": [_brief(q) for q in outputs]})
    for q in outputs:
        if not any(matches(e.target, q) for e in expected):
            stats["false_positives"] += 1
            stats["failures"].append({"kind": "spurious", "model": model, "input": case["Input"],
                                      "got": [_brief(q)], "expected": [e.raw for e in expected]})


def score(extract_lines: Extractor, folder: Path = FOLDER,
          models: tuple[str, ...] = MODELS) -> dict[str, Any]:
    """Per model: expected, found, recall, skipped (results without a value), outputs, false positives,
    ``open_bound_via_approx`` (missed one-sided ranges whose bound came out as a value with ``>``/``<``)
    and ``failures``. ``extract_lines`` is called once, on the input lines of all ``models``."""
    cases = {m: load_cases(folder, m) for m in models}
    lines = [c["Input"] for m in models for c in cases[m]]
    outputs = iter(extract_lines(lines))
    result: dict[str, Any] = {}
    for m in models:
        stats: dict[str, Any] = {"expected": 0, "found": 0, "skipped": 0, "outputs": 0, "false_positives": 0,
                                 "open_bound_via_approx": 0, "failures": []}
        for case in cases[m]:
            _score_case(m, case, next(outputs), stats)
        stats["recall"] = stats["found"] / stats["expected"] if stats["expected"] else 0.0
        result[m] = stats
    return result


def spec_lines(folder: Path = FOLDER, models: tuple[str, ...] = MODELS) -> list[str]:
    """All input lines of the spec files, in model then case order."""
    return [c["Input"] for m in models for c in load_cases(folder, m)]


def claimledger_lines(lines: list[str]) -> list[list[dict[str, Any]]]:
    """claimledger's quantities of each line (what ``claimledger quantities --jsonl`` prints)."""
    from claimledger.extract.lines import line_quantities

    return list(line_quantities(lines))


def load_quantulum() -> Any:
    """quantulum3's parser, unit classifier off (the one it bundles fails to load with scikit-learn 1.9)."""
    import quantulum3.classifier
    from quantulum3 import parser

    quantulum3.classifier.USE_CLF = False
    return parser


def quantulum_lines(lines: list[str]) -> list[list[dict[str, Any]]]:
    """quantulum3's quantities of each line in claimledger's shape; a range is read as its central value."""
    parser = load_quantulum()
    return [[_quantulum_dict(q) for q in parser.parse(line)] for line in lines]


def _quantulum_dict(q: Any) -> dict[str, Any]:
    return {"text": q.surface, "start": q.span[0], "end": q.span[1], "value": q.value, "value_low": None,
            "value_high": None, "unit": q.unit.name, "approx": ""}


EXTRACTORS: dict[str, Extractor] = {"claimledger": claimledger_lines, "quantulum3": quantulum_lines}


COUNTS = ("expected", "found", "skipped", "outputs", "false_positives", "open_bound_via_approx")
HEADERS = ("expected", "found", "skipped", "outputs", "false pos", "+open bound")


def table(result: dict[str, Any]) -> str:
    """The per-model figures as a fixed-width table with a total row."""
    head = f"{'model':<12}{'recall':>8}" + "".join(f"{h:>{len(h) + 2}}" for h in HEADERS)
    rows = [head, "-" * len(head)]
    total = {k: sum(s[k] for s in result.values()) for k in COUNTS}
    for name, s in [*result.items(), ("all", total)]:
        recall = s["found"] / s["expected"] if s["expected"] else 0.0
        cells = "".join(f"{s[k]:>{len(h) + 2}}" for k, h in zip(COUNTS, HEADERS))
        rows.append(f"{name:<12}{recall:>8.1%}{cells}")
    return "\n".join(rows)


def describe(failures: list[dict[str, Any]]) -> Iterator[str]:
    """The failures as text, each input line once followed by what was missed and what was spurious."""
    for (model, line), group in groupby(failures, key=lambda f: (f["model"], f["input"])):
        yield f"[{model}] {line}"
        for f in group:
            got = "; ".join(json.dumps(q, ensure_ascii=False) for q in f["got"]) or "nothing"
            if f["kind"] == "missed":
                note = "  (bound came out as a value with >/<)" if f["open_bound_via_approx"] else ""
                yield f"    missed   {f['text']!r} = {f['expected']} {f['unit']}{note}"
                yield f"             got: {got}"
            else:
                yield f"    spurious {got}"


def _model_names(given: list[str] | None) -> tuple[str, ...]:
    if not given:
        return MODELS
    names = {m.lower(): m for m in MODELS}
    picked = [names.get(g.lower().removesuffix("model")) for g in given]
    unknown = [g for g, p in zip(given, picked) if p is None]
    if unknown:
        raise SystemExit(f"unknown model {unknown[0]!r}; choose from {', '.join(MODELS)}")
    return tuple(p for p in picked if p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.recognizers", description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="print every missed and spurious output")
    ap.add_argument("--model", action="append", help=f"one of {', '.join(MODELS)} (repeatable; default all)")
    ap.add_argument("--extractor", choices=sorted(EXTRACTORS), default="claimledger", help="what to score")
    ap.add_argument("--folder", type=Path, default=FOLDER, help="folder of the spec files")
    args = ap.parse_args(argv)
    models = _model_names(args.model)
    missing = [m for m in models if not (args.folder / f"{m}Model.json").is_file()]
    if missing:
        absent = args.folder / f"{missing[0]}Model.json"
        print(f"skipped: Recognizers-Text specs not found ({absent} is absent)")
        return 0
    result = score(EXTRACTORS[args.extractor], args.folder, models)
    print(f"{args.extractor} value recall on Recognizers-Text English specs ({args.folder})")
    print(table(result))
    if args.verbose:
        for m in models:
            for text in describe(result[m]["failures"]):
                print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
