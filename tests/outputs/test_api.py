"""The notebook API: ``import claimledger``, ``claimledger.run`` and ``claimledger.open_ledger``, called as a
notebook calls them (real runs, real files)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import claimledger
from claimledger.models.errors import LedgerNotFound

PAPER = """# Remittances and schooling in Oaxaca

In 2004, remittances to Oaxaca reached USD $1.2 bn, slightly more than 11% of the state's output (Smith & Jones, 2019).
Some 385,000 households received them in 2005.
"""


def test_open_ledger_gives_each_table_as_a_dataframe(ledger: Path) -> None:
    opened = claimledger.open_ledger(ledger)
    for name in ("claims", "documents", "groups", "members", "tables", "cells", "citations", "references"):
        frame = getattr(opened, name)
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, name
    assert len(opened.documents) == 5 and len(opened.claims) > 400
    # years are integers (nullable), not 2005.0
    assert str(opened.documents["year"].dtype) == "Int64" and str(opened.references["year"].dtype) == "Int64"
    graduates = opened.claims[opened.claims["value"].isin([385000, 261000]) & (opened.claims["unit"] == "person")]
    group_ids = set(opened.members[opened.members["claim_id"].isin(graduates["claim_id"])]["group_id"])
    verdicts = set(opened.groups[opened.groups["group_id"].isin(group_ids)]["verdict"])
    assert "conflict" in verdicts
    cited = opened.citations.dropna(subset=["reference_id"])
    assert set(cited["reference_id"]) <= set(opened.references["reference_id"])


def test_open_ledger_search_answers_as_the_cli_does(ledger: Path) -> None:
    hits = claimledger.open_ledger(ledger).search("How many Mexican-born university graduates live in the United "
                                                  "States?", k=5)
    assert list(hits.columns[:2]) == ["claim_id", "score"] and len(hits) == 5
    assert {385000.0, 261000.0} <= set(hits["value"])  # issue 12's bar
    filtered = claimledger.open_ledger(ledger).search("remittances", k=3, doc="002", year_from=2000)
    assert len(filtered) == 3 and all(filtered["doc_id"].str.startswith("002"))


def test_search_hits_type_years_as_integers_and_missing_text_as_null(ledger: Path) -> None:
    """Regression: ``ledger.search("remittances 2005")`` gave period_start 2005.0 (float64) and "" for a missing
    hedge, source or table id, where claims.parquet has nullable Int64 years and null text."""
    hits = claimledger.open_ledger(ledger).search("remittances 2005", k=3)
    assert str(hits["period_start"].dtype) == "Int64" and str(hits["period_end"].dtype) == "Int64"
    # 002: "... remittances ... US$20 billion ... in 2005"
    assert hits.loc[0, "text"] == "US$20 billion" and hits.loc[0, "period_start"] == 2005
    for column in ("hedge", "table_id", "row_label", "col_label"):
        assert str(hits[column].dtype) == "string" and not (hits[column] == "").any()
    assert hits["table_id"].isna().all()  # three sentences, no table cell
    from claimledger.models.search import hit_records

    assert hit_records(hits)[0]["period_start"] == 2005 and hit_records(hits)[0]["table_id"] is None


def test_open_ledger_reads_views_by_name(ledger: Path) -> None:
    conflicts = claimledger.open_ledger(ledger).table("conflicts")
    assert len(conflicts) > 0 and "finding" in conflicts.columns
    with pytest.raises(LedgerNotFound, match="no table or view 'claimz'"):
        claimledger.open_ledger(ledger).table("claimz")


def test_open_ledger_on_a_folder_without_a_run_is_one_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(LedgerNotFound, match=f"^{tmp_path}: no finished run here"):
        claimledger.open_ledger(tmp_path)


def test_run_on_a_users_markdown_paper_then_open_it(tmp_path: Path) -> None:
    paper = tmp_path / "oaxaca.md"
    paper.write_text(PAPER, encoding="utf-8")
    result = claimledger.run(str(paper), out=tmp_path / "ledger", policy="earliest")
    assert [d.id for d in result.documents] == ["oaxaca"] and not result.errors
    opened = claimledger.open_ledger(tmp_path / "ledger")
    claims = opened.claims.set_index("text")
    assert claims.loc["USD $1.2 bn", "value"] == 1.2e9 and claims.loc["385,000", "unit"] == "household"
    assert claims.loc["11%", "approx"] == ">"
    assert opened.documents.loc[0, "title"] == "Remittances and schooling in Oaxaca"
    assert opened.search("households receiving remittances", k=1).loc[0, "text"] == "385,000"


def test_run_with_a_bad_setting_names_it() -> None:
    with pytest.raises(ValueError, match="policy 'newest': choose one of"):
        claimledger.run(None, out="unused", policy="newest")


SHADOW = "WHO = 'notebook'\n"
NOTEBOOK = """
import json, sys
import corpus, extract, models, outputs             # the notebook's own modules
assert {m.WHO for m in (corpus, extract, models, outputs)} == {"notebook"}
import claimledger
heavy = sorted(m for m in ("pandas", "torch", "spacy", "sentence_transformers", "sklearn") if m in sys.modules)
from claimledger.models.search import open_ledger   # the issue's example no longer meets models.py
from claimledger.models import records
ledger = claimledger.open_ledger(sys.argv[1])
print(json.dumps({"heavy": heavy, "records": records.__file__, "package": claimledger.__file__,
                  "models": models.__file__, "claims": len(ledger.claims), "version": claimledger.__version__,
                  "search": open_ledger.__module__}))
"""


def test_import_in_a_folder_with_its_own_models_corpus_extract_outputs(tmp_path: Path, ledger: Path) -> None:
    """A notebook folder's models.py (and corpus.py, extract.py, outputs.py) shadows nothing of claimledger, and
    ``import claimledger`` alone loads none of pandas, torch, spaCy or scikit-learn."""
    for name in ("corpus", "extract", "models", "outputs"):
        (tmp_path / f"{name}.py").write_text(SHADOW, encoding="utf-8")
    (tmp_path / "notebook.py").write_text(NOTEBOOK, encoding="utf-8")
    done = subprocess.run([sys.executable, "notebook.py", str(ledger)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["heavy"] == []
    assert Path(seen["models"]) == tmp_path / "models.py"
    assert Path(seen["records"]).is_relative_to(Path(seen["package"]).parent)
    assert Path(seen["package"]).parent != tmp_path and seen["search"] == "claimledger.models.search"
    assert seen["claims"] > 400 and seen["version"] == "0.1.0"

