"""claimledger, CQE and quantulum3 side by side on the same texts: value F1, value+unit F1 and texts per second.

Two sets nobody here wrote: the Recognizers-Text English specs (one sentence a case; gold values as
``bench.recognizers`` reads them, units from each result's ``unit``/``isoCurrency``, percent for Percent, a
count for Number and NumberRange) and MeasEval trial (one paragraph a text; gold quantities from the
annotation files with their units, values read from the quantity's text by ``bench.measeval.targets``;
one sentence a text, as CQE expects: its parser reads a single sentence).
The three extractors get the same texts and one matching, ``bench.recognizers.assign``: an output matches a
gold quantity of its text when the values agree (ranges by both bounds), each output at most once; for
value+unit the unit keys of ``bench.unitalign`` must agree too. Speed is each extractor's parse loop over the
set, its model loaded and warmed up first; CQE runs in its own venv (``bench.cqe_env``).

    python -m bench.sidebyside [--cqe-venv DIR] [--set recognizers|measeval ...] [--out DIR] [--setup-only]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from bench import cqe_env, measeval, recognizers
from bench.recognizers import Expected, assign
from bench.unitalign import predicted_key, same_unit, unit_key

WARMUP = "Sales rose 5% to $3.2 million, about 40 km from the 2 kg sample."
OUT = Path(__file__).resolve().parent / "out"
Outputs = list[list[dict[str, Any]]]


@dataclass(frozen=True)
class Gold:
    """One gold quantity: the expected result (text, span, target value) and its unit key."""

    expected: Expected
    key: str


@dataclass(frozen=True)
class TextSet:
    """Texts and their gold quantities; ``skipped``: gold quantities with no value to score."""

    name: str
    texts: list[str]
    gold: list[list[Gold]]
    skipped: int


def _rt_key(model: str, result: dict[str, Any]) -> str:
    res = result.get("Resolution") or {}
    if model == "Percent":
        return "percent"
    if model in ("Number", "NumberRange"):
        return "count"
    if model == "Currency":
        iso = res.get("isoCurrency")
        return unit_key(res.get("unit"), iso if iso and len(iso) == 3 else None, money=True)
    return unit_key(res.get("unit"))


def recognizers_set(folder: Path = recognizers.FOLDER) -> TextSet:
    """Every case of the five English specs, one text a case."""
    texts, gold, skipped = [], [], 0
    for model in recognizers.MODELS:
        for case in recognizers.load_cases(folder, model):
            pairs = list(recognizers.expected_results(model, case))
            skipped += sum(e is None for e, _ in pairs)
            texts.append(case["Input"])
            gold.append([Gold(e, _rt_key(model, r)) for e, r in pairs if e is not None])
    return TextSet("recognizers", texts, gold, skipped)


def measeval_set(split: str = "trial", folder: Path = measeval.FOLDER) -> TextSet:
    """Every sentence of a MeasEval split (``bench.measeval.sentences``; line breaks read as spaces), with the
    gold quantities that start in it, their offsets moved to the sentence."""
    texts, gold, skipped = [], [], 0
    for doc_id, group in groupby(measeval.gold(split, folder), key=lambda q: q.doc_id):
        paragraph = (folder / split / "text" / f"{doc_id}.txt").read_text(encoding="utf-8").replace("\n", " ")
        spans, qs = measeval.sentences(paragraph), list(group)
        for start, end in spans:
            text, items = paragraph[start:end], []
            for q in (q for q in qs if start <= q.start < end):
                found = measeval.targets(q)
                skipped += not found
                items += [Gold(Expected("MeasEval", text, q.text, q.start - start, q.end - start, q.text,
                                        q.unit, t), unit_key(q.unit)) for t in found]
            texts.append(text)
            gold.append(items)
    return TextSet(f"measeval-{split}", texts, gold, skipped)


def hits(tset: TextSet, outputs: Outputs, with_unit: bool) -> list[list[int | None]]:
    """For each text, the output each gold quantity is matched to (None: missed)."""
    found = []
    for golds, got in zip(tset.gold, outputs):
        keys = {id(g.expected): g.key for g in golds}

        def unit_agrees(e: Expected, q: dict[str, Any], keys: dict[int, str] = keys) -> bool:
            return same_unit(keys[id(e)], predicted_key(q))

        found.append(assign([g.expected for g in golds], got, unit_agrees if with_unit else None))
    return found


def figures(tset: TextSet, outputs: Outputs, with_unit: bool) -> dict[str, Any]:
    """Precision, recall and F1: an output matched to no gold quantity of its text is a false positive."""
    matched = hits(tset, outputs, with_unit)
    tp = sum(h is not None for text in matched for h in text)
    gold = sum(len(g) for g in tset.gold)
    out = sum(len(o) for o in outputs)
    p, r = tp / max(out, 1), tp / max(gold, 1)
    return {"tp": tp, "fp": out - tp, "fn": gold - tp, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _timed(load: Callable[[], Callable[[str], list[dict[str, Any]]]], texts: list[str]) -> tuple[Outputs, float]:
    parse = load()
    parse(WARMUP)
    t0 = time.perf_counter()
    outputs = [parse(t) for t in texts]
    return outputs, time.perf_counter() - t0


def run_claimledger(texts: list[str]) -> tuple[Outputs, float]:
    """claimledger's quantities (``claimledger quantities --jsonl``), timed over the set in one pipe."""
    from claimledger.extract.lines import line_quantities

    list(line_quantities([WARMUP]))
    t0 = time.perf_counter()
    outputs = list(line_quantities(texts))
    return outputs, time.perf_counter() - t0


def run_quantulum(texts: list[str]) -> tuple[Outputs, float]:
    """quantulum3's quantities with their currency code (unit classifier off, as in bench.recognizers)."""
    def load() -> Callable[[str], list[dict[str, Any]]]:
        parser = recognizers.load_quantulum()
        return lambda text: [{**recognizers._quantulum_dict(q), "currency": q.unit.currency_code or ""}
                             for q in parser.parse(text)]

    return _timed(load, texts)


def run_cqe(texts: list[str], venv: Path) -> tuple[Outputs, float]:
    """CQE's quantities, from its own venv; the time is its parse loop as the runner measured it."""
    result = cqe_env.run(texts, venv)
    return result["outputs"], float(result["parse_s"])


def compare(sets: list[TextSet], venv: Path) -> dict[str, Any]:
    """Every extractor on every set: outputs, timings and figures."""
    report: dict[str, Any] = {"load_start": os.getloadavg(), "sets": {}}
    for tset in sets:
        entry: dict[str, Any] = {"texts": len(tset.texts), "gold": sum(map(len, tset.gold)), "skipped": tset.skipped,
                                 "extractors": {}}
        runs = {"claimledger": lambda t: run_claimledger(t), "cqe": lambda t: run_cqe(t, venv),
                "quantulum3": lambda t: run_quantulum(t)}
        for name, runner in runs.items():
            outputs, seconds = runner(tset.texts)
            entry["extractors"][name] = {"seconds": seconds, "sentences_per_s": len(tset.texts) / seconds,
                                         "value": figures(tset, outputs, False),
                                         "value+unit": figures(tset, outputs, True), "outputs": outputs}
        report["sets"][tset.name] = entry
    report["load_end"] = os.getloadavg()
    return report


def table(report: dict[str, Any]) -> str:
    """The figures of each set as a fixed-width table, with the issue's bar on each line of claimledger."""
    rows = []
    for name, entry in report["sets"].items():
        rows.append(f"{name}: {entry['texts']} texts, {entry['gold']} gold quantities ({entry['skipped']} without"
                    " a value, not scored)")
        rows.append(f"  {'extractor':<12}{'value P/R/F1':>22}{'value+unit P/R/F1':>24}{'sent/s':>10}{'s':>8}")
        for ex, f in entry["extractors"].items():
            v, u = f["value"], f["value+unit"]
            rows.append(f"  {ex:<12}{v['precision']:>8.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}"
                        f"{u['precision']:>10.3f}{u['recall']:>7.3f}{u['f1']:>7.3f}"
                        f"{f['sentences_per_s']:>10.1f}{f['seconds']:>8.1f}")
        cl, cqe = entry["extractors"]["claimledger"], entry["extractors"]["cqe"]
        ahead = cl["value+unit"]["f1"] > cqe["value+unit"]["f1"]
        speed = cl["sentences_per_s"] / cqe["sentences_per_s"]
        rows.append(f"  bar: claimledger ahead of CQE on value+unit F1: {'yes' if ahead else 'NO'} "
                    f"({cl['value+unit']['f1']:.3f} vs {cqe['value+unit']['f1']:.3f}); "
                    f"{speed:.1f}x CQE's speed ({'met' if speed >= 2 else 'NOT met'}: 2x)")
    rows.append("load average: start {:.1f} {:.1f} {:.1f}, end {:.1f} {:.1f} {:.1f}".format(
        *report["load_start"], *report["load_end"]))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    from bench import cqewins

    ap = argparse.ArgumentParser(prog="python -m bench.sidebyside", description=__doc__.splitlines()[0])
    ap.add_argument("--cqe-venv", type=Path, default=cqe_env.VENV, help="where CQE's venv is built or reused")
    ap.add_argument("--set", action="append", choices=("recognizers", "measeval"), help="default both")
    ap.add_argument("--out", type=Path, default=OUT, help="folder for sidebyside.json and the CQE-wins files")
    ap.add_argument("--setup-only", action="store_true", help="build the CQE venv and stop")
    args = ap.parse_args(argv)
    if args.setup_only:
        print(json.dumps(cqe_env.setup(args.cqe_venv)))
        return 0
    wanted = args.set or ["recognizers", "measeval"]
    sets = []
    if "recognizers" in wanted and (recognizers.FOLDER / "NumberModel.json").is_file():
        sets.append(recognizers_set())
    if "measeval" in wanted and (measeval.FOLDER / "trial" / "tsv").is_dir():
        sets.append(measeval_set())
    if not sets:
        print(f"skipped: neither {recognizers.FOLDER} nor {measeval.FOLDER} is there")
        return 0
    report = compare(sets, args.cqe_venv)
    args.out.mkdir(parents=True, exist_ok=True)
    wins = cqewins.collect(sets, report)
    cqewins.write(wins, args.out)
    (args.out / "sidebyside.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(report))
    print(cqewins.summary(wins))
    print(f"written: {args.out / 'sidebyside.json'}, {args.out / 'cqe-wins.txt'}, {args.out / 'cqe-wins.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
