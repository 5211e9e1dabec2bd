"""Citation outputs: ``citations.csv``, ``references.csv``, ``references.bib`` and the dangling listing.

``references.bib`` holds one entry per work (``work_id``), written with bibtexparser 2, so a work cited in
three papers appears once, with the reference ids that name it in its ``note``.
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from claimledger.models.choices import check_doc
from claimledger.models.errors import LedgerNotFound, reading
from claimledger.models.records import Citation, Reference
from claimledger.outputs.atomic import write_text

CITATION_COLUMNS = ["citation_id", "doc_id", "char_start", "char_end", "text", "authors", "year", "locator",
                    "reference_id", "confidence"]
REFERENCE_COLUMNS = ["reference_id", "doc_id", "work_id", "raw", "authors", "year", "suffix", "title", "container",
                     "volume", "issue", "pages", "publisher", "place", "url", "char_start", "char_end"]


def citation_rows(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Citations as dict rows, by document and offset."""
    ordered = sorted(citations, key=lambda c: (c.doc_id, c.char_start, c.year))
    return [{k: dataclasses.asdict(c)[k] for k in CITATION_COLUMNS} for c in ordered]


def reference_rows(references: Iterable[Reference]) -> list[dict[str, Any]]:
    """References as dict rows, by document and position in its list."""
    ordered = sorted(references, key=lambda r: (r.doc_id, r.char_start))
    rows = [{k: dataclasses.asdict(r)[k] for k in REFERENCE_COLUMNS} for r in ordered]
    for row in rows:  # a year is a number; its suffix letter has its own column, "n.d." none
        row["year"] = int(row["year"]) if row["year"].isdigit() else None
    return rows


def write_citations(out: Path, citations: Sequence[Citation], references: Sequence[Reference]) -> None:
    """Write citations.csv, references.csv and references.bib into ``out``."""
    from claimledger.outputs.ledger import write_csv

    write_csv(out / "citations.csv", citation_rows(citations), CITATION_COLUMNS)
    write_csv(out / "references.csv", reference_rows(references), REFERENCE_COLUMNS)
    write_text(out / "references.bib", bibtex(references))


def bibtex(references: Iterable[Reference]) -> str:
    """One BibTeX entry per work, from its first entry (by document), keyed by the work id."""
    works: dict[str, list[Reference]] = {}
    for ref in sorted(references, key=lambda r: (r.doc_id, r.char_start)):
        works.setdefault(ref.work_id or ref.reference_id, []).append(ref)
    library = bibtexparser.Library()
    for work_id in sorted(works):
        library.add(_entry(work_id, works[work_id]))
    return bibtexparser.write_string(library)


def _entry(work_id: str, refs: list[Reference]) -> Entry:
    ref = refs[0]
    kind = "article" if ref.container and ref.volume else "incollection" if ref.container else (
        "misc" if ref.url else "book")
    container_field = "journal" if kind == "article" else "booktitle"
    values = {"author": " and ".join(a.strip() for a in ref.authors.split(";") if a.strip()),
              "year": ref.year + ref.suffix, "title": ref.title, container_field: ref.container,
              "volume": ref.volume, "number": ref.issue, "pages": ref.pages, "publisher": ref.publisher,
              "address": ref.place, "url": ref.url, "note": "cited as " + ", ".join(r.reference_id for r in refs)}
    key = re.sub(r"[^A-Za-z0-9_-]", "_", work_id)
    fields = [Field(k, v.replace("{", "(").replace("}", ")")) for k, v in values.items() if v]
    return Entry(kind, key, fields)


def read_citations(ledger: Path, doc: str | None = None) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The citations and references of a finished run, optionally of one document (id or its prefix)."""
    paths = [ledger / "citations.csv", ledger / "references.csv"]
    for path in paths:
        if not path.exists():
            raise LedgerNotFound(f"{ledger}: no finished run here ({path.name} missing); run `claimledger run` first")
    rows = [_read_csv(p) for p in paths]
    if doc:
        from claimledger.outputs.ledger import connect_ledger

        with contextlib.closing(connect_ledger(ledger, ("documents",))) as db:
            check_doc(doc, (d for d, in db.execute("select doc_id from documents")))
        rows = [[r for r in part if r["doc_id"].startswith(doc)] for part in rows]
    return rows[0], rows[1]


def _read_csv(path: Path) -> list[dict[str, str]]:
    from claimledger.outputs.ledger import unneutralised

    with reading(path), path.open(encoding="utf-8", newline="") as f:
        return [{k: unneutralised(v) for k, v in row.items()} for row in csv.DictReader(f)]


def dangling(citations: list[dict[str, str]], references: list[dict[str, str]]
             ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Citations that resolved to no entry, and entries that no citation resolved to."""
    cited = {c["reference_id"] for c in citations if c["reference_id"]}
    return [c for c in citations if not c["reference_id"]], [r for r in references if r["reference_id"] not in cited]


def render(citations: list[dict[str, str]], references: list[dict[str, str]], only_dangling: bool) -> str:
    """The listing ``claimledger citations`` prints: one line per citation, or the dangling and uncited."""
    if not only_dangling:
        return "\n".join(f"{c['doc_id']}\t{c['text']}\t-> {c['reference_id'] or '(dangling)'}\t{c['confidence']}"
                         for c in citations)
    loose, uncited = dangling(citations, references)
    lines = [f"dangling citations ({len(loose)}):"]
    lines += [f"  {c['doc_id']}\t{c['text']}\t(offset {c['char_start']})" for c in loose]
    lines += [f"uncited references ({len(uncited)}):"]
    lines += [f"  {r['doc_id']}\t{r['reference_id'].split(':', 1)[-1]}\t{r['raw'][:90]}" for r in uncited]
    return "\n".join(lines)
