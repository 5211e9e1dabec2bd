"""Tables and checks on disk: ``tables.csv`` (one row per table), ``tables/<table_id>.csv`` (each table as
it reads), ``checks.csv`` (arithmetic checks of any origin), their SQLite rows, and the terminal view
of ``claimledger tables``. Rows are sorted, so the same run gives byte-identical files.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable

from claimledger.models.choices import check_doc
from claimledger.models.errors import LedgerNotFound
from claimledger.models.records import Check, Table
from claimledger.outputs.atomic import write_text

TABLE_COLUMNS = ["table_id", "doc_id", "page", "title", "source", "n_rows", "n_cols", "layout", "unit",
                 "notes", "same_as", "char_start", "char_end", "header"]
CELL_COLUMNS = ["cell_id", "table_id", "row", "col", "text", "value", "row_label", "col_label", "char_start",
                "char_end", "period_start", "period_end", "footnote"]
CHECK_COLUMNS = ["check_id", "doc_id", "kind", "claim_ids", "expected", "observed", "tolerance", "status",
                 "explanation"]


def table_rows(tables: Iterable[Table]) -> list[dict[str, Any]]:
    """One row per table, in table-id order; ``header`` is the header rows as JSON."""
    rows = []
    for t in sorted(tables, key=lambda t: t.table_id):
        row = {k: getattr(t, k) for k in TABLE_COLUMNS if k != "header"}
        row["header"] = json.dumps([list(r) for r in t.header], ensure_ascii=False)
        rows.append(row)
    return rows


def cell_rows(tables: Iterable[Table]) -> list[dict[str, Any]]:
    """Every cell of every table, by table, row and column; ``cell_id`` is ``<table_id>:<row>:<col>``."""
    rows = []
    for t in sorted(tables, key=lambda t: t.table_id):
        for c in sorted(t.cells, key=lambda c: (c.row, c.col)):
            row = dataclasses.asdict(c)
            row["cell_id"] = f"{c.table_id}:{c.row}:{c.col}"
            rows.append(row)
    return rows


def check_rows(checks: Iterable[Check]) -> list[dict[str, Any]]:
    """Checks of any origin, by document, kind and id; ``claim_ids`` joined with spaces."""
    ordered = sorted(checks, key=lambda c: (c.doc_id, c.kind, c.check_id))
    return [{**dataclasses.asdict(c), "claim_ids": " ".join(c.claim_ids)} for c in ordered]


def grid(table: Table) -> list[list[str]]:
    """The table as it reads: header rows, then one row per body row (row label first)."""
    width = max(table.n_cols, max((len(r) for r in table.header), default=0))
    out = [(list(r) + [""] * width)[:width] for r in table.header]
    body = [[""] * width for _ in range(table.n_rows)]
    for c in table.cells:
        if c.row < table.n_rows and c.col < width:
            body[c.row][c.col] = c.text
            body[c.row][0] = c.row_label
    return out + body


def write_tables(out: Path, tables: list[Table], checks: list[Check]) -> None:
    """``tables.csv``, ``tables/<table_id>.csv`` and ``checks.csv`` in ``out``."""
    from claimledger.outputs.ledger import neutralised_row, write_csv

    write_csv(out / "tables.csv", table_rows(tables), TABLE_COLUMNS[:11])
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    keep = {f"{t.table_id}.csv" for t in tables}
    for stale in folder.glob("*.csv"):
        if stale.name not in keep:
            stale.unlink()
    for t in tables:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(map(neutralised_row, grid(t)))
        write_text(folder / f"{t.table_id}.csv", buf.getvalue())
    write_csv(out / "checks.csv", check_rows(checks), CHECK_COLUMNS)


def read_tables(ledger: Path, doc: str | None = None) -> list[dict[str, Any]]:
    """The tables of a finished run (from ``ledger.sqlite``), optionally of one document (id or prefix)."""
    with _connect(ledger) as db:
        rows = db.execute("select * from doc_tables order by table_id").fetchall()
        if doc is not None:
            check_doc(doc, (d for d, in db.execute("select doc_id from documents")))
    return [dict(r) for r in rows if doc is None or r["doc_id"] == doc or r["doc_id"].startswith(f"{doc}_")]


def read_table(ledger: Path, table_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One table of a finished run and its cells."""
    with _connect(ledger) as db:
        row = db.execute("select * from doc_tables where table_id = ?", (table_id,)).fetchone()
        cells = db.execute("select * from cells where table_id = ? order by row, col", (table_id,)).fetchall()
    if row is None:
        raise LedgerNotFound(f"{ledger}: no table {table_id!r} in this run (see `claimledger tables`)")
    return dict(row), [dict(c) for c in cells]


def _connect(ledger: Path) -> sqlite3.Connection:
    from claimledger.outputs.ledger import connect_ledger

    db = connect_ledger(ledger, ("documents",))
    db.row_factory = sqlite3.Row
    try:
        db.execute("select 1 from doc_tables limit 1")
    except sqlite3.OperationalError:
        db.close()
        raise LedgerNotFound(f"{ledger}: this run has no tables (made before tables were extracted)") from None
    return db


def rows_of(table: dict[str, Any], cells: list[dict[str, Any]]) -> list[list[str]]:
    """A stored table as it reads, from its ledger row and cells: header rows, then body rows."""
    header = [list(r) for r in json.loads(table["header"] or "[]")]
    width = max([table["n_cols"]] + [len(r) for r in header])
    body = [[""] * width for _ in range(table["n_rows"])]
    for c in cells:
        if c["row"] < table["n_rows"] and c["col"] < width:
            body[c["row"]][c["col"]] = c["text"] or ""
            body[c["row"]][0] = c["row_label"] or ""
    return [(r + [""] * width)[:width] for r in header] + body


def render(table: dict[str, Any], cells: list[dict[str, Any]], console: Console) -> None:
    """Print one table in the terminal (as wide as the console): title, header rows, body, source, notes."""
    header = [list(r) for r in json.loads(table["header"] or "[]")]
    rows = rows_of(table, cells)
    width = len(rows[0]) if rows else table["n_cols"]
    view = RichTable(title=f"{table['table_id']}  {table['title'] or ''}", caption=_caption(table),
                     show_lines=False)
    names = [" / ".join(r[i] for r in header if i < len(r) and r[i]) for i in range(width)]
    for i, name in enumerate(names):
        view.add_column(name or ("" if i == 0 else f"col {i}"), justify="left" if i == 0 else "right",
                        overflow="fold")
    for row in rows[len(header):]:
        view.add_row(*row)
    console.print(view)


def _caption(table: dict[str, Any]) -> str:
    parts = [f"Source: {table['source']}" if table["source"] else "",
             f"Notes: {table['notes']}" if table["notes"] else "",
             f"Same as {table['same_as']}" if table["same_as"] else ""]
    return "\n".join(p for p in parts if p)
