"""The ledger as SQL and notebook users read it: keyword-free table names, foreign keys that hold, full-text
search, views, column descriptions, and types that mean what they say in SQLite, Parquet, pandas and DuckDB."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import sqlite_utils

from claimledger.outputs.schema import TABLES, VIEWS

SQL_KEYWORDS = {"references", "groups", "tables", "order", "table", "group", "select", "index", "check"}


def _db(ledger: Path) -> sqlite3.Connection:
    return sqlite3.connect(ledger / "ledger.sqlite")


def test_no_table_is_named_by_an_sql_keyword_and_plain_sql_counts_them(ledger: Path) -> None:
    db = _db(ledger)
    names = {n for n, in db.execute("select name from sqlite_master where type in ('table', 'view')")}
    assert not names & SQL_KEYWORDS
    for name in ("claim_groups", "bib_references", "doc_tables"):
        assert db.execute(f"select count(*) from {name}").fetchone()[0] > 0, name


def test_every_foreign_key_is_declared_and_every_reference_resolves(ledger: Path) -> None:
    db = _db(ledger)
    declared = {(t, r[3], r[2]) for t in TABLES for r in db.execute(f"pragma foreign_key_list({t})")}
    assert ("claims", "doc_id", "documents") in declared
    assert ("cells", "table_id", "doc_tables") in declared
    assert ("citations", "reference_id", "bib_references") in declared
    assert ("group_members", "group_id", "claim_groups") in declared
    assert ("group_members", "claim_id", "claims") in declared
    assert db.execute("pragma foreign_key_check").fetchall() == []
    resolved = db.execute("select count(*) from claims where reference_id is not null").fetchone()[0]
    assert resolved > 0


def test_claims_and_references_have_full_text_search(ledger: Path) -> None:
    db = sqlite_utils.Database(ledger / "ledger.sqlite")
    hits = list(db["claims"].search("postgraduate"))  # type: ignore[union-attr]
    assert {"385,000", "86,000"} <= {h["text"] for h in hits}
    refs = list(db["bib_references"].search("Conapo"))  # type: ignore[union-attr]
    assert refs and all("conapo" in (r["raw"] + (r["authors"] or "")).lower() for r in refs)


def test_conflicts_view_puts_the_graduates_figures_side_by_side(ledger: Path) -> None:
    db = _db(ledger)
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("select * from conflicts")]
    pairs = {frozenset((r["text_a"], r["text_b"])) for r in rows}
    assert frozenset(("385,000", "261,000")) in pairs
    graduates = next(r for r in rows if {r["text_a"], r["text_b"]} == {"385,000", "261,000"})
    assert graduates["unit"] == "person" and "CPS, 2005" in (graduates["source_a"], graduates["source_b"])
    labelled = db.execute("select label, reference from claims_labelled where source = 'CPS, 2005'").fetchall()
    assert labelled and all(label.startswith("Delgado") for label, _ in labelled)


def test_metadata_json_describes_every_table_view_and_column(ledger: Path) -> None:
    meta = json.loads((ledger / "metadata.json").read_text(encoding="utf-8"))
    described = meta["databases"]["ledger"]["tables"]
    db = _db(ledger)
    for table in TABLES:
        columns = [r[1] for r in db.execute(f"pragma table_info({table})")]
        assert columns and set(columns) == set(described[table]["columns"]), table
        assert all(described[table]["columns"][c] for c in columns)
    assert set(VIEWS) <= set(described)
    assert described["claims"]["label_column"] == "text" and described["claims"]["fts_table"] == "claims_fts"


def test_years_are_integers_and_missing_text_is_null_in_sqlite(ledger: Path) -> None:
    db = _db(ledger)
    for table, column in (("documents", "year"), ("bib_references", "year"), ("citations", "year"),
                          ("claims", "period_start"), ("cells", "period_start"), ("versions", "year")):
        kinds = {k for k, in db.execute(f"select distinct typeof({column}) from {table}")}
        assert kinds <= {"integer", "null"} and "integer" in kinds, (table, column, kinds)
    assert db.execute("select count(*) from claims where source = '' or hedge = '' or table_id = ''").fetchone()[0] == 0
    no_source = db.execute("select count(*) from claims where source is null").fetchone()[0]
    assert no_source > 0
    # regression: a citation's year was the text "2004a"; now year 2004 and suffix "a", as in bib_references
    conapo = db.execute("select year, suffix from citations where text = 'Conapo, 2004a'").fetchall()
    assert conapo and set(conapo) == {(2004, "a")}
    assert db.execute("select count(*) from citations where suffix = ''").fetchone()[0] == 0


def test_parquet_keeps_integer_years_nulls_and_dictionary_columns_for_pandas_and_duckdb(ledger: Path) -> None:
    frame = pd.read_parquet(ledger / "claims.parquet")
    assert str(frame["period_start"].dtype) == "Int64" and str(frame["page"].dtype) == "Int64"
    assert 2004 in set(frame["period_start"].dropna()) and frame["period_start"].isna().any()
    for column in ("unit", "approx", "origin", "hedge", "doc_id"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    assert frame["source"].isna().sum() > 0 and not (frame["source"] == "").any()
    con = duckdb.connect()
    parquet = f"read_parquet('{ledger / 'claims.parquet'}')"
    types = {r[0]: r[1] for r in con.execute(f"describe select * from {parquet}").fetchall()}
    assert types["period_start"] == "BIGINT" and types["unit"] == "VARCHAR"
    years = con.execute(f"select distinct period_start from {parquet} where period_start is not null").fetchall()
    assert all(isinstance(y, int) for y, in years)
    nulls = con.execute(f"select count(*) from {parquet} where source is null").fetchone()[0]
    assert nulls == frame["source"].isna().sum()
