"""The benchmark figures of bench/bench.py as a plain-text report."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.recognizers import MODELS

# A column: header, width, and how to format a row's cell.
Column = tuple[str, int, Callable[[dict[str, Any]], str]]
LABELS = {"bundled": "bundled", "replicated": "bundled x20"}


def _table(columns: list[Column], rows: list[dict[str, Any]]) -> list[str]:
    """Fixed-width lines: the first column left-aligned, the others right-aligned."""
    widths = [w for _, w, _ in columns]

    def line(cells: list[str]) -> str:
        return cells[0].ljust(widths[0]) + "".join(c.rjust(w) for c, w in zip(cells[1:], widths[1:]))

    return [line([h for h, _, _ in columns])] + [line([f(r) for _, _, f in columns]) for r in rows]


def _mem(m: dict[str, Any]) -> str:
    return f"{m['peak_mb']:,.0f} (+{m['growth_mb']:,.0f})"


def _machine(r: dict[str, Any]) -> list[str]:
    m = r["machine"]
    return [f"claimledger benchmark ({r['mode']} mode, {r['total_s']:.0f} s in all)",
            f"machine: {m['platform']}, {m['processor']}, {m['cpu_count']} CPUs "
            f"({m['cpu_count_physical']} physical), {m['memory_gb']} GB RAM, Python {m['python']}",
            f"load average (1, 5, 15 min) at start {m['load_average_start']}, "
            f"at end {r['load_average_end']}; "
            "others' work on a shared machine shows as wall seconds well above CPU seconds",
            f"memory: {r['memory_method']}",
            "  'peak MB (+growth)': this process's peak RSS in the phase and its rise over the phase's start",
            f"claimledger load (imports + spaCy pipeline): {r['load']['load_s']:.2f} s, "
            f"warm-up {r['load']['warm_up_s']:.2f} s"]


def _corpus_columns(middle: list[Column]) -> list[Column]:
    return [("corpus", 13, lambda t: LABELS[t["corpus"]]), ("docs", 5, lambda t: f"{t['documents']}"),
            ("words", 10, lambda t: f"{t['words']:,}"), ("claims", 8, lambda t: f"{t['claims']:,}"), *middle,
            ("cpu s", 8, lambda t: f"{t['cpu_s']:.2f}"), ("words/s", 9, lambda t: f"{t['words_per_s']:,.0f}"),
            ("claims/s", 9, lambda t: f"{t['claims_per_s']:,.1f}")]


def _text(r: dict[str, Any]) -> list[str]:
    columns = _corpus_columns([("read s", 8, lambda t: f"{t['read_s']:.2f}"),
                               ("claims s", 9, lambda t: f"{t['claims_s']:.2f}")])
    columns.append(("peak MB (+growth)", 19, lambda t: _mem(t["memory"])))
    rows = [{"corpus": name, **t} for name, t in r["text"].items()]
    return ["", "Text path: read_document + claims, per document", *_table(columns, rows)]


def _run(r: dict[str, Any]) -> list[str]:
    columns = _corpus_columns([("seconds", 9, lambda t: f"{t['seconds']:.2f}")])
    columns += [("ledger MB", 10, lambda t: f"{t['ledger_mb']:.2f}"),
                ("peak MB (+growth)", 19, lambda t: _mem(t["memory"]))]
    rows = [{"corpus": name, **t} for name, t in r["run"].items()]
    return ["", "End to end: run() reads, extracts and writes the ledger (CSV, Parquet, SQLite, run.json)",
            *_table(columns, rows)]


def _pdf(r: dict[str, Any]) -> list[str]:
    p, t = r["pdf"], r["text"]["bundled"]
    child = p["memory"].get("child_peak_mb")
    return ["", f"PDF path: the {p['documents']} papers as one-column A4 PDFs (fpdf2; built or reused in "
                f"{p['build_s']:.1f} s, not counted)",
            f"  read_document: {p['pages']} pages in {p['read_s']:.2f} s = {p['pages_per_s']:.1f} pages/s",
            f"  claims: {p['claims']} in {p['claims_s']:.2f} s; read + claims: {p['seconds']:.2f} s wall, "
            f"{p['cpu_s']:.2f} s CPU (with the parsing children), {p['words_per_s']:,.0f} words/s, "
            f"{p['claims_per_s']:.1f} claims/s",
            f"  memory: this process peak {_mem(p['memory'])} MB"
            + (f"; largest PDF child process {child:,.0f} MB" if child else ""),
            f"  PDF path / text path cost on the same papers: {p['cost_ratio']:.2f}x "
            f"({p['seconds']:.2f} s vs {t['seconds']:.2f} s; reading is {p['read_share']:.0%} of the PDF "
            "path)",
            f"  claims found: {p['claims']} from the PDFs vs {t['claims']} from the text files"]


def _recall(e: dict[str, Any]) -> str:
    found = sum(s["found"] for s in e["recall"].values())
    expected = sum(s["expected"] for s in e["recall"].values())
    return f"{found / expected:.1%}"


def _quantities(r: dict[str, Any]) -> list[str]:
    q = r["quantities"]
    if "skipped" in q:
        return ["", f"Quantities: skipped ({q['skipped']})"]
    columns: list[Column] = [
        ("extractor", 13, lambda e: e["name"]), ("load s", 7, lambda e: f"{e['load_s']:.2f}"),
        ("warm s", 7, lambda e: f"{e['warm_up_s']:.2f}"), ("seconds", 9, lambda e: f"{e['seconds']:.2f}"),
        ("cpu s", 7, lambda e: f"{e['cpu_s']:.2f}"), ("sent/s", 8, lambda e: f"{e['sentences_per_s']:,.0f}")]
    columns += [(m, 12, lambda e, m=m: f"{e['recall'][m]['found']}/{e['recall'][m]['expected']}")
                for m in MODELS]
    columns.append(("recall", 9, _recall))
    names = ("claimledger", "quantulum3")
    fp = {n: sum(s["false_positives"] for s in q[n]["recall"].values()) for n in names}
    runs = f"median of {q['repeats']} runs" if q["repeats"] > 1 else "1 run"
    return ["", f"Quantities: every input line of the 5 Recognizers-Text specs ({q['sentences']} lines, "
                f"{runs}); per model found/expected values",
            *_table(columns, [q[n] for n in names]),
            f"  claimledger runs at {q['speed_ratio']:.2f}x the speed of quantulum3; outputs matching no "
            f"expected value: claimledger {fp['claimledger']}, quantulum3 {fp['quantulum3']}"]


def report(results: dict[str, Any]) -> str:
    """The whole report."""
    return "\n".join(line for part in (_machine, _text, _run, _pdf, _quantities) for line in part(results))
