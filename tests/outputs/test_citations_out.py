"""citations.csv, references.csv, references.bib and `claimledger citations` on a real run of the bundled papers."""
from __future__ import annotations

import csv
import sqlite3

import bibtexparser
from typer.testing import CliRunner

from claimledger.outputs.cli import app


def test_run_writes_citation_files_and_tables(ledger):  # type: ignore[no-untyped-def]
    cites = list(csv.DictReader((ledger / "citations.csv").open(encoding="utf-8")))
    refs = list(csv.DictReader((ledger / "references.csv").open(encoding="utf-8")))
    assert any(c["text"] == "Conapo, 2004a" and c["reference_id"].endswith(":Conapo2004a") for c in cites)
    db = sqlite3.connect(ledger / "ledger.sqlite")
    assert db.execute("select count(*) from citations").fetchone()[0] == len(cites)
    assert db.execute('select count(*) from bib_references').fetchone()[0] == len(refs)
    resolved = db.execute("select count(*) from claims where reference_id is not null").fetchone()[0]
    assert resolved > 100


def test_bib_has_one_entry_per_work(ledger):  # type: ignore[no-untyped-def]
    library = bibtexparser.parse_file(str(ledger / "references.bib"))
    refs = list(csv.DictReader((ledger / "references.csv").open(encoding="utf-8")))
    assert len(library.entries) == len({r["work_id"] for r in refs}) < len(refs)
    rodriguez = [e for e in library.entries if "Rodriguez2005" in e["note"] and "002_" in e["note"]]
    assert any("001_" in e["note"] for e in rodriguez)  # Rodríguez 2005 is cited by 001 and 002: one entry


def test_cli_lists_the_dangling_citations_of_001(ledger):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["citations", "--ledger", str(ledger), "--doc", "001", "--dangling"])
    assert result.exit_code == 0
    assert "dangling citations (7):" in result.output and "Delgado Wise Cypher, 2005" in result.output
    assert "Lanly2004" in result.output  # listed but never cited


def test_cli_fails_in_one_line_without_a_run(tmp_path):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["citations", "--ledger", str(tmp_path)])
    assert result.exit_code != 0 and "no finished run" in result.output
