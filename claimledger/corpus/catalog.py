"""Catalogs: what a user (or the bundled corpus) says of each document: title, authors, year, venue.

A catalog is a CSV file (doc_id, title, authors, year, venue[, basis]) or a BibTeX file whose entry keys
or titles match the documents. The bundled papers come with ``catalog.csv``.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from claimledger.models.errors import BadCatalog

HERE = Path(__file__).resolve().parent
PAPERS = HERE / "papers"
CATALOG = HERE / "catalog.csv"
TITLE_MATCH = 90  # rapidfuzz ratio (0-100) at which a BibTeX title names a document's title


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
    """The catalog rows by document id (key, for BibTeX); the bundled catalog may be missing (then empty),
    a catalog the user names may not."""
    if not path.is_file():
        if path == CATALOG:
            return {}
        raise BadCatalog(str(path), "no such catalog file")
    if path.suffix.lower() == ".bib":
        return {e.doc_id: e for e in _bibtex(path)}
    try:
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BadCatalog(str(path), f"cannot be read as a CSV catalog ({exc})") from exc
    if rows and "doc_id" not in rows[0]:
        raise BadCatalog(str(path), "a CSV catalog needs a doc_id column (and title, authors, year, venue)")
    return {r["doc_id"]: Entry(r["doc_id"], r.get("title") or "", r.get("authors") or "",
                               _year(path, r.get("year") or ""), r.get("venue") or "", r.get("basis") or "")
            for r in rows if r.get("doc_id")}


def match(entries: Mapping[str, Entry], titles: Mapping[str, str], by_title: bool = True) -> dict[str, Entry]:
    """Each document's catalog entry: the one keyed by its id (or its id without a hash suffix), else (with
    ``by_title``) the one whose title matches the document's own title closely."""
    from rapidfuzz import fuzz

    found: dict[str, Entry] = {}
    for doc_id, title in sorted(titles.items()):
        short = re.sub(r"[_-][0-9a-f]{8,}$", "", doc_id)
        entry = entries.get(doc_id) or entries.get(short)
        if entry is None and title and by_title:
            scored = [(fuzz.ratio(title.lower(), e.title.lower()), e.doc_id) for e in entries.values() if e.title]
            best = max(scored, default=(0.0, ""))
            entry = entries[best[1]] if best[0] >= TITLE_MATCH else None
        if entry is not None:
            found[doc_id] = entry
    return found


def _year(path: Path, text: str) -> int | None:
    m = re.search(r"\d{4}", text)
    if text.strip() and not m:
        raise BadCatalog(str(path), f"year {text!r} is not a year")
    return int(m.group(0)) if m else None


def _bibtex(path: Path) -> Iterable[Entry]:
    import bibtexparser

    try:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadCatalog(str(path), f"cannot be read ({exc})") from exc
    if library.failed_blocks and not library.entries:
        raise BadCatalog(str(path), "no BibTeX entry could be parsed")
    for e in library.entries:
        fields = {k.lower(): _unbrace(str(v.value)) for k, v in e.fields_dict.items()}
        authors = "; ".join(a.strip() for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip())
        yield Entry(e.key, fields.get("title", ""), authors, _year(path, fields.get("year", "")),
                    fields.get("journal") or fields.get("booktitle") or fields.get("publisher", ""), "catalog")


def _unbrace(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())
