"""The claim ledger on disk: ``claims.csv``, ``claims.parquet`` and ``ledger.sqlite``, written atomically.

Rows are sorted by document and offset and carry no timestamps, so the same input gives byte-identical
files; run metadata lives in ``run.json``.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.models.errors import LedgerNotFound, reading
from claimledger.models.records import Check, Citation, Claim, Document, DocumentInfo, Group, Reference, Table
from claimledger.outputs.atomic import atomic_path, write_text
from claimledger.outputs.schema import TABLES, VIEWS, metadata_json

if TYPE_CHECKING:
    import pandas as pd  # imported where used: `claimledger audit` reads the ledger without it (start-up)

CLAIM_COLUMNS = [f.name for f in dataclasses.fields(Claim)]
CLAIM_TYPES = {f.name: str(f.type) for f in dataclasses.fields(Claim)}
DICTIONARY_COLUMNS = {"doc_id", "unit", "currency", "hedge", "approx", "period_basis", "origin"}
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
    return neutralised(value) if isinstance(value, str) else value


# OWASP's CSV injection rule: a cell starting with one of these is run as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def neutralised(text: str) -> str:
    """A text cell as a spreadsheet may safely open it: one that starts as a formula would (``=``, ``+``, ``-``,
    ``@``, tab, carriage return) gets a leading ``'``, the mark spreadsheets take for "this is text". A plain
    number ("-1.0", "+3.5%", "-1,000") is left as it is, since a spreadsheet reads it as the number it is;
    a cell that already starts with ``'`` before such a character gets one more, so that
    :func:`unneutralised` gives back exactly what was written."""
    body = text.lstrip("'")
    if body[:1] and body[:1] in FORMULA_STARTS and (text.startswith("'") or not _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def unneutralised(text: str) -> str:
    """A CSV cell written by :func:`neutralised` as it was before."""
    body = text.lstrip("'")
    return text[1:] if text.startswith("'") and body[:1] and body[:1] in FORMULA_STARTS else text


def neutralised_row(row: Sequence[Any]) -> list[Any]:
    """A row of cells for ``csv.writer``, its text cells neutralised."""
    return [neutralised(v) if isinstance(v, str) else v for v in row]


def write_parquet(target: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    """A Parquet file with the same columns as the CSV, typed from the claim record: integers stay integers
    (nullable ``Int64``, so a year reads 2005, not 2005.0), missing text is null, and the columns of few
    values are dictionary-encoded (pandas reads them as categoricals, DuckDB as strings)."""
    import pandas as pd

    frame = pd.DataFrame([{c: _null_blank(r.get(c)) for c in columns} for r in rows], columns=columns)
    frame = frame.astype({c: _pandas_type(c) for c in columns})
    with atomic_path(target) as tmp:
        frame.to_parquet(tmp, index=False)


def _pandas_type(column: str) -> str:
    hint = CLAIM_TYPES[column]
    if column in DICTIONARY_COLUMNS:
        return "category"
    return "Int64" if hint in ("int", "int | None") else "float64" if "float" in hint else "string"


def _null_blank(value: Any) -> Any:
    """Missing text as null, like a missing number (``""`` in the records, which never mean anything else)."""
    return None if value == "" else value


def write_sqlite(target: Path, tables: Mapping[str, tuple[list[dict[str, Any]], list[str], str]]) -> None:
    """A fresh SQLite file with each table (rows, columns, primary key), created in the schema's order with its
    foreign keys, indexes and full-text index (``claimledger.outputs.schema``), then the schema's views."""
    import sqlite_utils

    with atomic_path(target) as tmp:
        db = sqlite_utils.Database(sqlite3.connect(tmp))
        for name in sorted(tables, key=lambda n: list(TABLES).index(n)):
            rows, columns, pk = tables[name]
            spec = TABLES[name]
            table = db.table(name)
            table.create({c: _sql_type(rows, c) for c in columns}, pk=pk,
                         foreign_keys=[fk for fk in spec.foreign_keys if fk[0] in columns])
            if rows:
                table.insert_all(({c: _null_blank(r.get(c)) for c in columns} for r in rows), batch_size=500)
            for index in spec.indexes:
                table.create_index(list(index))
            if spec.fts:
                table.enable_fts(list(spec.fts))
        for view, (_, sql) in VIEWS.items():
            db.create_view(view, sql)
        db.conn.commit()
        db.conn.close()


def _sql_type(rows: list[dict[str, Any]], column: str) -> type:
    for row in rows:
        value = row.get(column)
        if value is not None and value != "":
            return float if isinstance(value, float) else int if isinstance(value, int) else str
    return str


def write_ledger(out: Path, documents: list[Document], claims: list[Claim], infos: Sequence[DocumentInfo],
                 tables: Sequence[Table] = (), checks: Sequence[Check] = (), groups: Sequence[Group] = (),
                 citations: Sequence[Citation] = (), references: Sequence[Reference] = (),
                 more: Tables | None = None) -> None:
    """Write the claim ledger of a run into ``out``: claims (text and table cells), tables, cells, checks, and
    the ``more`` tables of other stages (versions)."""
    from claimledger.outputs.audit import sqlite_tables
    from claimledger.outputs.citations import CITATION_COLUMNS, REFERENCE_COLUMNS, citation_rows, reference_rows
    from claimledger.outputs.tables import CELL_COLUMNS, CHECK_COLUMNS, TABLE_COLUMNS, cell_rows, check_rows, table_rows

    crows = claim_rows(claims)
    drows = document_rows(documents, infos)
    write_csv(out / "claims.csv", crows, CLAIM_COLUMNS)
    write_parquet(out / "claims.parquet", crows, CLAIM_COLUMNS)
    write_sqlite(out / "ledger.sqlite",
                 {"documents": (drows, DOCUMENT_COLUMNS, "doc_id"), "claims": (crows, CLAIM_COLUMNS, "claim_id"),
                  "doc_tables": (table_rows(tables), TABLE_COLUMNS, "table_id"),
                  "cells": (cell_rows(tables), CELL_COLUMNS, "cell_id"),
                  "checks": (check_rows(checks), CHECK_COLUMNS, "check_id"), **sqlite_tables(groups),
                  "citations": (citation_rows(citations), CITATION_COLUMNS, "citation_id"),
                  "bib_references": (reference_rows(references), REFERENCE_COLUMNS, "reference_id"),
                  **(more or {})})
    write_text(out / "metadata.json", metadata_json())  # Datasette's titles and column descriptions


def read_claims(ledger: Path) -> pd.DataFrame:
    """The claims of a finished run as a DataFrame (from its Parquet file), for the renderers: missing text
    as ``""`` and categoricals as plain strings, as the records hold them."""
    import pandas as pd

    path = ledger / "claims.parquet"
    if not path.exists():
        raise LedgerNotFound(f"{ledger}: no finished run here (claims.parquet missing); run `claimledger run` first")
    with reading(path):
        frame = pd.read_parquet(path)
        missing = [c for c in CLAIM_COLUMNS if c not in frame]
        if missing:
            raise KeyError(f"no column {', '.join(missing)}")
    for column, hint in CLAIM_TYPES.items():
        if hint == "str" and column in frame:
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), "")
    return frame


def connect_ledger(ledger: Path, tables: Sequence[str] = ("documents", "claims")) -> sqlite3.Connection:
    """``ledger.sqlite`` of a finished run, opened read-only and checked first
    (``pragma quick_check``, the ``tables`` asked for), so that a damaged file is one CorruptLedger line here,
    not a traceback at some later query."""
    path = ledger / "ledger.sqlite"
    if not path.is_file():
        raise LedgerNotFound(f"{ledger}: no finished run here (ledger.sqlite missing); run `claimledger run` first")
    with reading(path):
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            status = con.execute("pragma quick_check").fetchone()[0]
            if status != "ok":
                raise sqlite3.DatabaseError(status)
            names = {n for n, in con.execute("select name from sqlite_master where type = 'table'")}
            missing = [t for t in tables if t not in names]
            if missing:
                raise sqlite3.DatabaseError(f"no table {', '.join(missing)}")
        except BaseException:
            con.close()
            raise
    return con
