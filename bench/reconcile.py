"""Reconciliation cost as the ledger grows: the corpus's claims replicated 1, 20 and 100 times.

``python -m bench.reconcile [--ledger DIR] [--times 1 20 100] [--neighbours 40]`` reads the claims of a
finished run, copies them into N documents per paper (new doc and claim ids, same text), and times
``claimledger.models.reconcile.reconcile`` with its peak memory. Copies share their texts, so embedding cost stays
that of the corpus; what grows is blocking, pair scoring and clustering. Copies of one sentence are each
other's nearest neighbours, so the groups of a replicated run are not meaningful: only the cost is.
"""
from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import pandas as pd

from bench.memory import PeakRSS
from claimledger.corpus.catalog import catalog
from claimledger.models.reconcile import reconcile
from claimledger.models.records import Claim
from claimledger.models.train_pairs import claims_from_frame


def replicate(claims: list[Claim], times: int) -> list[Claim]:
    """``times`` copies of every claim, each copy in its own document."""
    return [dataclasses.replace(c, doc_id=f"{c.doc_id}~{k}", claim_id=f"{c.claim_id}~{k}")
            for k in range(times) for c in claims]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ledger", type=Path, default=Path("ledger"))
    parser.add_argument("--times", type=int, nargs="+", default=[1, 20, 100])
    parser.add_argument("--neighbours", type=int, default=40)
    args = parser.parse_args()
    base = claims_from_frame(pd.read_parquet(args.ledger / "claims.parquet"))
    years = {k: e.year for k, e in catalog().items()}
    reconcile(base[:50], years)  # load the embedding model outside the timings
    print("times  claims  groups  seconds  claims/s  peak MB  (growth vs 1x)")
    first = None
    for times in args.times:
        claims = replicate(base, times)
        copy_years = {c.doc_id: years.get(c.doc_id.split("~")[0]) for c in claims}
        with PeakRSS() as mem:
            start = time.perf_counter()
            groups = reconcile(claims, copy_years)
            seconds = time.perf_counter() - start
        first = first or seconds
        print(f"{times:5d}  {len(claims):6d}  {len(groups):6d}  {seconds:7.1f}  {len(claims) / seconds:8.0f}  "
              f"{mem.result()['peak_mb']:7.0f}  {seconds / first:5.1f}x time for {times}x claims")


if __name__ == "__main__":
    main()
