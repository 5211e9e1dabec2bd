"""The library calls a notebook uses: ``run`` (what ``claimledger run`` calls) and ``open_ledger`` (a finished
run as pandas DataFrames, and its search).

    import claimledger
    claimledger.run(["paper.md"], out="ledger")
    ledger = claimledger.open_ledger("ledger")
    ledger.claims.head(); ledger.search("remittances 2005", k=5)

Reading a ledger loads pandas and SQLite only; the spaCy pipeline and the embedding model load on ``run`` and
on the first ``search`` (models.search embeds the query lazily).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from claimledger.models.errors import LedgerNotFound

if TYPE_CHECKING:
    from claimledger.models.records import RunResult
    from claimledger.models.search import LedgerSearch

PathLike = str | Path


def run(paths: PathLike | Iterable[PathLike] | None = None, out: PathLike = "ledger", **settings: Any) -> RunResult:
    """Read ``paths`` (files or folders; None: the bundled papers) and write the ledger into ``out``, as
    ``claimledger run PATH ... --out DIR`` does. ``settings`` are the run's settings (``policy``, ``strict``,
    ``timeout``, ``memory_mb``, ``password``, ``catalog``); those not given come from ``claimledger.toml`` or
    ``pyproject.toml`` in the working folder, as for the command. Returns the documents, claims and errors."""
    from claimledger.outputs.run import run as run_ledger
    from claimledger.outputs.settings import load_options

    if isinstance(paths, str | Path):
        paths = [paths]
    files = [Path(p) for p in paths] if paths is not None else None
    catalog = settings.get("catalog")
    options = load_options(Path.cwd(), **{**settings, "catalog": str(catalog) if catalog else None})
    return run_ledger(files or None, Path(out), options)


class Ledger:
    """A finished run opened for analysis: each table of ``ledger.sqlite`` as a DataFrame, read once when first
    asked for (nullable integers, so a year reads 2005, not 2005.0; missing text as <NA>), ``claims`` from
    ``claims.parquet`` (its categoricals kept), and ``search`` over the run's index."""

    def __init__(self, folder: PathLike) -> None:
        self.folder = Path(folder)
        self.sqlite = self.folder / "ledger.sqlite"
        if not self.sqlite.is_file() or not (self.folder / "claims.parquet").is_file():
            raise LedgerNotFound(f"{self.folder}: no finished run here (ledger.sqlite or claims.parquet missing); "
                                 "run `claimledger run` first")

    def __repr__(self) -> str:
        return f"Ledger({str(self.folder)!r})"

    def table(self, name: str) -> pd.DataFrame:
        """Any table or view of ``ledger.sqlite`` by name (``conflicts``, ``claims_labelled``, ``pairs``, ...)."""
        with sqlite3.connect(f"file:{self.sqlite}?mode=ro", uri=True) as con:
            known = {n for n, in con.execute("select name from sqlite_master where type in ('table', 'view')")}
            if name not in known:
                raise LedgerNotFound(f"{self.sqlite}: no table or view {name!r} (it holds "
                                     f"{', '.join(sorted(n for n in known if '_fts' not in n))})")
            return pd.read_sql_query(f'select * from "{name}"', con, dtype_backend="numpy_nullable")

    @cached_property
    def claims(self) -> pd.DataFrame:
        """One row per claim (claims.parquet): value, interval, unit, period, quantity, source, sentence, ..."""
        return pd.read_parquet(self.folder / "claims.parquet")

    @cached_property
    def documents(self) -> pd.DataFrame:
        """One row per document: doc_id, label, title, authors, year, ... and its normalised text."""
        return self.table("documents")

    @cached_property
    def groups(self) -> pd.DataFrame:
        """One row per group of claims that measure one quantity: verdict, reconciled value, policy, why."""
        return self.table("claim_groups")

    @cached_property
    def members(self) -> pd.DataFrame:
        """Which claims each group holds (group_id, claim_id, rank; rank 0 is the reconciled claim)."""
        return self.table("group_members")

    @cached_property
    def tables(self) -> pd.DataFrame:
        """One row per table found in the documents (tables.csv); its cells are ``cells``."""
        return self.table("doc_tables")

    @cached_property
    def cells(self) -> pd.DataFrame:
        """One row per table cell: table_id, row, col, text, value, row and column labels."""
        return self.table("cells")

    @cached_property
    def citations(self) -> pd.DataFrame:
        """One row per in-text citation, with the reference it resolves to (null when dangling)."""
        return self.table("citations")

    @cached_property
    def references(self) -> pd.DataFrame:
        """One row per reference-list entry: authors, year, suffix, title, container, ... and its work_id."""
        return self.table("bib_references")

    @cached_property
    def index(self) -> LedgerSearch:
        """The search index (``index/``), opened on first use; arrays memory-mapped."""
        from claimledger.models.search import open_ledger as open_index

        return open_index(self.folder)

    def search(self, query: str, k: int = 10, **filters: Any) -> pd.DataFrame:
        """The best ``k`` claims for ``query``, as ``claimledger search`` ranks them; filters ``doc``, ``unit``,
        ``year_from``, ``year_to``, ``verdict`` select claims first. A DataFrame, best first, with a score."""
        return self.index.search(query, k, **filters)


def open_ledger(folder: PathLike = "ledger") -> Ledger:
    """Open the folder of a finished run (``--out`` of ``claimledger run``)."""
    return Ledger(folder)
