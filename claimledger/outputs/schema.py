"""The SQLite ledger's schema beyond its columns: what each table and column means, how tables point at each
other (foreign keys), which text is full-text searchable, the views users ask for first, and the Datasette
metadata file built from all of it.

Table names are no SQL keywords (``doc_tables``, ``claim_groups``, ``bib_references``), so ``select count(*)
from claim_groups`` works in any SQL client without quoting. One place for all of it, so the SQLite file,
``metadata.json`` and the README cannot drift apart (``tests/outputs/test_ledger_sqlite.py`` checks every
column has a description).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

DATABASE = "ledger"  # Datasette names a database by its file stem: ledger.sqlite


@dataclass(frozen=True)
class TableSchema:
    """One table: its description, Datasette label column, foreign keys ``(column, table, column)``, indexes,
    full-text-searched columns and a description per column."""

    description: str
    columns: dict[str, str]
    label: str | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    sort: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_DOC = ("doc_id", "documents", "doc_id")
_PERIOD = {"period_start": "first year of the reference period (integer), null when none is stated",
           "period_end": "last year of the reference period (integer), null when none is stated"}
_OFFSETS = {"char_start": "start offset in the document's normalised text (documents.text)",
            "char_end": "end offset (exclusive) in the document's normalised text"}

# In creation order: a table is created after the tables its foreign keys point to.
TABLES: dict[str, TableSchema] = {
    "documents": TableSchema(
        "One row per document read, with what is known of it as a work.",
        {"doc_id": "the file stem", "label": "how every output names the document, unique in the run",
         "path": "the file name", "kind": "txt, md or pdf", "sha256": "hash of the file's bytes",
         "n_pages": "number of pages (a text file is one page; form feeds split pages)",
         "n_chars": "length of the normalised text", "title": "title (catalog, front matter, PDF info or title page)",
         "authors": "authors, '; '-separated", "year": "the document's year (integer)",
         "year_basis": "where the year comes from: catalog, stated or inferred", "venue": "journal or series",
         "text": "the normalised text every offset points into"},
        label="label", sort="doc_id"),
    "doc_tables": TableSchema(
        "One row per table found in a document.",
        {"table_id": "<doc_id>-p<page>-t<order on the page>", "doc_id": "the document", "page": "1-based page",
         "title": "caption", "source": "the table's source line", "n_rows": "body rows", "n_cols": "columns",
         "layout": "how the body was read (markdown, tabs, spaces, flattened, pdf grid)",
         "unit": "unit read from the caption or headers", "notes": "notes under the table",
         "same_as": "the earlier table this one repeats", **_OFFSETS, "header": "header rows as JSON"},
        label="title", foreign_keys=(_DOC, ("same_as", "doc_tables", "table_id")), indexes=(("doc_id",),)),
    "bib_references": TableSchema(
        "One row per entry of a document's reference list (reference ids are scoped to their document).",
        {"reference_id": "<doc_id>:<Surname><year><suffix>", "doc_id": "the document whose list holds the entry",
         "work_id": "the same work across documents", "raw": "the entry as written",
         "authors": "authors, 'Surname, I.; ...'", "year": "year of publication (integer)",
         "suffix": "the letter after the year (2004a)", "number": "the entry's number in a numbered list ([12])",
         "title": "title", "container": "journal or book",
         "volume": "volume", "issue": "issue", "pages": "pages", "publisher": "publisher", "place": "place",
         "url": "URL", **_OFFSETS},
        label="raw", foreign_keys=(_DOC,), indexes=(("doc_id",), ("work_id",)), fts=("raw", "authors", "title")),
    "claims": TableSchema(
        "One row per numeric claim (prose sentences and table cells), by document and offset.",
        {"claim_id": "stable id: hash of doc_id and offsets", "doc_id": "the document",
         "page": "1-based page", **_OFFSETS, "text": "the surface form, e.g. USD $16.6 bn",
         "value": "the value, scale applied (a range: its midpoint)", "value_low": "stated range's low bound",
         "value_high": "stated range's high bound", "precision": "half the last written place, scaled",
         "interval_low": "low end of the interval the precision and hedge allow",
         "interval_high": "high end of the interval the precision and hedge allow",
         "unit": "percent, person, USD, ... or the counted noun", "currency": "ISO currency code",
         "scale": "multiplier written (1e9 for bn)", "hedge": "the hedge as written (slightly more than)",
         "approx": "the hedge normalised: >, >=, <, <=, <~, ~", **_PERIOD,
         "period_basis": "sentence, table or document", "quantity": "what the number counts or measures",
         "population": "qualifiers that decide grouping (born in Mexico, aged 15+, ...)",
         "source": "the author-year citation in the sentence", "sentence": "the sentence (or table row)",
         "sentence_start": "start offset of the sentence", "sentence_end": "end offset of the sentence",
         "origin": "text (prose) or table (a table cell)", "table_id": "the table of a cell claim",
         "row_label": "a cell's row label", "col_label": "a cell's column label",
         "reference_id": "the reference-list entry the source resolves to",
         "unit_written": "the unit as the text writes it (km s−1, %), empty for a count",
         "unit_canonical": "pint's name for a physical unit (kilometer / second), the ISO code for money, "
                           "the counted noun for a count",
         "dimension": "pint's dimension ([length] / [time]), currency, count or dimensionless"},
        label="text", foreign_keys=(_DOC, ("table_id", "doc_tables", "table_id"),
                                    ("reference_id", "bib_references", "reference_id")),
        indexes=(("doc_id",), ("quantity",), ("unit",)), fts=("sentence", "quantity", "source"),
        sort="claim_id"),
    "cells": TableSchema(
        "Every cell of every table.",
        {"cell_id": "<table_id>:<row>:<col>", "table_id": "the table", "row": "0-based body row",
         "col": "0-based column", "text": "the cell as written", "value": "its number, null if none",
         "row_label": "the row's label", "col_label": "the column's label", **_OFFSETS, **_PERIOD,
         "footnote": "the footnote mark on the cell"},
        label="text", foreign_keys=(("table_id", "doc_tables", "table_id"),), indexes=(("table_id",),)),
    "checks": TableSchema(
        "Arithmetic checks: table totals, shares and averages, ratios and changes stated in the text.",
        {"check_id": "stable id", "doc_id": "the document",
         "kind": "table_total, table_share, table_average, ratio, change or text_table",
         "claim_ids": "the claims checked, space-separated", "expected": "what the parts give",
         "observed": "what is stated", "tolerance": "what the written precision allows", "status": "pass or fail",
         "explanation": "the check in words"},
        foreign_keys=(_DOC,), indexes=(("doc_id",), ("status",))),
    "claim_groups": TableSchema(
        "Groups of claims that measure one quantity, judged and reconciled.",
        {"group_id": "stable id", "quantity": "what the group measures", "unit": "its unit",
         "verdict": "agreement, rounding, time_series, misdated or conflict", "n_claims": "members",
         "reconciled_value": "the value the policy picks", "reconciled_claim_id": "the claim it comes from",
         "policy": "recent-cited, most-precise or earliest", "rationale": "why that claim",
         "explanation": "what differs between the claims"},
        label="quantity", foreign_keys=(("reconciled_claim_id", "claims", "claim_id"),), indexes=(("verdict",),)),
    "group_members": TableSchema(
        "Which claims each group holds.",
        {"member_id": "<group_id>:<claim_id>", "group_id": "the group", "claim_id": "the claim",
         "rank": "0 is the reconciled claim, then the ranked alternatives"},
        foreign_keys=(("group_id", "claim_groups", "group_id"), ("claim_id", "claims", "claim_id")),
        indexes=(("claim_id",), ("group_id",))),
    "pairs": TableSchema(
        "Pairwise verdicts inside each group.",
        {"pair_id": "<group_id>:<a>:<b>", "group_id": "the group", "a": "one claim", "b": "the other claim",
         "verdict": "the pair's verdict", "finding": "what differs between the two"},
        foreign_keys=(("group_id", "claim_groups", "group_id"), ("a", "claims", "claim_id"),
                      ("b", "claims", "claim_id")), indexes=(("group_id",),)),
    "citations": TableSchema(
        "In-text citations (author-year, or numbered: one row per cited number) and the entry each resolves to.",
        {"citation_id": "stable id", "doc_id": "the document", **_OFFSETS, "text": "the citation as written",
         "authors": "authors, '; '-separated", "year": "the year cited (integer), null for n.d.",
         "suffix": "its letter, null for none (2004a: a)",
         "locator": "page locator", "number": "the cited number of a numbered citation ([3] of [1-3])",
         "reference_id": "the entry it resolves to, null when dangling",
         "confidence": "confidence of the link (0-1)"},
        label="text", foreign_keys=(_DOC, ("reference_id", "bib_references", "reference_id")),
        indexes=(("doc_id",), ("reference_id",))),
    "sentences": TableSchema(
        "Every prose sentence the version aligner saw.",
        {"sentence_id": "<doc_id>:<index>", "doc_id": "the document", "sentence": "0-based index in the document",
         **_OFFSETS}, foreign_keys=(_DOC,), indexes=(("doc_id",),)),
    "versions": TableSchema(
        "Version families: documents that are versions of one text, oldest first.",
        {"doc_id": "the document", "family_id": "its family, null for a document with no other version",
         "order": "1-based order within the family (quote it: \"order\")", "year": "the document's year (integer)",
         "year_basis": "catalog, stated or inferred"}, foreign_keys=(_DOC,)),
    "alignments": TableSchema(
        "Sentence pairs of two documents carried over from one to the other.",
        {"alignment_id": "<doc_a>:<sentence_a>:<doc_b>:<sentence_b>", "doc_a": "first document (id order)",
         "sentence_a": "its sentence index", "doc_b": "second document", "sentence_b": "its sentence index",
         "kind": "identical, edited, split, merged or moved", "similarity": "the alignment model's probability",
         "a_start": "offset of the A sentence", "a_end": "end of the A sentence", "b_start": "offset of the B "
         "sentence", "b_end": "end of the B sentence"},
        foreign_keys=(("doc_a", "documents", "doc_id"), ("doc_b", "documents", "doc_id")),
        indexes=(("doc_a", "doc_b"),)),
    "number_changes": TableSchema(
        "Figures a version changed, kept, dropped or added against another.",
        {"change_id": "stable id", "doc_a": "earlier document (id order)", "doc_b": "later document",
         "claim_a": "the claim in A, null when added", "claim_b": "the claim in B, null when dropped",
         "change": "unchanged, changed, dropped or added", "old": "the figure in A as written",
         "new": "the figure in B as written", "also": "what else changed around the figure",
         "strength": "how sure the pairing is"},
        foreign_keys=(("doc_a", "documents", "doc_id"), ("doc_b", "documents", "doc_id"),
                      ("claim_a", "claims", "claim_id"), ("claim_b", "claims", "claim_id")),
        indexes=(("doc_a", "doc_b"),)),
}

_SIDE = ("{s}.doc_id as doc_{s}, d{s}.label as label_{s}, {s}.text as text_{s}, {s}.value as value_{s}, "
         "{s}.period_start as period_start_{s}, {s}.period_end as period_end_{s}, {s}.source as source_{s}, "
         "{s}.sentence as sentence_{s}")
VIEWS: dict[str, tuple[str, str]] = {
    "conflicts": (
        "Every conflicting pair of claims side by side: the group, both claims with their document, value, "
        "period, source and sentence, and what differs.",
        "select p.pair_id, g.group_id, g.quantity, g.unit, g.reconciled_value, "
        f"{_SIDE.format(s='a')}, {_SIDE.format(s='b')}, p.finding "
        "from pairs p join claim_groups g on g.group_id = p.group_id "
        "join claims a on a.claim_id = p.a join claims b on b.claim_id = p.b "
        "join documents da on da.doc_id = a.doc_id join documents db on db.doc_id = b.doc_id "
        "where p.verdict = 'conflict' order by g.group_id, p.pair_id"),
    "claims_labelled": (
        "Claims with their document's label and year and the reference their source resolves to.",
        "select c.claim_id, d.label, d.year as doc_year, c.page, c.text, c.value, c.unit, c.hedge, "
        "c.period_start, c.period_end, c.quantity, c.population, c.source, r.raw as reference, c.sentence, "
        "c.origin, c.table_id, c.doc_id, c.reference_id from claims c join documents d on d.doc_id = c.doc_id "
        "left join bib_references r on r.reference_id = c.reference_id order by c.doc_id, c.char_start"),
    "group_claims": (
        "Each group's claims, reconciled first: the verdict, the reconciled value and every member's figure.",
        "select g.group_id, g.verdict, g.quantity, g.unit, g.reconciled_value, m.rank, d.label, c.text, "
        "c.value, c.period_start, c.period_end, c.source, c.sentence, c.claim_id from group_members m "
        "join claim_groups g on g.group_id = m.group_id join claims c on c.claim_id = m.claim_id "
        "join documents d on d.doc_id = c.doc_id order by g.group_id, m.rank"),
}


def metadata() -> dict[str, Any]:
    """The Datasette metadata of a ledger: titles, table and column descriptions, label columns, FTS."""
    tables: dict[str, Any] = {}
    for name, t in TABLES.items():
        entry: dict[str, Any] = {"description": t.description, "columns": t.columns}
        if t.label:
            entry["label_column"] = t.label
        if t.fts:
            entry["fts_table"] = f"{name}_fts"
        if t.sort:
            entry["sort"] = t.sort
        tables[name] = entry
    for name, (description, _) in VIEWS.items():
        tables[name] = {"description": description}
    return {"title": "claimledger: a ledger of numeric claims",
            "description": "Numeric claims read from research papers, their groups, verdicts and sources.",
            "databases": {DATABASE: {"tables": tables}}}


def metadata_json() -> str:
    """``metadata.json`` as written beside ``ledger.sqlite`` (stable key order, so byte-identical)."""
    return json.dumps(metadata(), indent=1, ensure_ascii=False) + "\n"
