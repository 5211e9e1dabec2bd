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

VERDICT_ORDER = {"conflict": 0, "misdated": 1, "time_series": 2, "rounding": 3, "agreement": 4}
# Units a reader measures the world in; any other counted noun ("station", "category", "program", "view") is a
# count of things a paper lists in passing, which the sheet keeps out of its entries (they stay in the ledger).
MEASURES = {"person", "household", "percent", "percentage point", "fold", "ratio", "municipality", "organization",
            "job", "facility", "worker", "migrant", "family", "year", ""}
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
    page: int | None
    sentence: str
    chosen: bool
    reference: int | None = None


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
    n_docs: int = 1
    featured: bool = True


@dataclass(frozen=True)
class FactSheet:
    """The whole sheet: entries grouped under topics in topic order, and the documents they cite."""

    topics: tuple[tuple[str, tuple[Entry, ...]], ...]
    documents: tuple[dict[str, Any], ...]
    n_entries: int
    n_conflicts: int
    others: tuple[Entry, ...] = ()
    references: tuple[tuple[int, str], ...] = ()
    version: str = ""
    inputs: tuple[tuple[str, str], ...] = ()  # every document of the run: file name, sha256

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
        rows = con.execute("select doc_id, label, path, kind, sha256, title, authors, year, venue, text "
                           "from documents").fetchall()
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
    """The fact sheet of a finished ledger folder: the substantive entries first (conflicts, then the quantities
    stated by the most documents), figures of one document or counts in passing as one-line "other figures"."""
    from claimledger.outputs.version import tool_version

    claims = read_claims(ledger).set_index("claim_id", drop=False)
    docs = read_documents(ledger)
    refs = read_references(ledger)
    entries = [e for g in read_groups(ledger) if (e := _entry(g, claims, docs)) is not None]
    order = {name: i for i, name in enumerate([name for name, _ in TOPICS] + [OTHER])}
    weight = lambda e: (VERDICT_ORDER.get(e.verdict, 9) > 1, -e.n_docs, -len(e.sources))  # noqa: E731
    entries.sort(key=lambda e: (*weight(e), e.quantity.lower(), e.group_id))
    featured = [e for e in entries if e.featured]
    best: dict[str, tuple[bool, int, int]] = {}
    for e in featured:  # a topic stands where its most substantive entry would (entries keep their order in it)
        best.setdefault(e.topic, weight(e))
    featured.sort(key=lambda e: (best[e.topic], order[e.topic]))
    conflicts = [e.group_id for e in featured if e.verdict == "conflict"]  # notes numbered in page order
    numbered: dict[str, int] = {}
    featured = [_numbered(replace(e, footnote=conflicts.index(e.group_id) + 1 if e.group_id in conflicts else None),
                          claims, refs, numbered) for e in featured]
    topics = tuple(dict.fromkeys((e.topic, None) for e in featured))
    grouped = tuple((t, tuple(e for e in featured if e.topic == t)) for t, _ in topics)
    others = tuple(replace(e, chart="") for e in entries if not e.featured)
    cited = {s.doc_id for e in entries for s in e.sources}
    documents = tuple({**{k: v for k, v in d.items() if k != "text"}, "citation": citation(d)}
                      for d in sorted(docs.values(), key=lambda d: d["doc_id"]) if d["doc_id"] in cited)
    references = tuple((n, refs[r]) for r, n in sorted(numbered.items(), key=lambda item: item[1]))
    inputs = tuple((d["path"], d["sha256"]) for d in sorted(docs.values(), key=lambda d: d["doc_id"]))
    return FactSheet(grouped, documents, len(featured), len(conflicts), others, references, tool_version(), inputs)


def read_references(ledger: Path) -> dict[str, str]:
    """Reference id -> the entry as its paper's list writes it (the ``bib_references`` table; none if absent)."""
    con = sqlite3.connect(ledger / "ledger.sqlite")
    try:
        return {r: _LIST_MARK.sub("", raw) for r, raw in con.execute("select reference_id, raw from bib_references")}
    except sqlite3.Error:
        return {}
    finally:
        con.close()


def _numbered(entry: Entry, claims: pd.DataFrame, refs: dict[str, str], numbered: dict[str, int]) -> Entry:
    """The entry with each source's resolved reference numbered [n] in order of first appearance on the page."""
    sources = []
    for s in entry.sources:
        ref = claims.loc[s.claim_id, "reference_id"] if "reference_id" in claims else ""
        if ref and ref in refs:
            numbered.setdefault(ref, len(numbered) + 1)
            s = replace(s, reference=numbered[ref])
        sources.append(s)
    return replace(entry, sources=tuple(sources))


def substantive(unit: str, verdict: str, n_docs: int, prose: bool) -> bool:
    """Whether a group is an entry of the sheet: a conflict or misdating, else a measure (not a count of things
    a paper lists in passing) that three documents state, or two in their text (a table one paper copied from
    another is one table, not two sources; a series read from one paper's table is that table's row)."""
    if verdict in ("conflict", "misdated"):
        return True
    measure = unit in MEASURES or (unit.isupper() and len(unit) == 3)
    return measure and (n_docs >= 3 or (n_docs == 2 and prose))


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
    n_docs = len({r["doc_id"] for r in rows})
    featured = substantive(unit, verdict, n_docs, any(r["origin"] == "text" for r in rows))
    return Entry(group_id=str(group.get("group_id", "")), topic=topic, quantity=quantity, unit=unit,
                 verdict=verdict, value=number(rec.get("value", chosen["value"]), unit, chosen["precision"]),
                 period=_entry_period(rows, chosen, verdict),
                 range=number(low, unit) if low == high else f"{number(low, unit)} – {number(high, unit)}",
                 sources=sources, policy=rec.get("policy", ""), rationale=rec.get("rationale", ""),
                 explanation=_explain(group, sources, verdict),
                 findings=tuple(p.get("finding", "") for p in group.get("pairs", []) if p.get("finding")),
                 chart=_chart(rows, docs, unit, verdict, chosen_id) if featured else "", footnote=None,
                 n_docs=n_docs, featured=featured)


def _source(row: pd.Series, doc: dict[str, Any], unit: str, chosen: bool) -> Source:
    sentence = _LIST_MARK.sub("", " ".join(row["sentence"].split()))
    return Source(claim_id=row["claim_id"], doc_id=row["doc_id"], doc=doc["short"], year=doc["year"],
                  citation=citation(doc), text=f"{row['hedge'] or ''} {row['text']}".strip(),
                  value=number(row["value"], unit, row["precision"]),
                  period=period(row["period_start"], row["period_end"]), cited=row["source"] or "",
                  page=int(row["page"]) if doc.get("kind") == "pdf" else None,  # a text file has no pages
                  sentence=sentence, chosen=chosen)


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
    # two periods need no chart: the entry's line and its table say it; a line over three or more shows a trend
    if verdict == "time_series" and len({p.period for p in points if p.period is not None}) >= 3:
        return series_chart(points, fmt)
    return ""


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _mid(start: Any, end: Any) -> float | None:
    if start is None or pd.isna(start):
        return None
    return (float(start) + float(end if not pd.isna(end) else start)) / 2


def lead(entry: Entry) -> tuple[str, Source]:
    """The entry's one line as Our World in Data gives it: "value (period) — source", from its reconciled claim."""
    chosen = next((s for s in entry.sources if s.chosen), entry.sources[-1])
    when = entry.period.replace(" (series ", "; series ").rstrip(")")  # "2003; series 2000–2003", one bracket
    return (entry.value if entry.period == "not stated" else f"{entry.value} ({when})"), chosen


def render(sheet: FactSheet) -> tuple[str, str]:
    """The fact sheet as Markdown and as HTML."""
    env = environment()
    context = {"sheet": sheet, "verdict_label": lambda v: v.replace("_", " "), "lead": lead}
    markdown = env.get_template("factsheet.md.j2").render(context)
    return markdown, env.get_template("factsheet.html.j2").render(context)


def write_factsheet(ledger: Path) -> tuple[Path, Path]:
    """Write ``factsheet.md`` and ``factsheet.html`` atomically into the ledger folder; return their paths."""
    markdown, html = render(build(ledger))
    md_path, html_path = ledger / "factsheet.md", ledger / "factsheet.html"
    write_text(md_path, markdown)
    write_text(html_path, html)
    return md_path, html_path
