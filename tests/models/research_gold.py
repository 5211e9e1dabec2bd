"""Score a run on the outside research PDFs against ``tests/gold/research_pdfs/*.json`` (issue 17; hand-written by
reading the papers of ``../shared/external/research-pdfs``, one file per paper: ``file``, ``annotator_note``,
``claim_pages`` (every claim on them is listed), ``claims`` (page, value, low, high, unit, hedge, period, snippet,
what, note), ``citations`` (page, text, reference: first_author, year, title_start) and ``table`` (page, caption,
cells: row, col, text, value), or null where the paper prints none).

Claims, on each paper's ``claim_pages`` (1-based, as the ledger's ``page``). A run claim (claims.csv) matches a gold
claim of the same document and page whose value it equals within the printed precision: the larger of the run's
``precision`` (half its last written place) and half the last place of the gold value as written, so the sign must
agree too. A range also matches by its bounds (the ledger stores a range's midpoint and ``value_low``/``value_high``,
the gold its low end and ``low``/``high``; a run range is never matched by its midpoint). Among several candidates
the nearest by snippet wins (rapidfuzz partial ratio of the gold snippet against the 60 characters each side of the
run claim in its sentence, both without spaces: PDF text glues words); pairs are assigned best-first, each once.
- precision: run claims on the claim pages that match a gold claim, over all run claims on those pages. A run claim
  that matches a number of a cell of the gold ``table`` on that page (a mean or its SD) counts as right too.
  Table-cell claims (origin ``table``) count only if the gold covers their table: it is the gold table's page, or
  one of the table's cell claims matches a gold claim (the gold lists its cells as claims).
- recall: gold claims matched, over gold claims.
- unit and hedge agreement: shares of the matched pairs whose unit (both folded: ``%`` is percent, a noun phrase is
  its singular head, counted people are person) and hedge (the gold's words folded to the ledger's ``approx``
  symbols) agree.

Citations. A gold citation is found when a run citation (citations.csv) of its document has the same text
(compared as squashed letters and digits, the gold's inside the run's) or the gold text's first surname and year, on
the gold page if any candidate is (a citation's page is read off the offsets of the claims around it: the ledger's
citations carry offsets, not pages). It is linked when one such citation resolves to a reference (references.csv)
whose first author (accents, case, spacing and a leading entry number ignored) and year (where the run read none,
the first year of the entry as written) are the gold reference's.

Table cells. A gold cell is found when a table the run wrote (tables.csv, tables/<table_id>.csv) of the same
document and page (any page of the document if none is on it) has a body cell of the same value (the first number
of its text; a non-numeric cell by its text); its labels agree when that cell's row label and column header (header
rows joined) are near the gold's (rapidfuzz token-set ratio, or ratio of the squashed texts, >= 80).

``python -m tests.models.research_gold LEDGER`` prints every miss and the figures per paper and overall.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from tests.models.groups_gold import norm

GOLD = Path(__file__).resolve().parents[1] / "gold" / "research_pdfs"
Row = dict[str, Any]

_NUMBER = re.compile(r"[-\u2212]?\d[\d,]*(?:\.\d+)?")
_PEOPLE = {"participant", "person", "people", "patient", "inhabitant", "individual", "subject", "respondent"}
_HEDGES = {"~": ("about", "approximately", "around", "roughly", "some", "an estimated", "circa", "~"),
           ">": ("more than", "over", "exceed", "above", "greater than", ">"),
           "<": ("less than", "fewer than", "under", "below", "<"),
           ">=": ("at least", "and older", "or more", ">="),
           "<=": ("up to", "at most", "no more than", "not more than", "<="),
           "<~": ("almost", "nearly", "close to", "<~")}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass
class Paper:
    """Counts of one paper; the figures are properties."""

    doc: str
    extracted: int = 0  # run claims on the claim pages that count
    right: int = 0  # of those, matching a gold claim or gold table cell
    gold: int = 0
    found: int = 0  # gold claims matched
    unit_same: int = 0
    hedge_same: int = 0
    citations: int = 0
    cited: int = 0  # gold citations the run found
    linked: int = 0  # ... and linked to the right reference
    cells: int = 0
    cells_found: int = 0
    cells_labelled: int = 0  # ... with both labels
    cells_rowed: int = 0  # ... with the row label at least

    precision = property(lambda self: _share(self.right, self.extracted))
    recall = property(lambda self: _share(self.found, self.gold))
    unit_agreement = property(lambda self: _share(self.unit_same, self.found))
    hedge_agreement = property(lambda self: _share(self.hedge_same, self.found))
    linking = property(lambda self: _share(self.linked, self.citations))
    cell_share = property(lambda self: _share(self.cells_found, self.cells))
    label_share = property(lambda self: _share(self.cells_labelled, self.cells))

    def summary(self) -> str:
        return (f"{self.doc}: claims precision {self.precision:.3f} ({self.right}/{self.extracted}) recall "
                f"{self.recall:.3f} ({self.found}/{self.gold}), unit {self.unit_agreement:.3f} hedge "
                f"{self.hedge_agreement:.3f}; citations linked {self.linking:.3f} ({self.linked}/{self.citations}, "
                f"found {self.cited}); table cells {self.cell_share:.3f} ({self.cells_found}/{self.cells}), "
                f"with labels {self.label_share:.3f} (row label {self.cells_rowed})")


@dataclass
class Report(Paper):
    """All papers summed (the figures are overall), each :class:`Paper` in ``papers``, one line per miss."""

    doc: str = "overall"
    papers: dict[str, Paper] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def add(self, paper: Paper) -> None:
        self.papers[paper.doc] = paper
        for name in Paper.__dataclass_fields__:
            if name != "doc":
                setattr(self, name, getattr(self, name) + getattr(paper, name))

    def summary(self) -> str:
        return "\n".join([*(p.summary() for p in self.papers.values()), super().summary()])


def squash(text: str) -> str:
    """Letters and digits only, lower case: PDF text glues and splits words, so spaces cannot be compared."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def fold(text: str) -> str:
    """``norm`` without accents (Dąbrowski is dabrowski)."""
    decomposed = unicodedata.normalize("NFKD", norm(text).replace("ł", "l"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _places(value: float) -> float:
    """Half the last written place of a gold value (0.97 -> 0.005, 2462 -> 0.5)."""
    text = repr(float(value))
    decimals = 0 if text.endswith(".0") or "e" in text else len(text.split(".")[1])
    return 0.5 * 10 ** -decimals


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def close(run: Any, gold: float | None, precision: Any = 0.0) -> bool:
    """Whether a run value equals a gold value within the printed precision of either."""
    v = _float(run)
    if v is None or gold is None:
        return False
    tolerance = max(_float(precision) or 0.0, _places(gold)) + 1e-9 * max(1.0, abs(gold))
    return abs(v - gold) <= tolerance


def value_matches(claim: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """A run claim's value is the gold claim's. A run range matches by its bounds (a gold range's two, else the
    gold value as its low end), never by its midpoint: "1.5 to 2 hours" is not "two sessions"."""
    p = claim.get("precision")
    if _float(claim.get("value_low")) is None or _float(claim.get("value_high")) is None:
        return close(claim.get("value"), gold["value"], p)
    if gold.get("low") is not None and gold.get("high") is not None:
        return close(claim.get("value_low"), gold["low"]) and close(claim.get("value_high"), gold["high"])
    return close(claim.get("value_low"), gold["value"])


def unit_of(unit: str) -> str:
    """A unit folded for comparison: percent, a singular head noun (``life events`` is event), person for people."""
    u = norm(unit).strip()
    if u in {"%", "percent", "per cent", "pct", "percentage"}:
        return "percent"
    u = u.split()[-1] if re.fullmatch(r"[a-z ]+", u) else u  # the head of a plain noun phrase
    u = re.sub(r"ies$", "y", u) if len(u) > 4 else u
    u = re.sub(r"(?<=[a-z]{3})(?<!s)s$", "", u)
    return "person" if u in _PEOPLE else u


def hedge_of(hedge: str) -> str:
    h = norm(hedge).strip()
    if h in _HEDGES:
        return h
    return next((symbol for symbol, words in _HEDGES.items() if any(h == w or h.startswith(w + " ") for w in words)),
                h)


def _read(path: Path) -> list[Row]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _page(claim: Mapping[str, Any]) -> int | None:
    value = _float(claim.get("page"))
    return int(value) if value is not None else None


def _best_pairs(scored: Iterable[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """Best-first one-to-one assignment of (score, run index, gold index) candidates."""
    taken_run: set[int] = set()
    taken_gold: set[int] = set()
    pairs = []
    for score, r, g in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if r not in taken_run and g not in taken_gold:
            taken_run.add(r)
            taken_gold.add(g)
            pairs.append((score, r, g))
    return pairs


def _near(snippet: str, claim: Mapping[str, Any]) -> float:
    """How near a gold snippet is to the words around a run claim (60 characters each side in its sentence)."""
    sentence = claim.get("sentence", "")
    at = int(_float(claim.get("char_start")) or 0) - int(_float(claim.get("sentence_start")) or 0)
    if not 0 <= at <= len(sentence):
        at = 0
    return float(fuzz.partial_ratio(squash(snippet), squash(sentence[max(0, at - 60):at + 60]) or squash(sentence)))


def _cell_values(text: str) -> list[float]:
    """Every number of a cell's text ("67.7, SD = 9.6" holds a mean and its SD)."""
    return [float(m.replace(",", "").replace("\u2212", "-")) for m in _NUMBER.findall(norm(text))]


def score_claims(paper: Paper, gold: Mapping[str, Any], claims: Sequence[Row], lines: list[str]) -> None:
    """Claim precision, recall, unit and hedge agreement of one paper, on its claim pages."""
    pages = set(gold["claim_pages"])
    table = gold.get("table") or {}
    cells = [c for c in table.get("cells", []) if c.get("value") is not None]
    run = [c for c in claims if _page(c) in pages]
    wanted = gold["claims"]
    pairs = _best_pairs((_near(g["snippet"], c), r, k)
                        for r, c in enumerate(run) for k, g in enumerate(wanted)
                        if _page(c) == g["page"] and value_matches(c, g))
    matched = {r: k for _, r, k in pairs}
    covered = {run[r].get("table_id") for r in matched if run[r].get("origin") == "table"}
    rest = [r for r in range(len(run)) if r not in matched and _page(run[r]) == table.get("page")]
    numbers = [(k, v) for k, g in enumerate(cells) for v in _cell_values(g["text"])]
    as_cell = {r for _, r, _ in _best_pairs((_near(cells[k]["row"], run[r]), r, n)
                                            for r in rest for n, (k, v) in enumerate(numbers)
                                            if close(run[r].get("value"), v, run[r].get("precision")))}
    for r, c in enumerate(run):
        if (c.get("origin") == "table" and _page(c) != table.get("page") and c.get("table_id") not in covered
                and r not in matched):
            continue  # a cell of a table the gold does not cover
        paper.extracted += 1
        if r in matched or r in as_cell:
            paper.right += 1
        else:
            lines.append(f"EXTRA {paper.doc} p.{c.get('page')} {c.get('text')!r}: {c.get('sentence', '')[:70]!r}")
    paper.gold += len(wanted)
    of_gold = {k: r for r, k in matched.items()}
    for k, g in enumerate(wanted):
        if k not in of_gold:
            lines.append(f"MISSED {paper.doc} p.{g['page']} {g['value']}: {g['snippet']!r}")
            continue
        c = run[of_gold[k]]
        paper.found += 1
        if unit_of(c.get("unit", "")) == unit_of(g["unit"]):
            paper.unit_same += 1
        else:
            lines.append(f"UNIT {paper.doc} p.{g['page']} {g['value']}: run {c.get('unit')!r} gold {g['unit']!r}")
        if (c.get("approx") or hedge_of(c.get("hedge", ""))) == hedge_of(g["hedge"]):
            paper.hedge_same += 1
        else:
            lines.append(f"HEDGE {paper.doc} p.{g['page']} {g['value']}: run {c.get('hedge')!r} gold {g['hedge']!r}")


def _pages_at(claims: Sequence[Row]) -> Callable[[int], set[int]]:
    """A function giving the pages an offset may be on, from the offsets and pages of the claims around it."""
    marks = sorted((int(c["char_start"]), p) for c in claims if (p := _page(c)) is not None and c.get("char_start"))
    starts = [m[0] for m in marks]

    def pages(offset: int) -> set[int]:
        i = bisect_right(starts, offset)
        around = marks[max(0, i - 1):i + 1]
        return {p for _, p in around}

    return pages


def _surname(authors: str) -> str:
    """The first author's surname, without an enumerator the entry starts with ("3. Dagan, I." is dagan)."""
    return squash(re.split(r"[;,]| and ", re.sub(r"^\W*\d+\W*", "", authors or ""))[0])


def _year(reference: Mapping[str, Any]) -> str:
    """A reference's year; where the run read none, the first year its entry as written holds (the link is to
    the right entry, its parse is another matter)."""
    year = str(reference.get("year") or "")[:4]
    found = re.search(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)", reference.get("raw", ""))
    return year or (found.group() if found else "")


def same_author(a: str, b: str) -> bool:
    a, b = squash(a), squash(b)
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a) or fuzz.ratio(a, b) >= 85)


def cites(citation: Mapping[str, Any], text: str) -> bool:
    """Whether a run citation is the gold's citation ``text``: the gold's squashed text inside the run's (so
    "[9]" is not "[79]"), or its first surname and year."""
    wanted, found = squash(text), squash(citation.get("text", ""))
    if wanted and wanted in found:
        return True
    year = re.search(r"\d{4}", text)
    words = re.findall(r"[^\W\d_]+", text)
    return bool(year and words and str(citation.get("year", ""))[:4] == year.group()
                and same_author(_surname(citation.get("authors", "")), words[0]))


def score_citations(paper: Paper, gold: Mapping[str, Any], citations: Sequence[Row], references: Mapping[str, Row],
                    pages_at: Callable[[int], set[int]], lines: list[str]) -> None:
    """Found and correctly linked gold citations of one paper."""
    for g in gold["citations"]:
        paper.citations += 1
        hits = [c for c in citations if cites(c, g["text"])]
        on_page = [c for c in hits if c.get("char_start") and g["page"] in pages_at(int(c["char_start"]))]
        hits = on_page or hits
        if not hits:
            lines.append(f"CITATION NOT FOUND {paper.doc} p.{g['page']} {g['text']!r}")
            continue
        paper.cited += 1
        want = g["reference"]
        refs = [references.get(c.get("reference_id") or "") for c in hits]
        if any(r and same_author(_surname(r.get("authors") or r.get("raw", "")), want["first_author"])
               and _year(r) == want["year"] for r in refs):
            paper.linked += 1
        else:
            got = [(r or {}).get("authors", "")[:30] + " " + str((r or {}).get("year", "")) for r in refs][:2]
            lines.append(f"CITATION NOT LINKED {paper.doc} p.{g['page']} {g['text']!r}: run {got} gold "
                         f"{want['first_author']} {want['year']}")


def _cell_value(text: str) -> float | None:
    m = _NUMBER.search(norm(text))
    return float(m.group().replace(",", "").replace("\u2212", "-")) if m else None


def run_cells(ledger: Path, doc: str, page: int | None) -> list[tuple[str, str, str]]:
    """(row label, column header, text) of every body cell of the run's tables of ``doc`` on ``page``."""
    tables = [t for t in _read(ledger / "tables.csv") if t["doc_id"] == doc]
    on_page = [t for t in tables if _page(t) == page]
    cells = []
    for t in on_page or tables:
        path = ledger / "tables" / f"{t['table_id']}.csv"
        if not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as f:
            grid = list(csv.reader(f))
        n_header = max(0, len(grid) - int(_float(t.get("n_rows")) or 0))
        header = grid[:n_header]
        for row in grid[n_header:]:
            for j, text in enumerate(row[1:], start=1):
                col = " ".join(h[j] for h in header if j < len(h) and h[j])
                cells.append((row[0] if row else "", col, text))
    return cells


def score_table(paper: Paper, gold: Mapping[str, Any], ledger: Path, lines: list[str]) -> None:
    """Gold table cells the run's written tables hold, with their value, and with their labels."""
    table = gold.get("table") or {}
    wanted = table.get("cells", [])
    if not wanted:
        return
    cells = run_cells(ledger, paper.doc, table.get("page"))
    paper.cells += len(wanted)

    def near(a: str, b: str) -> float:  # glued words ("No,neverdrank") compare squashed
        return max(fuzz.token_set_ratio(fold(a), fold(b)), fuzz.ratio(squash(a), squash(b)))

    def labels(g: Mapping[str, Any], c: tuple[str, str, str]) -> float:
        return min(near(g["row"], c[0]), near(g["col"], c[1])) + near(g["row"], c[0]) / 1000  # row breaks ties

    pairs = _best_pairs((labels(g, c), j, k) for j, c in enumerate(cells) for k, g in enumerate(wanted)
                        if (close(_cell_value(c[2]), g["value"]) if g.get("value") is not None
                            else squash(c[2]) == squash(g["text"])))
    found = {k: cells[j] for _, j, k in pairs}
    for k, g in enumerate(wanted):
        if k not in found:
            lines.append(f"CELL NOT FOUND {paper.doc} p.{table.get('page')} {g['row']!r} / {g['col']!r}: {g['text']!r}")
            continue
        paper.cells_found += 1
        row, col, _ = found[k]
        paper.cells_rowed += near(g["row"], row) >= 80
        if near(g["row"], row) >= 80 and near(g["col"], col) >= 80:
            paper.cells_labelled += 1
        else:
            lines.append(f"CELL LABELS {paper.doc} {g['row']!r} / {g['col']!r}: {g['text']!r}")


def golds(folder: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def score_ledger(ledger: Path, gold: Sequence[Mapping[str, Any]] | None = None) -> Report:
    """Score the finished run in ``ledger`` on every gold file (or on ``gold``)."""
    ledger = Path(ledger)
    claims = _read(ledger / "claims.csv")
    citations = _read(ledger / "citations.csv")
    references = {r["reference_id"]: r for r in _read(ledger / "references.csv")}
    report = Report()
    for g in gold if gold is not None else golds():
        doc = Path(g["file"]).stem
        paper = Paper(doc)
        mine = [c for c in claims if c["doc_id"] == doc]
        if not any(d["doc_id"] == doc for d in claims + citations):
            report.lines.append(f"NOT IN THE RUN {doc}")
        score_claims(paper, g, mine, report.lines)
        score_citations(paper, g, [c for c in citations if c["doc_id"] == doc], references, _pages_at(mine),
                        report.lines)
        score_table(paper, g, ledger, report.lines)
        report.add(paper)
    return report


if __name__ == "__main__":
    result = score_ledger(Path(sys.argv[1]))
    print("\n".join(result.lines))
    print(result.summary())
