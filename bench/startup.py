"""Start-up of the command line: wall time of `claimledger --help` and `claimledger audit --ledger DIR`, each in
a fresh subprocess, as a user would type them (issue 13: under a second each).

    python -m bench.startup [--ledger DIR] [--repeats 5] [--baseline SRC]

``--ledger`` names a finished run (default: ``ledger/`` if it holds one, else the bundled papers are run into
a temp folder first, not timed). ``--baseline SRC`` also times a source tree of another commit (e.g. one
extracted with ``git archive``) with the same interpreter, side by side.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parents[1]
CLI = "from claimledger.outputs.cli import main; main()"


def timed(args: list[str], source: Path, repeats: int) -> list[float]:
    """Wall seconds of ``claimledger ARGS`` from ``source``, one fresh interpreter per repeat."""
    env = {**os.environ, "PYTHONPATH": str(source), "HF_HUB_OFFLINE": "1"}
    times = []
    for _ in range(repeats):
        t0 = perf_counter()
        subprocess.run([sys.executable, "-c", CLI, *args], env=env, check=True, capture_output=True, cwd=source)
        times.append(perf_counter() - t0)
    return times


def finished_ledger(given: Path | None, scratch: Path) -> Path:
    if given is not None:
        return given.resolve()
    if (ROOT / "ledger" / "ledger.sqlite").is_file():
        return ROOT / "ledger"
    from claimledger.outputs.run import run

    run(None, scratch)
    return scratch


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.splitlines()[0])
    ap.add_argument("--ledger", type=Path, default=None, help="a finished run (default: ledger/ or a fresh run)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--baseline", type=Path, default=None, help="another source tree to time beside this one")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claimledger-startup-") as scratch:
        ledger = finished_ledger(args.ledger, Path(scratch))
        trees = [("this tree", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
        print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs, {args.repeats} runs each")
        for name, source in trees:
            for label, cmd in (("--help", ["--help"]), ("audit", ["audit", "--ledger", str(ledger)])):
                times = timed(cmd, source, args.repeats)
                print(f"{name:10} claimledger {label:7} median {statistics.median(times):6.2f} s  "
                      f"min {min(times):6.2f} s  max {max(times):6.2f} s")
        print(f"load average {os.getloadavg()[0]:.2f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
