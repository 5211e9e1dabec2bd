"""The quantity extractor on one long line: time should grow with the line, not with its square.

A line of N copies of "item 7 costs $12.50 (about 3) and" (about 36 characters each) goes through
``claimledger.extract.quantities.quantities`` (the regex stage of ``claimledger quantities``, without spaCy); the
report gives characters, quantities, seconds and characters/s for each N, and the ratio of the last
rate to the first (1.0 is linear).

    python -m bench.longline [--copies 2000 8000 32000]
"""
from __future__ import annotations

import argparse
import sys
import time

from claimledger.extract.quantities import quantities


def measure(copies: int) -> tuple[int, int, float]:
    """(characters, quantities, seconds) for one line of ``copies`` items."""
    line = " ".join(f"item {i % 25} costs ${i}.50 (about {i % 7}) and" for i in range(copies))
    start = time.perf_counter()
    found = sum(1 for _ in quantities(line))
    return len(line), found, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.longline", description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[2000, 8000, 32000])
    rates = []
    for copies in ap.parse_args(argv).copies:
        chars, found, seconds = measure(copies)
        rates.append(chars / seconds)
        print(f"{copies:>7} items  {chars:>10,} chars  {found:>7,} quantities  {seconds:7.2f} s  "
              f"{rates[-1]:>10,.0f} chars/s")
    print(f"last rate / first rate: {rates[-1] / rates[0]:.2f} (1.0 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
