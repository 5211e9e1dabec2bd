"""The search index of a run, built after the ledger and stored beside it in ``<ledger>/index/``.

Embeddings go to a float16 ``.npy`` (memory-mapped at search time, never recomputed), the TF-IDF model to
JSON (vocabulary in column order, idf) plus its transposed matrix as three ``.npy`` arrays, and the claim
fields a hit shows to ``claims.parquet`` in index order. Every file is written atomically and the same
claims give byte-identical files (no timestamps, no pickles, no zip archives). ``render_hits`` shows the
hits of a search on a terminal.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.markup import escape

from claimledger.models.records import Claim
from claimledger.models.retrieval import ClaimIndex
from claimledger.models.search import (
    CLAIMS_FILE,
    CODES_FILE,
    EMBEDDINGS_FILE,
    HIT_FIELDS,
    INDEX_DIR,
    LEXICAL_FILE,
    POSTINGS_FILES,
    embedding_text,
    highlight_span,
    search_text,
)
from claimledger.outputs.atomic import atomic_path, write_text


def index_rows(claims: Iterable[Claim | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Claims as dict rows in ledger order (document, then offset): the order of the index."""
    rows = [dataclasses.asdict(c) if isinstance(c, Claim) else dict(c) for c in claims]
    return sorted(rows, key=lambda r: (r["doc_id"], r["char_start"], r["char_end"]))


def build_index(rows: Sequence[Mapping[str, Any]], embeddings: np.ndarray | None = None) -> ClaimIndex:
    """Fit the index on claim rows; ``embeddings`` (unit rows, same order) are computed when not given."""
    if embeddings is None:
        from claimledger.models.embeddings import embed

        embeddings = embed([embedding_text(r) for r in rows])
    return ClaimIndex().fit([search_text(r) for r in rows], embeddings)


def write_index(out: Path, claims: Iterable[Claim | Mapping[str, Any]],
                embeddings: np.ndarray | None = None) -> ClaimIndex:
    """Build the search index of ``claims`` and store it in ``out/index/``."""
    rows = index_rows(claims)
    index = build_index(rows, embeddings)
    save_index(out / INDEX_DIR, index, pd.DataFrame(rows, columns=HIT_FIELDS))
    return index


def save_index(folder: Path, index: ClaimIndex, hits: pd.DataFrame) -> None:
    """Write a fitted index and its claim rows into ``folder``, one atomic file at a time."""
    fitted = hasattr(index.vectorizer_, "vocabulary_")
    vocabulary = index.vectorizer_.get_feature_names_out().tolist() if fitted else []
    idf = [float(x) for x in index.vectorizer_.idf_] if fitted else []
    lexical = json.dumps({"vocabulary": vocabulary, "idf": idf}, ensure_ascii=False)
    write_text(folder / LEXICAL_FILE, lexical + "\n")
    postings = index.postings_
    for key, name in POSTINGS_FILES.items():
        _save_npy(folder / name, getattr(postings, key))
    _save_npy(folder / EMBEDDINGS_FILE, index.embeddings_)
    _save_npy(folder / CODES_FILE, index.codes_)
    with atomic_path(folder / CLAIMS_FILE) as tmp:
        hits.to_parquet(tmp, index=False)


def _save_npy(target: Path, array: np.ndarray) -> None:
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        np.save(handle, np.ascontiguousarray(array), allow_pickle=False)


def render_hits(hits: pd.DataFrame, console: Console) -> None:
    """Print hits best first: value, unit, period, document; the sentence with the number in bold; source and
    group. Document text is escaped, so markup-like text from a paper prints as written."""
    if hits.empty:
        console.print("no claims match")
        return
    for rank, record in enumerate(hits.to_dict("records"), start=1):
        hit = {k: None if v is pd.NA else v for k, v in record.items()}
        console.print(f"[bold]{rank}.[/bold] {_value(hit)}  {escape(_period(hit))}  "
                      f"[cyan]{escape(str(hit.get('label') or hit['doc_id']))}[/cyan]  "
                      f"[dim]score {hit['score']:.3f}  {hit['claim_id']}[/dim]")
        console.print("   " + (_cell(hit) if hit.get("origin") == "table" else _highlighted(hit)))
        group = f"group {hit['group_id']}: {hit['verdict']}, reconciled {_number(hit['reconciled_value'])}" \
            if isinstance(hit.get("group_id"), str) and hit["group_id"] else "no group"
        console.print(f"   [dim]source: {escape(hit['source'] or '-')} | {escape(group)}[/dim]")


def _value(hit: Mapping[str, Any]) -> str:
    """The figure as written with its hedge ("more than 700"), then its value and unit."""
    unit = escape(str(hit["unit"] or ""))
    written = f"{hit.get('hedge') or ''} {hit['text']}".strip()
    return f"[bold]{escape(written)}[/bold] = {_number(hit['value'])} {unit}"


def _cell(hit: Mapping[str, Any]) -> str:
    """A table cell by its table, row and column labels, not the raw row its sentence holds."""
    row, col = str(hit.get("row_label") or "").strip(), str(hit.get("col_label") or "").strip()
    where = " | ".join(p for p in (f"row: {row}" if row else "", f"column: {col}" if col else "") if p)
    return (f"table {escape(str(hit.get('table_id') or ''))}, {escape(where or 'cell')}: "
            f"[bold yellow]{escape(str(hit['text']))}[/bold yellow]")


def _number(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    if not isinstance(value, (int, float)):
        return str(value)
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"


def _period(hit: Mapping[str, Any]) -> str:
    start, end = hit.get("period_start"), hit.get("period_end")
    if start is None or start != start:
        return "(no period)"
    return f"({int(start)})" if end is None or end != end or end == start else f"({int(start)}-{int(end)})"


def _highlighted(hit: Mapping[str, Any]) -> str:
    sentence = str(hit["sentence"])
    span = highlight_span(sentence, str(hit["text"]), int(hit["char_start"]) - int(hit["sentence_start"]))
    if span is None:
        return escape(sentence)
    a, b = span
    return f"{escape(sentence[:a])}[bold yellow]{escape(sentence[a:b])}[/bold yellow]{escape(sentence[b:])}"
