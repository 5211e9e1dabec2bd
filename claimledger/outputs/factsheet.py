"""The fact sheet: one entry per reconciled quantity under topic headings, as ``factsheet.md`` and ``.html``.

Built from a finished ledger folder only: ``reconciliation.json`` (the groups and their verdicts),
``claims.parquet`` and the ``documents`` table of ``ledger.sqlite`` (catalog year, title, authors). The HTML
is one self-contained file (Jinja2 with autoescape, charts as ``data:`` images, a Content-Security-Policy
that forbids script and every outside resource), so no text from a document can put markup on the page.
"""
from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from claimledger.outputs.atomic import write_text
from claimledger.outputs.audit import read_groups as audit_groups
from claimledger.outputs.ledger import connect_ledger, read_claims
from claimledger.outputs.templating import environment
from claimledger.outputs.topics import OTHER, TOPICS, topic_of

VERDICT_ORDER = {"conflict": 0, "time_series": 1, "rounding": 2, "agreement": 3}
_LIST_MARK = re.compile(r"^[-•*]\s+")  # a bullet the sentence splitter kept is layout, not text


@dataclass(frozen=True)
class Source:
    """One claim of an entry as the reader sees it: which document (year, citation) said what, and where."""

    claim_id: str
    doc_id: str
    doc: str
    year: int | None
    citation: str
    text: str
    value: str
    period: str
    cited: str
    page: int
    sentence: str
    chosen: bool


@dataclass(frozen=True)
class Entry:
    """One reconciled quantity: value, unit, period, the range reported, its sources, verdict and chart."""

    group_id: str
    topic: str
    quantity: str
    unit: str
    verdict: str
    value: str
    period: str
    range: str
    sources: tuple[Source, ...]
    policy: str
    rationale: str
    explanation: str
    findings: tuple[str, ...]
    chart: str
    footnote: int | None


@dataclass(frozen=True)
class FactSheet:
    """The whole sheet: entries grouped under topics in topic order, and the documents they cite."""

    topics: tuple[tuple[str, tuple[Entry, ...]], ...]
    documents: tuple[dict[str, Any], ...]
    n_entries: int
    n_conflicts: int

    @property
    def conflicts(self) -> list[Entry]:
        """The conflict entries in the order of their notes."""
        return sorted((e for _, es in self.topics for e in es if e.footnote), key=lambda e: e.footnote or 0)


def number(value: float | None, unit: str = "", precision: float | None = None) -> str:
    """A value as a reader writes it (385,000; 16.6 billion; 34.9%; USD 11.70), with as many decimals as the
    written precision carries when it is known, else four significant digits."""
    if value is None or pd.isna(value):
        return "n/a"
    scales = ((1e9, " billion"), (1e6, " million"))
    size, word = next(((s, w) for s, w in scales if abs(value) >= s), (1.0, ""))
    if unit == "percent":
        size, word = 1.0, "%"
    scaled = value / size
    if precision and precision > 0 and not pd.isna(precision):
        decimals = max(0, math.ceil(-math.log10(2 * precision / size) - 1e-9))
        text = f"{scaled:,.{min(decimals, 6)}f}{word}"
    else:
        text = f"{scaled:,.4g}{word}" if word else f"{scaled:,.6g}"
    return f"{unit} {text}" if unit.isupper() and len(unit) == 3 else text


def period(start: Any, end: Any) -> str:
    """A reference period: 2004, 2000–2005, or 'not stated'."""
    if start is None or pd.isna(start):
        return "not stated"
    if end is None or pd.isna(end) or int(end) == int(start):
        return str(int(start))
    return f"{int(start)}–{int(end)}"


def citation(doc: dict[str, Any]) -> str:
    """A reference for a document from its catalog row: authors (year). Title. Venue."""
    authors = ", ".join(a.strip() for a in (doc.get("authors") or "").split(";") if a.strip())
    year = doc.get("year")
    parts = [f"{authors or 'Unknown authors'} ({int(year) if year else 'n.d.'})."]
    parts.append(f"{doc.get('title') or 'Untitled document ' + doc['doc_id']}.")
    if doc.get("venue"):
        parts.append(f"{doc['venue']}.")
    return " ".join(parts)


def read_documents(ledger: Path) -> dict[str, dict[str, Any]]:
    """The ``documents`` table by doc_id; ``short`` is the document's run-unique label, for display."""
    con = connect_ledger(ledger, ("documents",))
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute("select doc_id, label, path, title, authors, year, venue, text from documents").fetchall()
    finally:
        con.close()
    return {r["doc_id"]: {**dict(r), "short": r["label"] or r["doc_id"]} for r in rows}


def read_groups(ledger: Path) -> list[dict[str, Any]]:
    """The groups of ``reconciliation.json`` (none when reconciliation has not run)."""
    path = ledger / "reconciliation.json"
    if not path.exists():
        return []
    return audit_groups(path)


def _context(doc: dict[str, Any], start: int) -> str:
    """The sentence before offset ``start``: what an anaphoric "This figure ..." refers back to."""
    before = doc["text"][max(0, start - 600):start].rstrip()
    pieces = re.split(r"(?<=[.!?])\s+", before)
    return pieces[-1] if pieces else ""


def build(ledger: Path) -> FactSheet:
    """The fact sheet of a finished ledger folder."""
    claims = read_claims(ledger).set_index("claim_id", drop=False)
    docs = read_documents(ledger)
    entries = [e for g in read_groups(ledger) if (e := _entry(g, claims, docs)) is not None]
    order = {name: i for i, name in enumerate([name for name, _ in TOPICS] + [OTHER])}
    entries.sort(key=lambda e: (order[e.topic], VERDICT_ORDER.get(e.verdict, 9), e.quantity.lower(),
                                e.group_id))
    conflicts = [e.group_id for e in entries if e.verdict == "conflict"]  # notes numbered in page order
    entries = [replace(e, footnote=conflicts.index(e.group_id) + 1 if e.group_id in conflicts else None)
               for e in entries]
    topics = tuple((t, tuple(e for e in entries if e.topic == t)) for t in order)
    cited = {s.doc_id for e in entries for s in e.sources}
    documents = tuple({**{k: v for k, v in d.items() if k != "text"}, "citation": citation(d)}
                      for d in sorted(docs.values(), key=lambda d: d["doc_id"]) if d["doc_id"] in cited)
    return FactSheet(tuple(t for t in topics if t[1]), documents, len(entries), len(conflicts))


def _entry(group: dict[str, Any], claims: pd.DataFrame, docs: dict[str, dict[str, Any]]) -> Entry | None:
    """One entry from one group; None when none of its claims is in this ledger."""
    rows = [claims.loc[c] for c in group.get("claim_ids", []) if c in claims.index]
    if not rows:
        return None
    rec = group.get("reconciled") or {}
    chosen_id = rec.get("claim_id", "")
    chosen = next((r for r in rows if r["claim_id"] == chosen_id), rows[0])
    unit = group.get("unit") or chosen["unit"]
    rows.sort(key=lambda r: (docs[r["doc_id"]]["year"] or 0, r["doc_id"], r["char_start"]))
    sources = tuple(_source(r, docs[r["doc_id"]], unit, r["claim_id"] == chosen_id) for r in rows)
    quantity = group.get("quantity") or chosen["quantity"]
    topic = topic_of(quantity, [r["sentence"] for r in rows],
                     [_context(docs[r["doc_id"]], int(r["sentence_start"])) for r in rows])
    verdict = group.get("verdict", "")
    values = [float(r["value"]) for r in rows]
    low, high = min(values), max(values)
    return Entry(group_id=str(group.get("group_id", "")), topic=topic, quantity=quantity, unit=unit,
                 verdict=verdict, value=number(rec.get("value", chosen["value"]), unit, chosen["precision"]),
                 period=_entry_period(rows, chosen, verdict),
                 range=number(low, unit) if low == high else f"{number(low, unit)} – {number(high, unit)}",
                 sources=sources, policy=rec.get("policy", ""), rationale=rec.get("rationale", ""),
                 explanation=_explain(group, sources, verdict),
                 findings=tuple(p.get("finding", "") for p in group.get("pairs", []) if p.get("finding")),
                 chart=_chart(rows, docs, unit, verdict, chosen_id), footnote=None)


def _source(row: pd.Series, doc: dict[str, Any], unit: str, chosen: bool) -> Source:
    sentence = _LIST_MARK.sub("", " ".join(row["sentence"].split()))
    return Source(claim_id=row["claim_id"], doc_id=row["doc_id"], doc=doc["short"], year=doc["year"],
                  citation=citation(doc), text=f"{row['hedge'] or ''} {row['text']}".strip(),
                  value=number(row["value"], unit, row["precision"]),
                  period=period(row["period_start"], row["period_end"]), cited=row["source"] or "",
                  page=int(row["page"]), sentence=sentence, chosen=chosen)


def _entry_period(rows: list[pd.Series], chosen: pd.Series, verdict: str) -> str:
    """The reconciled claim's period; for a time series also the span the series covers."""
    own = period(chosen["period_start"], chosen["period_end"])
    if verdict != "time_series":
        return own
    years = [int(y) for r in rows for y in (r["period_start"], r["period_end"]) if not pd.isna(y)]
    return f"{own} (series {min(years)}–{max(years)})" if years and min(years) != max(years) else own


def _explain(group: dict[str, Any], sources: tuple[Source, ...], verdict: str) -> str:
    """The reconciliation's explanation; for a conflict without one, who says what, in document order."""
    if group.get("explanation") or verdict != "conflict":
        return str(group.get("explanation") or "")
    said = "; ".join(f"{s.doc} ({s.year or 'n.d.'}{', citing ' + s.cited if s.cited else ''}) says {s.value}"
                     for s in sources)
    return f"The documents disagree: {said}."


def _chart(rows: list[pd.Series], docs: dict[str, dict[str, Any]], unit: str, verdict: str,
           chosen_id: str) -> str:
    """A chart for a conflict (values by document) or a time series (value over period); else none."""
    from claimledger.outputs.charts import Point, conflict_chart, series_chart  # matplotlib loads only for a chart

    points = [Point(label=docs[r["doc_id"]]["short"],
                    value=float(r["value"]), low=_float(r["interval_low"]), high=_float(r["interval_high"]),
                    period=_mid(r["period_start"], r["period_end"]), chosen=r["claim_id"] == chosen_id)
              for r in rows]
    fmt = lambda v: number(v, unit)  # noqa: E731
    if verdict == "conflict":
        return conflict_chart(points, fmt)
    if verdict == "time_series" and sum(p.period is not None for p in points) >= 2:
        return series_chart(points, fmt)
    return ""


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _mid(start: Any, end: Any) -> float | None:
    if start is None or pd.isna(start):
        return None
    return (float(start) + float(end if not pd.isna(end) else start)) / 2


def render(sheet: FactSheet) -> tuple[str, str]:
    """The fact sheet as Markdown and as HTML."""
    env = environment()
    context = {"sheet": sheet, "verdict_label": lambda v: v.replace("_", " ")}
    markdown = env.get_template("factsheet.md.j2").render(context)
    return markdown, env.get_template("factsheet.html.j2").render(context)


def write_factsheet(ledger: Path) -> tuple[Path, Path]:
    """Write ``factsheet.md`` and ``factsheet.html`` atomically into the ledger folder; return their paths."""
    markdown, html = render(build(ledger))
    md_path, html_path = ledger / "factsheet.md", ledger / "factsheet.html"
    write_text(md_path, markdown)
    write_text(html_path, html)
    return md_path, html_path
