"""Value F1 and value+unit F1 on quantulum3's own test sentences: text nobody here wrote or tuned on.

quantulum3 (a pinned test dependency) ships the sentences its authors test it with, each with the
quantities they expect (``_lang/en_US/tests/quantities.json``: news, science and everyday prose; value,
unit name, surface). They are quantulum3's home ground, so its own figure is an upper bound of sorts;
for claimledger they are held out. An output matches an expected quantity of its sentence when the
values agree (relative tolerance 1e-6), each output matching at most one; for value+unit the units must
agree too: the same currency code, percent for "percentage", a count ("" or a counted noun) for
"dimensionless", else the same unit name once spelling is aligned ("metre" is "meter").

    python -m bench.heldout [--verbose] [--extractor quantulum3]
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from bench.recognizers import EXTRACTORS

_SPELLING = [("metre", "meter"), ("litre", "liter"), ("tonne", "ton"), ("gramme", "gram")]


def data_folder() -> Path | None:
    """quantulum3's English test folder in this interpreter's site-packages, if installed."""
    try:
        import quantulum3
    except ImportError:
        return None
    folder = Path(quantulum3.__file__).parent / "_lang" / "en_US" / "tests"
    return folder if (folder / "quantities.json").exists() else None


def load(folder: Path) -> list[dict[str, Any]]:
    """The test cases: {"req": sentence, "res": [{"value", "unit", "surface"}, ...]}."""
    return json.loads((folder / "quantities.json").read_text(encoding="utf-8"))


def currency_codes(folder: Path) -> dict[str, str]:
    """quantulum3's unit names that are currencies, with their ISO codes."""
    units = json.loads((folder.parents[2] / "units.json").read_text(encoding="utf-8"))
    return {name: u["currency_code"] for name, u in units.items() if u.get("currency_code")}


def _spelled(unit: str) -> str:
    unit = " ".join(unit.lower().split())
    for british, american in _SPELLING:
        unit = unit.replace(british, american)
    return re.sub(r"(?<=[a-z])s$", "", unit)


def same_unit(expected: str, got: dict[str, Any], codes: dict[str, str], measures: set[str]) -> bool:
    """Whether an output's unit is the expected quantulum3 unit name."""
    unit, currency = got.get("unit") or "", got.get("currency") or ""
    if expected in codes:
        return currency == codes[expected] or unit == codes[expected]
    if expected == "percentage":
        return unit == "percent"
    if expected == "dimensionless":
        return not currency and unit not in measures and unit not in {"percent", "percentage point"}
    return _spelled(unit) == _spelled(expected)


def score(cases: list[dict[str, Any]], outputs: list[list[dict[str, Any]]], codes: dict[str, str],
          measures: set[str], verbose: bool = False) -> dict[str, Any]:
    """Precision, recall and F1 of values and of values with units."""
    figures: dict[str, Any] = {}
    for name, with_unit in (("value", False), ("value+unit", True)):
        tp = fp = fn = 0
        for case, got in zip(cases, outputs):
            used: set[int] = set()
            for exp in case["res"]:
                j = next((j for j, g in enumerate(got) if j not in used and g["value"] is not None
                          and math.isclose(g["value"], exp["value"], rel_tol=1e-6)
                          and (not with_unit or same_unit(exp["unit"], g, codes, measures))), None)
                if j is None:
                    fn += 1
                    if verbose:
                        print(f"[{name}] missed {exp['surface']!r} = {exp['value']} {exp['unit']} | {case['req']}")
                else:
                    used.add(j)
                    tp += 1
            fp += len(got) - len(used)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        figures[name] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
                         "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return figures


def run(extractor: str = "claimledger", verbose: bool = False) -> dict[str, Any] | None:
    """The figures of one extractor, or None when quantulum3's test data is not installed."""
    from claimledger.extract.units import MEASURES

    folder = data_folder()
    if folder is None:
        return None
    cases = load(folder)
    outputs = EXTRACTORS[extractor]([c["req"] for c in cases])
    figures = score(cases, outputs, currency_codes(folder), set(MEASURES.values()), verbose)
    return {"sentences": len(cases), "quantities": sum(len(c["res"]) for c in cases), **figures}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.heldout", description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="print every missed quantity")
    ap.add_argument("--extractor", choices=sorted(EXTRACTORS), default="claimledger", help="what to score")
    args = ap.parse_args(argv)
    result = run(args.extractor, args.verbose)
    if result is None:
        print("quantulum3's test data is not installed (pip install '.[test]'); nothing to score")
        return 0
    print(f"{args.extractor} on quantulum3's {result['sentences']} test sentences "
          f"({result['quantities']} quantities)")
    for name in ("value", "value+unit"):
        f = result[name]
        print(f"{name:<11} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}  "
              f"(tp {f['tp']}, fp {f['fp']}, fn {f['fn']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
