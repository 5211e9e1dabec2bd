"""The versions of a run on disk: ``versions.csv``, ``alignments.csv``, ``number_changes.csv`` and the same
tables (with ``sentences``) in ``ledger.sqlite``; and reading them back for ``claimledger diff``."""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimledger.models.records import Alignment, NumberChange, Sentence, Version
from claimledger.models.versions import VersionResult
from claimledger.outputs.ledger import write_csv

SENTENCE_COLUMNS = ["sentence_id", "doc_id", "sentence", "char_start", "char_end"]
VERSION_COLUMNS = ["doc_id", "family_id", "order", "year", "year_basis"]
ALIGNMENT_COLUMNS = ["alignment_id", "doc_a", "sentence_a", "doc_b", "sentence_b", "kind", "similarity",
                     "a_start", "a_end", "b_start", "b_end"]
CHANGE_COLUMNS = ["change_id", "doc_a", "doc_b", "claim_a", "claim_b", "change", "old", "new", "also", "strength"]
Tables = dict[str, tuple[list[dict[str, Any]], list[str], str]]


def sentence_rows(sentences: Sequence[Sentence]) -> list[dict[str, Any]]:
    return [{"sentence_id": f"{s.doc_id}:{s.index}", "doc_id": s.doc_id, "sentence": s.index,
             "char_start": s.start, "char_end": s.end} for s in sorted(sentences, key=lambda s: (s.doc_id, s.index))]


def version_rows(versions: Sequence[Version]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(v) for v in sorted(versions, key=lambda v: v.doc_id)]


def alignment_rows(alignments: Sequence[Alignment]) -> list[dict[str, Any]]:
    ordered = sorted(alignments, key=lambda x: (x.doc_a, x.doc_b, x.sentence_a, x.sentence_b))
    return [{"alignment_id": f"{x.doc_a}:{x.sentence_a}:{x.doc_b}:{x.sentence_b}", **dataclasses.asdict(x)}
            for x in ordered]


def change_rows(changes: Sequence[NumberChange]) -> list[dict[str, Any]]:
    order = {"changed": 0, "unchanged": 1, "dropped": 2, "added": 3}
    ordered = sorted(changes, key=lambda c: (c.doc_a, c.doc_b, order[c.change], c.claim_a, c.claim_b))
    return [{"change_id": f"{c.doc_a}:{c.doc_b}:{c.claim_a or '-'}:{c.claim_b or '-'}", **dataclasses.asdict(c)}
            for c in ordered]


def version_tables(sentences: Sequence[Sentence], result: VersionResult, changes: Sequence[NumberChange]) -> Tables:
    """The SQLite tables of the versions: sentences, versions, alignments, number_changes."""
    return {"sentences": (sentence_rows(sentences), SENTENCE_COLUMNS, "sentence_id"),
            "versions": (version_rows(result.versions), VERSION_COLUMNS, "doc_id"),
            "alignments": (alignment_rows(result.alignments), ALIGNMENT_COLUMNS, "alignment_id"),
            "number_changes": (change_rows(changes), CHANGE_COLUMNS, "change_id")}


def write_versions(out: Path, result: VersionResult, changes: Sequence[NumberChange]) -> None:
    """``versions.csv``, ``alignments.csv`` and ``number_changes.csv`` beside the ledger."""
    write_csv(out / "versions.csv", version_rows(result.versions), VERSION_COLUMNS)
    write_csv(out / "alignments.csv", alignment_rows(result.alignments), ALIGNMENT_COLUMNS)
    write_csv(out / "number_changes.csv", change_rows(changes), CHANGE_COLUMNS)
