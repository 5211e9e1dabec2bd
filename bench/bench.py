"""Speed and memory of claimledger on this machine, and its quantity extractor against quantulum3.

    python -m bench.bench [--quick] [--out bench/out]

Writes ``results.json`` (figures) and ``failures.json`` (what each extractor missed on the
Recognizers-Text specs) into ``--out`` and prints a report; bench/README.md says what each figure means.
``--quick`` leaves out the corpus replicated 20 times.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

from bench import recognizers
from bench.memory import METHOD, PeakRSS
from bench.pdfs import build_pdfs
from claimledger.corpus.catalog import bundled_papers
from claimledger.corpus.readers import read_document
from claimledger.models.records import Document, Page

OUT = Path(__file__).resolve().parent / "out"
COPIES = 20
WARM_UP = "Remittances rose 5.2% to US$6 billion in 1999 (Smith 2001), from about 22 million people."


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    import psutil

    return {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(), "cpu_count_physical": psutil.cpu_count(logical=False),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version(),
            "load_average_start": [round(x, 2) for x in os.getloadavg()]}


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (PDF parsing), user plus system.

    Beside wall time it shows contention: on a shared machine wall time grows, CPU time hardly does."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _rate(n: float, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else 0.0


def load_claimledger() -> dict[str, Any]:
    """Import the extractors and load the spaCy pipeline; then a warm-up on one sentence and one document."""
    t0 = perf_counter()
    from claimledger.extract.claims import claims
    from claimledger.extract.lines import line_quantities
    from claimledger.extract.nlp import load_nlp

    nlp = load_nlp()
    t1 = perf_counter()
    list(line_quantities([WARM_UP]))
    doc = Document("warm-up", "warm-up.txt", WARM_UP + "\n", (Page(1, 0, len(WARM_UP)),), "")
    list(claims(doc, nlp=nlp))
    return {"load_s": round(t1 - t0, 3), "warm_up_s": round(perf_counter() - t1, 3)}


def text_path(files: list[Path]) -> dict[str, Any]:
    """read_document then claims for each file, timed apart; words are whitespace tokens of the read text."""
    from claimledger.extract.claims import claims
    from claimledger.extract.nlp import load_nlp

    nlp = load_nlp()
    read_s = claims_s = 0.0
    words = pages = found = 0
    cpu = cpu_seconds()
    with PeakRSS() as mem:
        for path in files:
            t0 = perf_counter()
            doc = read_document(path)
            t1 = perf_counter()
            found += sum(1 for _ in claims(doc, nlp=nlp))
            claims_s += perf_counter() - t1
            read_s += t1 - t0
            words += len(doc.text.split())
            pages += len(doc.pages)
    cpu = cpu_seconds() - cpu
    seconds = read_s + claims_s
    return {"documents": len(files), "pages": pages, "words": words, "claims": found,
            "read_s": round(read_s, 3), "claims_s": round(claims_s, 3), "seconds": round(seconds, 3),
            "cpu_s": round(cpu, 3),
            "words_per_s": _rate(words, seconds), "claims_per_s": _rate(found, seconds),
            "memory": mem.result()}


def end_to_end(paths: list[Path], out: Path) -> dict[str, Any]:
    """The whole ``run()``: read, extract, write the ledger into ``out``."""
    from claimledger.outputs.run import run
    from claimledger.outputs.settings import RunOptions

    with PeakRSS() as mem:
        t0, cpu = perf_counter(), cpu_seconds()
        result = run(paths, out, RunOptions())
        seconds, cpu = perf_counter() - t0, cpu_seconds() - cpu
    words = sum(len(d.text.split()) for d in result.documents)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {"documents": len(result.documents), "errors": len(result.errors), "words": words,
            "claims": len(result.claims), "seconds": round(seconds, 3), "cpu_s": round(cpu, 3),
            "words_per_s": _rate(words, seconds),
            "claims_per_s": _rate(len(result.claims), seconds), "ledger_mb": round(size / 2**20, 2),
            "memory": mem.result()}


def replicate(files: list[Path], folder: Path, copies: int) -> list[Path]:
    """``copies`` copies of each file in ``folder``, with distinct stems (the document id is the stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(copies):
        for f in files:
            target = folder / f"{f.stem}-copy{i:02d}{f.suffix}"
            shutil.copyfile(f, target)
            made.append(target)
    return made


def pdf_path(files: list[Path], folder: Path, text: dict[str, Any]) -> dict[str, Any]:
    """Build PDFs of ``files`` in ``folder`` or reuse them (not part of the path's time), then read and
    extract them like text."""
    t0 = perf_counter()
    built = build_pdfs(files, folder)
    build_s = perf_counter() - t0
    figures = text_path(list(built))
    figures.update(build_s=round(build_s, 3), pages_per_s=_rate(figures["pages"], figures["read_s"]),
                   cost_ratio=round(figures["seconds"] / text["seconds"], 2),
                   read_share=round(figures["read_s"] / figures["seconds"], 3))
    return figures


def _timed_runs(extract: Callable[[list[str]], Any], lines: list[str], repeats: int
                ) -> tuple[Any, list[float], list[float]]:
    """The outputs of the last run, and the wall and CPU seconds of each run."""
    times, cpus, outputs = [], [], None
    for _ in range(repeats):
        t0, cpu = perf_counter(), cpu_seconds()
        outputs = extract(lines)
        times.append(perf_counter() - t0)
        cpus.append(cpu_seconds() - cpu)
    return outputs, times, cpus


def _extractor_figures(name: str, extract: Callable[[list[str]], Any], lines: list[str], folder: Path,
                       repeats: int, load: dict[str, Any]) -> dict[str, Any]:
    outputs, times, cpus = _timed_runs(extract, lines, repeats)
    seconds = statistics.median(times)
    scored = recognizers.score(lambda ls: outputs if ls == lines else extract(ls), folder)
    return {"name": name, **load, "runs_s": [round(t, 3) for t in times], "seconds": round(seconds, 3),
            "cpu_s": round(statistics.median(cpus), 3), "sentences_per_s": _rate(len(lines), seconds),
            "recall": scored}


def _load_quantulum() -> dict[str, Any]:
    t0 = perf_counter()
    parser = recognizers.load_quantulum()
    t1 = perf_counter()
    parser.parse(WARM_UP)
    return {"load_s": round(t1 - t0, 3), "warm_up_s": round(perf_counter() - t1, 3)}


def quantities(folder: Path, repeats: int, claimledger_load: dict[str, Any]) -> dict[str, Any]:
    """Both extractors on every input line of the five spec files: speed (median of runs) and recall."""
    lines = recognizers.spec_lines(folder)
    ours = _extractor_figures("claimledger", recognizers.claimledger_lines, lines, folder, repeats,
                              claimledger_load)
    theirs = _extractor_figures("quantulum3", recognizers.quantulum_lines, lines, folder, repeats,
                                _load_quantulum())
    return {"sentences": len(lines), "repeats": repeats, "claimledger": ours, "quantulum3": theirs,
            "speed_ratio": round(ours["sentences_per_s"] / theirs["sentences_per_s"], 2)}


def measure(quick: bool, scratch: Path, out: Path) -> dict[str, Any]:
    """Every figure; the quantities comparison comes last so that quantulum3 is not in memory before."""
    papers = bundled_papers()
    results: dict[str, Any] = {"machine": machine(), "mode": "quick" if quick else "full",
                               "memory_method": METHOD, "load": load_claimledger()}
    results["text"] = {"bundled": text_path(papers)}
    # PDFs before any ledger is written: writing Parquet leaves ~2 GB of reserved address space in this
    # process, and the forked PDF child inherits it under its 2 GB RLIMIT_AS (claimledger/corpus/pdf.py) and dies.
    results["pdf"] = pdf_path(papers, out / "pdfs", results["text"]["bundled"])
    results["run"] = {"bundled": end_to_end(papers, scratch / "ledger-bundled")}
    if not quick:
        copies = replicate(papers, scratch / "replicated", COPIES)
        results["text"]["replicated"] = text_path(copies)
        results["run"]["replicated"] = end_to_end(copies, scratch / "ledger-replicated")
    folder = recognizers.FOLDER
    if all((folder / f"{m}Model.json").is_file() for m in recognizers.MODELS):
        results["quantities"] = quantities(folder, 1 if quick else 3, results["load"])
    else:
        results["quantities"] = {"skipped": f"Recognizers-Text specs not found in {folder}"}
    return results


def split_failures(results: dict[str, Any]) -> dict[str, Any]:
    """Take the failure lists out of ``results`` (they go to their own file); {extractor: {model: [...]}}."""
    q = results.get("quantities", {})
    return {name: {m: s.pop("failures") for m, s in q[name]["recall"].items()}
            for name in ("claimledger", "quantulum3") if name in q}


def main(argv: list[str] | None = None) -> int:
    from bench.report import report
    from claimledger.outputs.atomic import write_text

    ap = argparse.ArgumentParser(prog="python -m bench.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help=f"leave out the corpus replicated {COPIES} times")
    ap.add_argument("--out", type=Path, default=OUT, help="folder for results.json and failures.json")
    args = ap.parse_args(argv)
    t0 = perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as scratch:
        results = measure(args.quick, Path(scratch), args.out)
    results["total_s"] = round(perf_counter() - t0, 1)
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    failures = split_failures(results)
    write_text(args.out / "results.json", json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write_text(args.out / "failures.json", json.dumps(failures, indent=2, ensure_ascii=False) + "\n")
    print(report(results))
    print(f"\nwritten: {args.out / 'results.json'}, {args.out / 'failures.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
