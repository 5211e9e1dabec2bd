"""What the fault tests ask of a ledger folder: every file of one run, each one whole."""
from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

SMALL_PAPER = """Remittances to Mexico

In 2004, remittances reached USD $16.6 bn, some 65 or 75% of it from the United States (Banxico, 2005).
This figure totals slightly more than 385,000 individuals born in Mexico and 1.4 million of Mexican origin.
Between 1994 and 2004 the number of migrants grew by 26% in the maquila sector.
"""

OTHER_PAPER = """Migration and development

In 2005, remittances reached US$20 billion, some 70% of it from the United States (Banxico, 2006).
That group totals slightly more than 261,000 people born in Mexico, of whom 39,748 have doctorates.
About 12 million people born in Mexico lived in the United States in 2005.
"""


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by its relative path, with its SHA-256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_whole(folder: Path) -> None:
    """Every file of the ledger parses, the SQLite file passes its integrity check, no temp file is left, and
    every file belongs to one run (the claims of the CSV, the Parquet file, SQLite and the index agree)."""
    names = {p.name for p in folder.rglob("*")}
    assert not [n for n in names if n.endswith(".tmp")], names
    for path in folder.rglob("*.csv"):
        list(csv.reader(path.open(encoding="utf-8")))
    for path in folder.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in folder.rglob("*.npy"):
        np.load(path, allow_pickle=False)
    for path in [*folder.rglob("*.md"), *folder.rglob("*.html"), *folder.rglob("*.bib")]:
        path.read_text(encoding="utf-8")
    with sqlite3.connect(folder / "ledger.sqlite") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        sql_ids = sorted(r[0] for r in db.execute("select claim_id from claims"))
    csv_ids = sorted(r["claim_id"] for r in csv.DictReader((folder / "claims.csv").open(encoding="utf-8")))
    parquet_ids = sorted(pd.read_parquet(folder / "claims.parquet")["claim_id"])
    index_ids = sorted(pd.read_parquet(folder / "index" / "claims.parquet")["claim_id"])
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert sql_ids == csv_ids == parquet_ids == index_ids and run["claims"] == len(sql_ids)
