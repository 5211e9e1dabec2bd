"""Tables on disk and in the terminal: tables.csv, tables/<id>.csv, checks.csv, SQLite rows, and
``claimledger tables`` over a finished run."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from claimledger.outputs.cli import app
from claimledger.outputs.tables import CHECK_COLUMNS

SIX = "004_4d504017f873b4fe-p1-t05"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_tables_csv_lists_every_table_with_its_columns(ledger: Path) -> None:
    found = rows(ledger / "tables.csv")
    assert list(found[0])[:7] == ["table_id", "doc_id", "page", "title", "source", "n_rows", "n_cols"]
    assert len(found) == 12
    six = next(r for r in found if r["table_id"] == SIX)
    title = "Table 6. Investment in the Three-For-One program, 1993-2000"
    assert (six["title"], six["n_rows"], six["n_cols"]) == (title, "9", "3")


def test_each_table_has_its_own_csv_as_it_reads(ledger: Path) -> None:
    with (ledger / "tables" / f"{SIX}.csv").open(encoding="utf-8", newline="") as f:
        grid = list(csv.reader(f))
    assert grid[0] == ["Year", "Projects", "Investment (in US$)"]
    assert grid[-1] == ["Total", "429", "16,823,670"]
    assert len(list((ledger / "tables").glob("*.csv"))) == 12


def test_checks_csv_and_sqlite_hold_the_checks(ledger: Path) -> None:
    found = rows(ledger / "checks.csv")
    assert list(found[0]) == CHECK_COLUMNS
    money = [r for r in found if r["kind"] == "table_total" and "Investment" in r["explanation"]]
    assert [(float(r["expected"]), float(r["observed"]), r["status"]) for r in money] == [(16823669, 16823670, "pass")]
    with sqlite3.connect(ledger / "ledger.sqlite") as db:
        assert db.execute("select count(*) from checks").fetchone()[0] == len(found)
        assert db.execute("select count(*) from doc_tables").fetchone()[0] == 12
        cell = db.execute("select value, row_label, col_label from cells where table_id = ? and text = '16,823,670'",
                          (SIX,)).fetchone()
    assert cell == (16823670.0, "Total", "Investment (in US$)")


def test_cli_lists_tables_of_one_document_and_shows_one(ledger: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["tables", "--ledger", str(ledger), "--doc", "004"])
    assert listed.exit_code == 0 and len(listed.output.strip().splitlines()) == 5
    assert SIX in listed.output
    shown = runner.invoke(app, ["tables", "show", SIX, "--ledger", str(ledger)])
    assert shown.exit_code == 0
    assert "16,823,670" in shown.output and "Secretaría de Planeación" in shown.output


def test_cli_names_a_missing_table_or_run_in_one_line(ledger: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["tables", "show", "004-p9-t99", "--ledger", str(ledger)])
    assert missing.exit_code == 1 and "no table '004-p9-t99'" in missing.output
    empty = runner.invoke(app, ["tables", "--ledger", str(tmp_path)])
    assert empty.exit_code == 1 and "no finished run" in empty.output
