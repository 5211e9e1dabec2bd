"""Search latency and index build time, at the corpus size and at a synthetic million claims.

    python -m bench.search [--ledger DIR] [--claims 1000000] [--out bench/out]

Corpus size: the bundled papers are run into a temp folder (or ``--ledger`` is used), the index is rebuilt
from its claims (timed: search texts, embeddings, TF-IDF, files), and every query of
tests/gold/queries.json is searched through ``open_ledger(...).search`` as a notebook user would, filters
off and on. Synthetic: ``--claims`` rows with random unit embeddings (float16) and texts drawn from the
corpus vocabulary at its word frequencies; build time is ``ClaimIndex.fit`` plus writing and reopening the
files. Latency per query includes embedding the query with the real model. Writes ``search.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

import numpy as np
import pandas as pd

from claimledger.models.embeddings import DIMENSIONS, embed
from claimledger.models.retrieval import ClaimIndex
from claimledger.models.search import INDEX_DIR, LedgerSearch, load_index, open_ledger, search_text
from claimledger.outputs.index import save_index, write_index

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "out"
QUERIES = [q["query"] for q in json.loads((ROOT / "tests" / "gold" / "queries.json").read_text())["queries"]]
FILTERS: list[dict[str, Any]] = [{}, {"doc": "002"}, {"year_from": 2000, "year_to": 2005}, {"unit": "percent"}]


def latency(search: Callable[..., pd.DataFrame], rounds: int = 3) -> dict[str, Any]:
    """Median and p95 milliseconds per query over the query set, each filter set, ``rounds`` times."""
    out: dict[str, Any] = {}
    for filters in FILTERS:
        times = []
        for _ in range(rounds):
            for query in QUERIES:
                t0 = perf_counter()
                search(query, 10, **filters)
                times.append((perf_counter() - t0) * 1000)
        name = ",".join(f"{k}={v}" for k, v in filters.items()) or "no filter"
        out[name] = {"queries": len(times), "median_ms": round(statistics.median(times), 2),
                     "p95_ms": round(float(np.percentile(times, 95)), 2)}
    return out


def corpus(ledger: Path | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Build time and latency on the ledger of the bundled papers; also its claim rows."""
    with tempfile.TemporaryDirectory() as tmp:
        if ledger is None:
            from claimledger.outputs.run import run

            ledger = Path(tmp) / "ledger"
            run(None, ledger)
        claims = pd.read_parquet(ledger / "claims.parquet").to_dict("records")
        t0 = perf_counter()
        write_index(Path(tmp) / "rebuilt", claims)
        build = perf_counter() - t0
        searcher = open_ledger(ledger)
        searcher.search("warm up", 10)
        report = {"claims": len(claims), "build_s": round(build, 2), "latency": latency(searcher.search)}
        return report, claims


def synthetic_texts(n: int, rng: np.random.Generator, claims: list[dict[str, Any]]) -> list[str]:
    """``n`` texts of 20-40 words drawn from the corpus claims' words at their frequencies, plus a year."""
    words, counts = np.unique(" ".join(search_text(r) for r in claims).lower().split(), return_counts=True)
    lengths = rng.integers(20, 41, size=n)
    draws = rng.choice(words, size=int(lengths.sum()), p=counts / counts.sum())
    years = rng.integers(1970, 2007, size=n).astype(str)
    cuts = np.cumsum(lengths)[:-1]
    return [" ".join(chunk) + " " + year for chunk, year in zip(np.split(draws, cuts), years)]


def synthetic(n: int, claims: list[dict[str, Any]], seed: int = 0) -> dict[str, Any]:
    """Build time and latency at ``n`` claims with random embeddings and text made of the corpus's words."""
    rng = np.random.default_rng(seed)
    texts = synthetic_texts(n, rng, claims)
    vectors = np.empty((n, DIMENSIONS), dtype=np.float16)
    for start in range(0, n, 100_000):
        block = rng.standard_normal((min(100_000, n - start), DIMENSIONS)).astype(np.float32)
        vectors[start:start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    years = rng.integers(1970, 2007, size=n)
    rows = pd.DataFrame({"claim_id": [f"{i:016x}" for i in range(n)],
                         "doc_id": [f"{i:03d}_synthetic" for i in rng.integers(0, 200, size=n)],
                         "text": "1", "value": 1.0, "unit": rng.choice(["percent", "person", "USD", "job"], size=n),
                         "period_start": years.astype(float),
                         "period_end": (years + rng.integers(0, 3, size=n)).astype(float),
                         "sentence": "", "source": "", "char_start": 0, "sentence_start": 0})
    t0 = perf_counter()
    index = ClaimIndex().fit(texts, vectors)
    fit_s = perf_counter() - t0
    del texts
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        t0 = perf_counter()
        save_index(Path(tmp) / INDEX_DIR, index, rows)
        save_s = perf_counter() - t0
        t0 = perf_counter()
        loaded, loaded_rows = load_index(Path(tmp) / INDEX_DIR)
        searcher = LedgerSearch(loaded, loaded_rows, {})
        open_s = perf_counter() - t0
        searcher.search("warm up", 10)
        result = latency(searcher.search, rounds=1)
        t0 = perf_counter()
        vector = embed(["remittances 2005"])[0]
        embed_ms = (perf_counter() - t0) * 1000
    return {"claims": n, "fit_s": round(fit_s, 1), "save_s": round(save_s, 1), "open_s": round(open_s, 1),
            "nnz_tfidf": int(index.postings_.nnz), "query_embedding_ms": round(embed_ms, 1),
            "vector_dim": int(vector.shape[0]), "latency": result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, default=None, help="A finished run (default: run the papers).")
    parser.add_argument("--claims", type=int, default=1_000_000, help="Size of the synthetic index.")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    report: dict[str, Any] = {"cpu_count": os.cpu_count(),
                              "load_average_start": [round(x, 2) for x in os.getloadavg()]}
    report["corpus"], claims = corpus(args.ledger)
    report["synthetic"] = synthetic(args.claims, claims)
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
