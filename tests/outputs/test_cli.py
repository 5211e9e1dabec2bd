"""The command line and the ledger files it writes: real runs, a real SQLite file, byte-identical reruns."""
from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from outputs.cli import app
from outputs.ledger import CLAIM_COLUMNS
from tests.conftest import ROOT, SHARED

runner = CliRunner()


def test_run_writes_claims_csv_parquet_and_sqlite_with_the_same_rows(ledger: Path) -> None:
    with (ledger / "claims.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == CLAIM_COLUMNS and len(rows) > 400
    frame = pd.read_parquet(ledger / "claims.parquet")
    assert list(frame["claim_id"]) == [r["claim_id"] for r in rows]
    db = sqlite3.connect(ledger / "ledger.sqlite")
    assert db.execute("select count(*) from claims").fetchone()[0] == len(rows)
    assert db.execute("select count(*) from documents").fetchone()[0] == 5
    indexes = {r[0] for r in db.execute("select sql from sqlite_master where type='index'") if r[0]}
    assert any("(\"doc_id\")" in i for i in indexes) and any("(\"quantity\")" in i for i in indexes)
    text, = db.execute("select text from documents where doc_id like '000%'").fetchone()
    start, end, surface = db.execute(
        "select char_start, char_end, text from claims where doc_id like '000%' limit 1").fetchone()
    assert text[start:end] == surface


def test_same_input_gives_byte_identical_ledger_files(tmp_path: Path, ledger: Path) -> None:
    out = tmp_path / "again"
    assert runner.invoke(app, ["run", "--out", str(out)]).exit_code == 0
    for name in ("claims.csv", "claims.parquet", "ledger.sqlite", "run.json"):
        assert (out / name).read_bytes() == (ledger / name).read_bytes(), name


def test_every_development_gold_member_is_extracted(ledger: Path) -> None:
    scorer = SHARED / "tools" / "score_reconcile.py"
    gold = SHARED / "gold" / "reconcile_dev.json"
    if not scorer.exists():
        pytest.skip(f"{scorer} is absent (../shared not beside the project)")
    out = subprocess.run([sys.executable, str(scorer), str(ledger), str(gold)], capture_output=True, text=True,
                         check=True).stdout
    summary = out.strip().splitlines()[-1]
    extracted = summary.split("gold members extracted ")[1].split(",")[0]
    found, total = map(int, extracted.split("/"))
    assert found == total, out


def test_bad_documents_are_one_line_errors_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "fake.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    spanish = "Los migrantes enviaron 20% más en 2004, según el Banco de México."
    (tmp_path / "latin1.txt").write_bytes(spanish.encode("latin-1"))
    good = ROOT / "corpus" / "papers" / "004_4d504017f873b4fe.txt"
    (tmp_path / good.name).write_bytes(good.read_bytes())
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("fake.pdf" in e and "PDF" in e for e in errors)
    assert any("latin1.txt: not UTF-8" in e for e in errors)
    assert (tmp_path / "out" / "claims.csv").exists()
    strict = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1 and strict.stderr.count("\n") == 1


def test_no_readable_document_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("  \n")
    result = runner.invoke(app, ["run", str(tmp_path / "empty.md"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and not (tmp_path / "out" / "claims.csv").exists()


def test_quantities_jsonl_prints_one_object_per_input_line_in_order(tmp_path: Path) -> None:
    lines = ["In 2005, total remittances received by Mexico amounted to US$20 billion (Banco de México, 2006).",
             "No numbers here.",
             "It alone accounts for 44% of Latin America's exports and 49% of its imports."]
    result = runner.invoke(app, ["quantities", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 3 and objects[1] == {"quantities": []}
    first = objects[0]["quantities"][0]
    assert (first["value"], first["unit"], lines[0][first["start"]:first["end"]]) == (2e10, "USD", "US$20 billion")
    assert [q["value"] for q in objects[2]["quantities"]] == [44, 49]
