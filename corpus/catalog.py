"""The bundled corpus: where the papers are and what their catalog says (title, authors, year, venue)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAPERS = HERE / "papers"
CATALOG = HERE / "catalog.csv"


@dataclass(frozen=True)
class Entry:
    """One catalog row; ``basis`` says whether the year is stated in the paper or inferred."""

    doc_id: str
    title: str
    authors: str
    year: int | None
    venue: str
    basis: str


def bundled_papers() -> list[Path]:
    """The bundled papers, in file-name order."""
    return sorted(p for p in PAPERS.iterdir() if p.is_file() and not p.name.startswith("."))


def catalog(path: Path = CATALOG) -> dict[str, Entry]:
    """The catalog rows by document id (empty when there is no catalog)."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        return {r["doc_id"]: Entry(r["doc_id"], r["title"], r["authors"], int(r["year"]) if r["year"] else None,
                                   r["venue"], r["basis"]) for r in csv.DictReader(f)}
