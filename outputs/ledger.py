"""The claim ledger on disk: ``claims.csv``, ``claims.parquet`` and ``ledger.sqlite``, written atomically.

Rows are sorted by document and offset and carry no timestamps, so the same input gives byte-identical
files; run metadata lives in ``run.json``.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import sqlite_utils

from models.errors import LedgerNotFound
from models.records import Check, Citation, Claim, Document, DocumentInfo, Group, Reference, Table
from outputs.atomic import atomic_path, write_text

CLAIM_COLUMNS = [f.name for f in dataclasses.fields(Claim)]
DOCUMENT_COLUMNS = ["doc_id", "label", "path", "kind", "sha256", "n_pages", "n_chars", "title", "authors", "year",
                    "year_basis", "venue", "text"]
Tables = Mapping[str, tuple[list[dict[str, Any]], list[str], str]]


def claim_rows(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Claims as dict rows in ledger order (document, then offset)."""
    ordered = sorted(claims, key=lambda c: (c.doc_id, c.char_start, c.char_end))
    return [dataclasses.asdict(c) for c in ordered]


def document_rows(documents: Iterable[Document], infos: Iterable[DocumentInfo]) -> list[dict[str, Any]]:
    """Documents as dict rows, with what is known of each as a work (catalog, stated, inferred)."""
    by_id = {i.doc_id: i for i in infos}
    rows = []
    for d in sorted(documents, key=lambda d: d.id):
        i = by_id.get(d.id, DocumentInfo(d.id, label=d.id))
        rows.append({"doc_id": d.id, "label": i.label, "path": Path(d.path).name, "kind": d.kind,
                     "sha256": d.sha256, "n_pages": len(d.pages), "n_chars": len(d.text), "title": i.title,
                     "authors": i.authors, "year": i.year, "year_basis": i.year_basis, "venue": i.venue,
                     "text": d.text})
    return rows


def write_csv(target: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    """A CSV with a fixed column order; None is written as an empty field."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(row.get(k)) for k in columns})
    write_text(target, buf.getvalue())


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return value


def write_parquet(target: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    """A Parquet file with the same columns as the CSV."""
    frame = pd.DataFrame(rows, columns=columns)
    with atomic_path(target) as tmp:
        frame.to_parquet(tmp, index=False)


def write_sqlite(target: Path, tables: dict[str, tuple[list[dict[str, Any]], list[str], str]],
                 indexes: dict[str, list[list[str]]]) -> None:
    """A fresh SQLite file with each table (rows, columns, primary key) and its indexes."""
    with atomic_path(target) as tmp:
        db = sqlite_utils.Database(sqlite3.connect(tmp))
        for name, (rows, columns, pk) in tables.items():
            table = db[name]
            table.create({c: _sql_type(rows, c) for c in columns}, pk=pk)  # type: ignore[union-attr]
            if rows:
                table.insert_all(({c: r.get(c) for c in columns} for r in rows), batch_size=500)  # type: ignore[union-attr]
            for index in indexes.get(name, []):
                table.create_index(index)  # type: ignore[union-attr]
        db.conn.commit()
        db.conn.close()


def _sql_type(rows: list[dict[str, Any]], column: str) -> type:
    for row in rows:
        value = row.get(column)
        if value is not None:
            return float if isinstance(value, float) else int if isinstance(value, int) else str
    return str


def write_ledger(out: Path, documents: list[Document], claims: list[Claim], infos: Sequence[DocumentInfo],
                 tables: Sequence[Table] = (), checks: Sequence[Check] = (), groups: Sequence[Group] = (),
                 citations: Sequence[Citation] = (), references: Sequence[Reference] = (),
                 more: Tables | None = None) -> None:
    """Write the claim ledger of a run into ``out``: claims (text and table cells), tables, cells, checks, and
    the ``more`` tables of other stages (versions)."""
    from outputs.audit import sqlite_tables
    from outputs.citations import CITATION_COLUMNS, REFERENCE_COLUMNS, citation_rows, reference_rows
    from outputs.tables import CELL_COLUMNS, CHECK_COLUMNS, TABLE_COLUMNS, cell_rows, check_rows, table_rows

    crows = claim_rows(claims)
    drows = document_rows(documents, infos)
    write_csv(out / "claims.csv", crows, CLAIM_COLUMNS)
    write_parquet(out / "claims.parquet", crows, CLAIM_COLUMNS)
    write_sqlite(out / "ledger.sqlite",
                 {"documents": (drows, DOCUMENT_COLUMNS, "doc_id"), "claims": (crows, CLAIM_COLUMNS, "claim_id"),
                  "tables": (table_rows(tables), TABLE_COLUMNS, "table_id"),
                  "cells": (cell_rows(tables), CELL_COLUMNS, "cell_id"),
                  "checks": (check_rows(checks), CHECK_COLUMNS, "check_id"), **sqlite_tables(groups),
                  "citations": (citation_rows(citations), CITATION_COLUMNS, "citation_id"),
                  "references": (reference_rows(references), REFERENCE_COLUMNS, "reference_id"), **(more or {})},
                 {"claims": [["doc_id"], ["quantity"], ["unit"]], "tables": [["doc_id"]], "cells": [["table_id"]],
                  "checks": [["doc_id"], ["status"]], "group_members": [["claim_id"], ["group_id"]],
                  "pairs": [["group_id"]], "citations": [["doc_id"], ["reference_id"]], "references": [["doc_id"]],
                  "sentences": [["doc_id"]], "alignments": [["doc_a", "doc_b"]],
                  "number_changes": [["doc_a", "doc_b"]]})


def read_claims(ledger: Path) -> pd.DataFrame:
    """The claims of a finished run as a DataFrame (from its Parquet file)."""
    path = ledger / "claims.parquet"
    if not path.exists():
        raise LedgerNotFound(f"{ledger}: no finished run here (claims.parquet missing); run `claimledger run` first")
    return pd.read_parquet(path)
