"""Hybrid search over the claims of a ledger: sentence embeddings and TF-IDF, fused by a weighted sum.

The index is built by ``claimledger.outputs.index`` during ``run`` and stored in ``<ledger>/index/``; opening it loads
arrays (the embeddings memory-mapped) and never re-reads documents or re-embeds claims. Filters (document,
unit, year range, verdict) select the claims first; ranking happens among those only.

    from claimledger.models.search import open_ledger
    hits = open_ledger("ledger").search("remittances 2005", k=10, doc="002")   # a pandas DataFrame
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from claimledger.models.choices import VERDICTS, check_doc, choose
from claimledger.models.errors import LedgerNotFound, reading
from claimledger.models.retrieval import ClaimIndex, make_vectorizer, one_thread

INDEX_DIR = "index"
EMBEDDINGS_FILE = "embeddings.npy"      # float16, one unit row per claim, in index order
CODES_FILE = "codes.npy"                # sign bits of the embeddings, uint64, shape (words, claims)
LEXICAL_FILE = "lexical.json"           # the TF-IDF vocabulary (column order) and idf weights
POSTINGS_FILES = {"data": "postings_data.npy", "indices": "postings_indices.npy",
                  "indptr": "postings_indptr.npy"}   # TF-IDF matrix transposed (terms x claims), CSR
CLAIMS_FILE = "claims.parquet"          # the claim fields a hit shows, in index order (row i = vector i)
HIT_FIELDS = ["claim_id", "doc_id", "text", "hedge", "value", "unit", "period_start", "period_end", "sentence",
              "source", "char_start", "sentence_start", "origin", "table_id", "row_label", "col_label"]
COLLAPSE_DEPTH = 3  # candidates looked at per hit asked for, to fill k hits after folding one sentence's claims
JSON_FIELDS = ["claim_id", "score", "doc_id", "label", "text", "hedge", "value", "unit", "period_start", "period_end",
               "sentence", "source", "origin", "table_id", "row_label", "col_label", "group_id", "verdict",
               "reconciled_value"]


def search_text(claim: Mapping[str, Any]) -> str:
    """The text a claim is indexed under: what is measured, number and unit, sentence, period, source."""
    start, end = _year(claim.get("period_start")), _year(claim.get("period_end"))
    period = "" if start is None else f"{start}"
    if start is not None and end is not None and end != start:
        period += f"-{end}"
    parts = [claim.get("quantity") or "", f"{claim.get('text') or ''} {claim.get('unit') or ''}".strip(),
             " ".join(str(claim.get("sentence") or "").split()), period, claim.get("source") or ""]
    return " | ".join(p for p in parts if p)


def embedding_text(claim: Mapping[str, Any]) -> str:
    """The text a claim is embedded under: its sentence, then what is measured.

    Numbers, years and source names carry little meaning for a sentence encoder (adding them lowered
    embedding recall on the query set); the lexical side matches them exactly instead."""
    sentence = " ".join(str(claim.get("sentence") or "").split())
    return f"{sentence} | {claim['quantity']}" if claim.get("quantity") else sentence


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _year(value: Any) -> int | None:
    """A period bound as an int; None for a missing one (None, or NaN as pandas reads it)."""
    return None if _missing(value) else int(value)


def load_index(folder: Path) -> tuple[ClaimIndex, pd.DataFrame]:
    """The stored index in ``folder`` and its claim rows; the embeddings stay memory-mapped."""
    folder = Path(folder)
    if not (folder / CLAIMS_FILE).exists():
        raise LedgerNotFound(f"{folder}: no search index here; run `claimledger run` to build it")
    with reading(folder / LEXICAL_FILE):
        lexical = json.loads((folder / LEXICAL_FILE).read_text(encoding="utf-8"))
        index = ClaimIndex()
        index.vectorizer_ = make_vectorizer(lexical["vocabulary"]) if lexical["vocabulary"] else make_vectorizer()
        if lexical["vocabulary"]:
            index.vectorizer_.idf_ = np.asarray(lexical["idf"], dtype=np.float64)
    parts = {k: _array(folder / name) for k, name in POSTINGS_FILES.items()}
    with reading(folder / CLAIMS_FILE):
        rows = pd.read_parquet(folder / CLAIMS_FILE)
    with reading(folder / POSTINGS_FILES["data"]):
        index.postings_ = sparse.csr_matrix((parts["data"], parts["indices"], parts["indptr"]),
                                            shape=(len(lexical["vocabulary"]), len(rows)))
    index.embeddings_ = _array(folder / EMBEDDINGS_FILE, rows=len(rows))
    index.codes_ = _array(folder / CODES_FILE)
    return index, rows


def _array(path: Path, rows: int | None = None) -> np.ndarray:
    """One stored array, memory-mapped; ``rows``: the number of claims it must have a row for."""
    with reading(path):
        array = np.load(path, mmap_mode="r", allow_pickle=False)
        if rows is not None and array.shape[:1] != (rows,):
            raise ValueError(f"shape {array.shape} for {rows} claims")
    return array


def read_groups(ledger: Path) -> dict[str, dict[str, Any]]:
    """Claim id -> its group in reconciliation.json: group_id, verdict, reconciled value."""
    path = Path(ledger) / "reconciliation.json"
    if not path.exists():
        return {}
    out: dict[str, dict[str, Any]] = {}
    with reading(path):
        groups = list(json.loads(path.read_text(encoding="utf-8")).get("groups", []))
    for group in groups:
        reconciled = group.get("reconciled") or {}
        value = reconciled.get("value", group.get("reconciled_value"))
        for claim_id in group.get("claim_ids", []):
            out[claim_id] = {"group_id": group.get("group_id"), "verdict": group.get("verdict"),
                             "reconciled_value": value}
    return out


def highlight_span(sentence: str, text: str, offset: int) -> tuple[int, int] | None:
    """Where the claim's number sits in its sentence: at ``offset`` if it is there, else the nearest match."""
    if not text:
        return None
    if sentence[offset:offset + len(text)] == text:
        return offset, offset + len(text)
    found = [i for i in range(len(sentence)) if sentence.startswith(text, i)]
    if not found:
        return None
    best = min(found, key=lambda i: abs(i - offset))
    return best, best + len(text)


class LedgerSearch:
    """A ledger opened for search: index, claim rows and groups loaded once; ``search`` gives a DataFrame."""

    def __init__(self, index: ClaimIndex, rows: pd.DataFrame,
                 groups: Mapping[str, Mapping[str, Any]], labels: Mapping[str, str] | None = None) -> None:
        self.index = index
        # Plain object columns: taking ten hits from a million Arrow-backed strings costs milliseconds each.
        self.rows = rows.reset_index(drop=True).astype({c: object for c in rows.columns
                                                        if pd.api.types.is_string_dtype(rows[c])})
        group_of = [groups.get(c, {}) for c in self.rows["claim_id"]] if groups else [{}] * len(self.rows)
        for field in ("group_id", "verdict", "reconciled_value"):
            self.rows[field] = [g.get(field) for g in group_of]
        self.rows["label"] = [(labels or {}).get(d, d) for d in self.rows["doc_id"]]
        # Filter columns as categorical codes and float arrays, so a filter over a million claims is a few
        # vector operations, not a million string comparisons.
        self._filters = {f: pd.Categorical(self.rows[f]) for f in ("doc_id", "verdict")}
        self._filters["unit"] = pd.Categorical(self.rows["unit"].astype(str).str.lower())
        self._start = self.rows["period_start"].to_numpy(float)
        end = self.rows["period_end"].to_numpy(float)
        self._end = np.where(np.isnan(end), self._start, end)

    def _category(self, field: str, keep: Any) -> np.ndarray:
        cat = self._filters[field]
        table = np.array([bool(keep(str(c))) for c in cat.categories] + [False])  # code -1 (missing) -> False
        return table[cat.codes]

    def mask(self, doc: str | None = None, unit: str | None = None, year_from: int | None = None,
             year_to: int | None = None, verdict: str | None = None) -> np.ndarray | None:
        """Rows the filters allow (None when there is no filter): doc id or its prefix ("002"), unit (any
        case), a period overlapping [year_from, year_to] (claims without a period drop out), group verdict."""
        self.check(doc, unit, verdict)
        tests = []
        if doc:
            tests.append(self._category("doc_id", lambda c: c.startswith(doc)))
        if unit:
            tests.append(self._category("unit", lambda c: c == unit.lower()))
        if verdict:
            tests.append(self._category("verdict", lambda c: c == verdict))
        if year_from is not None or year_to is not None:
            low = -np.inf if year_from is None else year_from
            high = np.inf if year_to is None else year_to
            tests.append(~np.isnan(self._start) & (self._end >= low) & (self._start <= high))
        return np.logical_and.reduce(tests) if tests else None

    def check(self, doc: str | None = None, unit: str | None = None, verdict: str | None = None) -> None:
        """Filters that can match nothing in this ledger are errors naming what it holds (BadChoice,
        UnknownDocument), not an empty answer."""
        if doc:
            check_doc(doc, self._filters["doc_id"].categories)
        if unit:
            choose("unit", unit, (u for u in self.rows["unit"].astype(str) if u), fold_case=True)
        if verdict:
            choose("verdict", verdict, VERDICTS)

    def search(self, query: str, k: int = 10, *, doc: str | None = None, unit: str | None = None,
               year_from: int | None = None, year_to: int | None = None, verdict: str | None = None,
               mode: str = "hybrid") -> pd.DataFrame:
        """The best ``k`` claims for ``query`` among those the filters allow, best first."""
        allowed = self.mask(doc, unit, year_from, year_to, verdict)
        with one_thread():
            vector = embed_query(query) if mode != "lexical" else None
            positions, scores = self.index.rank(query, vector, k * COLLAPSE_DEPTH, allowed, mode)
        # one hit per sentence or table row (its best claim), as a search engine folds near-duplicates: a table
        # row of four shares must not fill the page
        keep, seen = [], set()
        for n, pos in enumerate(positions):
            row = self.rows.iloc[int(pos)]
            key = (row["doc_id"], row["sentence_start"])
            if key not in seen:
                seen.add(key)
                keep.append(n)
            if len(keep) == k:
                break
        hits = self.rows.iloc[[int(positions[n]) for n in keep]].copy()
        hits.insert(1, "score", [scores[n] for n in keep])
        return typed_hits(hits.reset_index(drop=True))


# Hits are typed as claims.parquet is: a year reads 2005, not 2005.0 (the index stores periods as floats so that
# filters are vector operations), and a missing text is null, not "".
_HIT_INTEGERS = ("period_start", "period_end", "char_start", "sentence_start")
_HIT_TEXTS = ("claim_id", "doc_id", "label", "text", "hedge", "unit", "sentence", "source", "origin", "table_id",
              "row_label", "col_label", "group_id", "verdict")


def typed_hits(hits: pd.DataFrame) -> pd.DataFrame:
    """Hits with nullable ``Int64`` years and offsets and nullable strings, missing text as ``<NA>``."""
    types = {c: "Int64" for c in _HIT_INTEGERS if c in hits} | {c: "string" for c in _HIT_TEXTS if c in hits}
    typed = hits.astype(types)
    for column in _HIT_TEXTS:
        if column in typed:
            typed[column] = typed[column].mask(typed[column] == "")
    return typed


def embed_query(query: str) -> np.ndarray:
    """The query's unit vector (one thread)."""
    from claimledger.models.embeddings import embed

    with one_thread():
        return embed([query])[0]


def open_ledger(ledger: str | Path = "ledger") -> LedgerSearch:
    """Open the search index stored beside a finished run (``<ledger>/index/``)."""
    ledger = Path(ledger)
    if not (ledger / INDEX_DIR / CLAIMS_FILE).exists():
        raise LedgerNotFound(f"{ledger}: no search index ({INDEX_DIR}/{CLAIMS_FILE} missing); "
                             "run `claimledger run` first")
    index, rows = load_index(ledger / INDEX_DIR)
    return LedgerSearch(index, rows, read_groups(ledger), read_labels(ledger))


def read_labels(ledger: Path) -> dict[str, str]:
    """Document id -> its run-unique label, from the ledger's ``documents`` table (none when it is absent)."""
    import sqlite3

    path = Path(ledger) / "ledger.sqlite"
    if not path.is_file():
        return {}
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with reading(path):
            return {d: label or d for d, label in con.execute("select doc_id, label from documents")}
    finally:
        con.close()


def search(query: str, ledger: str | Path = "ledger", k: int = 10, **filters: Any) -> pd.DataFrame:
    """One-off search: open the ledger's index and return the best ``k`` hits as a DataFrame."""
    return open_ledger(ledger).search(query, k, **filters)


def hit_records(hits: pd.DataFrame) -> list[dict[str, Any]]:
    """Hits as plain JSON-ready dicts with exactly the ``--json`` fields (NaN and NA become None)."""
    out = []
    for row in hits.to_dict("records"):
        record = {f: row.get(f) for f in JSON_FIELDS}
        for f, v in record.items():
            if _missing(v) or v is pd.NA:
                record[f] = None
            elif isinstance(v, np.generic):
                record[f] = v.item()
        for f in ("period_start", "period_end"):
            if record[f] is not None:
                record[f] = int(record[f])
        out.append(record)
    return out
