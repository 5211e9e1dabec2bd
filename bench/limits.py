"""The limits of a text document: how long a run takes to refuse each resource attack, and that the good
documents of the same run are all in its ledger.

Three attacks, built in a temp folder: a 50 MB text (over ``max_text_mb``), a text with one 5 MB line (over
``max_paragraph_chars``; spaCy's E088 used to end the whole run) and a text of 200,000 numbers (over
``max_numbers``; it used to run unbounded). Each is timed alone through ``read_document`` (best of
``--repeat``), then all three go into one ``run`` beside good papers (the bundled 004, and a copy of it under
another name), which must write both good papers and one error per attack.

A fourth attack is under every size limit and slow to extract: ten paragraphs of 90,000 characters of
prose, which spaCy parses for minutes. It is timed in a run of its own under ``--timeout`` (default 10 s),
which must refuse it after about that long, and it goes into the mixed run under the same limit.

    python -m bench.limits [--repeat 3] [--out DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from claimledger.corpus.catalog import bundled_papers
from claimledger.corpus.readers import read_document
from claimledger.models.errors import UnreadableDocument
from claimledger.outputs.run import run
from claimledger.outputs.settings import RunOptions


def big_text(path: Path) -> None:
    """50 MB of ordinary prose in paragraphs."""
    paragraph = ("In 2004, remittances reached USD $16.6 bn, some 65 or 75% of it from the United States. " * 8
                 ).strip() + "\n\n"
    with path.open("w", encoding="utf-8") as f:
        f.write(paragraph * (50 * 2**20 // len(paragraph) + 1))


def long_line(path: Path) -> None:
    """A title, then one line of 5 MB."""
    path.write_text("A long line\n\n" + "word 12 and " * (5 * 2**20 // 12) + "\n", encoding="utf-8")


def many_numbers(path: Path) -> None:
    """200,000 numbers, two per short paragraph."""
    path.write_text("Counts of the survey.\n\n" + "\n\n".join(f"Row {i} holds {i * 3} items." for i in range(100_000)),
                    encoding="utf-8")


def slow_text(path: Path) -> None:
    """Ten paragraphs of 90,000 characters of prose, no numbers: under every size limit, slow to parse."""
    sentence = "The families who stayed behind in the villages of the north waited for news from the border. "
    paragraph = (sentence * (90_000 // len(sentence))).strip()
    path.write_text("Slow prose\n\n" + "\n\n".join([paragraph] * 10) + "\n", encoding="utf-8")


ATTACKS: dict[str, Callable[[Path], None]] = {"50 MB text": big_text, "5 MB line": long_line,
                                              "200,000 numbers": many_numbers}


def refuse_seconds(path: Path, repeat: int) -> tuple[float, str]:
    """Best time ``read_document`` takes to refuse ``path``, and its message."""
    best, message = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            read_document(path)
        except UnreadableDocument as exc:
            message = str(exc)
        else:
            raise SystemExit(f"{path.name} was read, not refused")
        best = min(best, time.perf_counter() - start)
    return best, message


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.limits", description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="Ledger folder of the mixed run (default: a temp one).")
    ap.add_argument("--timeout", type=float, default=10.0, help="Seconds one document may take (the slow attack).")
    args = ap.parse_args(argv)
    options = RunOptions(timeout=args.timeout)
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as tmp:
        folder = Path(tmp)
        paths = {}
        for name, make in ATTACKS.items():
            paths[name] = folder / (name.replace(" ", "_").replace(",", "") + ".txt")
            make(paths[name])
        for name, path in paths.items():
            seconds, message = refuse_seconds(path, args.repeat)
            print(f"{name:>16}  {path.stat().st_size / 2**20:6.1f} MB  refused in {seconds:7.3f} s  "
                  f"{message.split(': ', 1)[1]}")
        slow = folder / "slow_prose.txt"
        slow_text(slow)
        start = time.perf_counter()
        alone = run([slow], folder / "slow-ledger", options)
        seconds = time.perf_counter() - start
        message = alone.errors[0].message if alone.errors else "NOT refused"
        print(f"{'slow prose':>16}  {slow.stat().st_size / 2**20:6.1f} MB  refused in {seconds:7.3f} s  "
              f"{message.split(': ', 1)[-1]} (a run of its own, with the worker's start)")
        paths["slow prose"] = slow
        good = bundled_papers()[4]
        shutil.copy(good, folder / good.name)
        shutil.copy(good, folder / "copy_of_004.txt")
        out = args.out or folder / "ledger"
        start, cpu = time.perf_counter(), time.process_time()
        result = run([*paths.values(), folder / good.name, folder / "copy_of_004.txt"], out, options)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        with sqlite3.connect(out / "ledger.sqlite") as db:
            stored = sorted(d for d, in db.execute("select doc_id from documents"))
        expected = sorted([good.stem, "copy_of_004"])
        print(f"mixed run: {seconds:.1f} s wall, {cpu:.1f} s CPU (with the spaCy and embedding model loads; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs), "
              f"{len(result.errors)} errors, documents in the ledger: {', '.join(stored)}")
        ok = stored == expected and len(result.errors) == len(paths) and bool(alone.errors)
        print("good documents all in the ledger: " + ("yes" if ok else f"NO (expected {', '.join(expected)})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
