"""Arithmetic checks in the running text: stated multiples and changes against their figures."""
from __future__ import annotations

import csv
from pathlib import Path

from claimledger.corpus.readers import read_document
from claimledger.extract.claims import claims
from claimledger.models.arithmetic import text_checks


def test_sevenfold_and_fell_by_38_percent_are_checked_and_hold(ledger: Path) -> None:
    # 002: "increased almost sevenfold, rising from US$30.7 billion to $213.7 billion"
    # 000: "fell by 38% ... (from USD $11.70 to $7.20 per hour)"
    with (ledger / "checks.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] in {"ratio", "change"}]
    ratio = [r for r in rows if r["kind"] == "ratio" and "sevenfold" in r["explanation"]]
    change = [r for r in rows if r["kind"] == "change" and "38%" in r["explanation"]]
    assert ratio and ratio[0]["status"] == "pass" and abs(float(ratio[0]["expected"]) - 213.7 / 30.7) < 1e-3
    assert change and change[0]["status"] == "pass" and float(change[0]["observed"]) == -38.0


def test_a_misstated_change_fails(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    # The sentence of 000 with its percentage changed: the figures give -38.5%, not -20%.
    path = tmp_path / "misstated.txt"
    path.write_text("Real wages in the maquila sector fell by 20% between 1994 and 2004 "
                    "(from USD $11.70 to $7.20 per hour).\n", encoding="utf-8")
    doc = read_document(path)
    found = list(text_checks(list(claims(doc, nlp=nlp))))
    assert [c.status for c in found] == ["fail"]
    assert found[0].observed == -20.0 and round(found[0].expected, 1) == -38.5


def test_sentence_citing_table_2_is_checked_against_its_1999_remittances_cell(ledger: Path) -> None:
    # 004: "reaching a record level of almost US$6 billion in 1999 (table 2)"; Table 2, 1999, Remittances: 5910
    with (ledger / "checks.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == "text_table"]
    cited = [r for r in rows if "US$6 billion" in r["explanation"]]
    assert cited and cited[0]["status"] == "pass"
    assert float(cited[0]["expected"]) == 5.91e9 and "Remittances" in cited[0]["explanation"]
