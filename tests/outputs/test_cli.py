"""The command line and the ledger files it writes: real runs, a real SQLite file, byte-identical reruns."""
from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from claimledger.outputs.cli import app
from claimledger.outputs.ledger import CLAIM_COLUMNS
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
    good = ROOT / "claimledger" / "corpus" / "papers" / "004_4d504017f873b4fe.txt"
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
    # one error line; the rest of stderr is the progress (plain lines, stderr not being a terminal)
    assert strict.exit_code == 1 and sum(line.startswith("error:") for line in strict.stderr.splitlines()) == 1
    assert "Traceback" not in strict.stderr


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


def test_version_and_short_help_follow_the_conventions_of_peer_tools() -> None:
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("claimledger ") and version.stdout.count(".") >= 2
    short = runner.invoke(app, ["run", "-h"])
    assert short.exit_code == 0 and short.stdout.startswith("Usage: ") and " run [OPTIONS]" in short.stdout
    assert "[tool.claimledger] in pyproject.toml" in " ".join(short.stdout.split())


def test_a_mistyped_verdict_or_unknown_document_is_a_one_line_error(ledger: Path) -> None:
    typo = runner.invoke(app, ["audit", "--ledger", str(ledger), "--verdict", "conflcit"])
    assert typo.exit_code == 1 and typo.stdout == ""
    assert typo.stderr == ("error: verdict 'conflcit': choose one of agreement, conflict, misdated, rounding, "
                           "time_series\n")
    for args in (["audit"], ["tables"], ["citations"], ["search", "remittances"]):
        unknown = runner.invoke(app, [*args, "--ledger", str(ledger), "--doc", "999"])
        assert unknown.exit_code == 1 and unknown.stdout == "", args
        assert unknown.stderr.startswith("error: unknown document '999': the ledger holds 000_") and \
            unknown.stderr.count("\n") == 1, args
    unit = runner.invoke(app, ["search", "remittances", "--ledger", str(ledger), "--unit", "dolars"])
    assert unit.exit_code == 1 and unit.stderr.startswith("error: unit 'dolars': choose one of ")


def test_tables_show_without_an_id_is_a_usage_error(ledger: Path) -> None:
    result = runner.invoke(app, ["tables", "show", "--ledger", str(ledger)])
    assert result.exit_code == 2 and "Missing argument" in result.output and "unknown action" not in result.output


def test_listing_commands_speak_json_and_csv(ledger: Path) -> None:
    audit = json.loads(runner.invoke(app, ["audit", "--ledger", str(ledger), "--verdict", "conflict",
                                           "--json"]).stdout)
    graduates = [g for g in audit["groups"] if {c["text"] for c in g["claims"]} == {"385,000", "261,000"}]
    assert graduates and all(g["verdict"] == "conflict" for g in audit["groups"])
    tables = json.loads(runner.invoke(app, ["tables", "--ledger", str(ledger), "--doc", "004", "--json"]).stdout)
    assert len(tables["tables"]) == 5 and isinstance(tables["tables"][0]["header"], list)
    listed = list(csv.DictReader(runner.invoke(app, ["tables", "--ledger", str(ledger), "--csv"]).stdout
                                 .splitlines()))
    assert len(listed) == 12 and listed[0]["table_id"].startswith("000_")
    shown = json.loads(runner.invoke(app, ["tables", "show", tables["tables"][0]["table_id"], "--ledger",
                                           str(ledger), "--json"]).stdout)
    assert shown["table"]["table_id"] == tables["tables"][0]["table_id"] and shown["cells"]
    cites = json.loads(runner.invoke(app, ["citations", "--ledger", str(ledger), "--doc", "002", "--json"]).stdout)
    assert cites["citations"] and all(c["doc_id"].startswith("002") for c in cites["citations"])
    loose = json.loads(runner.invoke(app, ["citations", "--ledger", str(ledger), "--dangling", "--json"]).stdout)
    assert set(loose) == {"dangling", "uncited"} and all(not c["reference_id"] for c in loose["dangling"])


def test_tables_show_follows_the_terminal_width(ledger: Path) -> None:
    table_id = "004_4d504017f873b4fe-p1-t05"
    for width in (60, 100):
        shown = runner.invoke(app, ["tables", "show", table_id, "--ledger", str(ledger)], env={"COLUMNS": str(width)})
        assert shown.exit_code == 0
        assert max(len(line) for line in shown.stdout.splitlines()) <= width


def test_quiet_run_prints_nothing_and_verbose_names_each_document(tmp_path: Path) -> None:
    paper = ROOT / "claimledger" / "corpus" / "papers" / "004_4d504017f873b4fe.txt"
    quiet = runner.invoke(app, ["--quiet", "run", str(paper), "--out", str(tmp_path / "q")])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    loud = runner.invoke(app, ["run", str(paper), "--out", str(tmp_path / "v"), "--verbose"])
    assert loud.exit_code == 0 and f"reading {paper.name}" in loud.stderr and "wrote " in loud.stderr
    assert loud.stdout.startswith("1 documents, 1 pages")


def test_quiet_factsheet_prints_nothing_and_verbose_names_each_file(ledger: Path, tmp_path: Path) -> None:
    """Regression: `claimledger -q factsheet` printed the two paths it wrote, though --quiet prints only errors."""
    copy = tmp_path / "ledger"
    shutil.copytree(ledger, copy)
    quiet = runner.invoke(app, ["-q", "factsheet", "--ledger", str(copy)])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    plain = runner.invoke(app, ["factsheet", "--ledger", str(copy)])
    assert plain.stdout == f"{copy / 'factsheet.md'} {copy / 'factsheet.html'}\n" and plain.stderr == ""
    loud = runner.invoke(app, ["-v", "factsheet", "--ledger", str(copy)])
    assert loud.exit_code == 0 and loud.stdout == plain.stdout
    assert loud.stderr.splitlines() == [f"wrote {copy / 'factsheet.md'}", f"wrote {copy / 'factsheet.html'}"]
