"""``claimledger diff A B``: what one version changed of another, read from a finished ledger.

Reads only ``ledger.sqlite`` (documents, sentences, alignments, number_changes, claims), so it starts fast
and never re-reads a document. The redline walks version A in order: each sentence carried over is shown
once (with B's wording where it was edited, deleted words in ``[-...-]``, inserted ones in ``{+...+}``),
each changed number as ``385,000 → 261,000`` with what else changed; sentences only A has are ``-``, those
only B has ``+``, placed after the B sentence before them.
"""
from __future__ import annotations

import bisect
import math
import re
import sqlite3
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from claimledger.models.errors import UnknownDocument

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Change:
    """One changed number: the claims, their texts, what else changed, the relative change."""

    claim_a: str
    claim_b: str
    old: str
    new: str
    also: str
    value_a: float | None
    value_b: float | None
    sentence_a: str
    sentence_b: str

    @property
    def relative(self) -> float | None:
        """(new - old) / |old|, None when it cannot be said."""
        if self.value_a is None or self.value_b is None or not self.value_a:
            return None
        return (self.value_b - self.value_a) / abs(self.value_a)

    def record(self) -> dict[str, Any]:
        return {"claim_a": self.claim_a, "claim_b": self.claim_b, "old": self.old, "new": self.new,
                "also": self.also, "relative_change": None if self.relative is None else round(self.relative, 4),
                "sentence_a": self.sentence_a, "sentence_b": self.sentence_b}


@dataclass(frozen=True)
class Line:
    """One line of the redline: ``kind`` (identical, edited, moved, split, merged, removed, inserted), the
    sentence of A and of B (either may be empty), and the changed numbers in it."""

    kind: str
    a_index: int | None
    b_index: int | None
    a: str
    b: str
    changes: tuple[Change, ...] = ()

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "sentence_a": self.a_index, "sentence_b": self.b_index, "a": self.a, "b": self.b,
                "numbers": [c.record() for c in self.changes]}


@dataclass(frozen=True)
class Diff:
    """Two versions compared: their ids and labels, the redline lines in A's order, and the changed numbers."""

    doc_a: str
    doc_b: str
    label_a: str
    label_b: str
    lines: tuple[Line, ...]
    changes: tuple[Change, ...]
    counts: dict[str, int] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        return {"a": {"doc_id": self.doc_a, "label": self.label_a}, "b": {"doc_id": self.doc_b, "label": self.label_b},
                "counts": self.counts, "lines": [x.record() for x in self.lines],
                "numbers": [c.record() for c in self.changes]}


def _connect(ledger: Path) -> sqlite3.Connection:
    from claimledger.outputs.ledger import connect_ledger

    con = connect_ledger(ledger, ("documents", "claims", "sentences", "alignments", "number_changes"))
    con.row_factory = sqlite3.Row
    return con


def resolve(con: sqlite3.Connection, name: str) -> str:
    """The document id that ``name`` names: the id itself, a unique prefix of it, or its label."""
    rows = con.execute("select doc_id, label from documents order by doc_id").fetchall()
    exact = [r["doc_id"] for r in rows if name in (r["doc_id"], r["label"])]
    prefixed = [r["doc_id"] for r in rows if r["doc_id"].startswith(name)]
    found = exact or prefixed
    if len(found) == 1:
        return str(found[0])
    if not found:
        raise UnknownDocument(f"unknown document {name!r}: the ledger holds " +
                              ", ".join(r["doc_id"] for r in rows))
    raise UnknownDocument(f"document {name!r} is ambiguous: it names " + ", ".join(found))


def diff(ledger: Path, a: str, b: str) -> Diff:
    """Compare version ``a`` with version ``b`` (ids, prefixes or labels) from a finished ledger."""
    con = _connect(ledger)
    try:
        da, db = resolve(con, a), resolve(con, b)
        return _diff(con, da, db)
    finally:
        con.close()


def _diff(con: sqlite3.Connection, da: str, db: str) -> Diff:
    labels = dict(con.execute("select doc_id, label from documents").fetchall())
    texts = {d: t for d, t in con.execute("select doc_id, text from documents where doc_id in (?, ?)", (da, db))}
    sentences = {d: [(r["char_start"], r["char_end"]) for r in con.execute(
        "select char_start, char_end from sentences where doc_id = ? order by sentence", (d,))] for d in (da, db)}
    flip = da > db
    first, second = (db, da) if flip else (da, db)
    links = []
    for r in con.execute("select sentence_a, sentence_b, kind from alignments where doc_a = ? and doc_b = ?",
                         (first, second)):
        i, j = (r["sentence_b"], r["sentence_a"]) if flip else (r["sentence_a"], r["sentence_b"])
        links.append((i, j, r["kind"]))
    changes = _changes(con, first, second, flip)

    def text(doc: str, k: int) -> str:
        s, e = sentences[doc][k]
        return " ".join(texts[doc][s:e].split())
    by_sentence: dict[int, list[Change]] = {}
    starts_a = [s for s, _ in sentences[da]]
    for change, offset in changes:
        by_sentence.setdefault(_sentence_at(starts_a, offset), []).append(change)
    lines = _lines(links, len(sentences[da]), len(sentences[db]), text, da, db, by_sentence)
    counts = {k: sum(1 for x in lines if x.kind == k) for k in
              ("identical", "edited", "moved", "split", "merged", "removed", "inserted")}
    counts["numbers changed"] = len(changes)
    ordered = sorted((c for c, _ in changes), key=lambda c: (-abs(c.relative or 0.0), c.claim_a))
    return Diff(da, db, labels.get(da, da), labels.get(db, db), tuple(lines), tuple(ordered), counts)


def _changes(con: sqlite3.Connection, first: str, second: str, flip: bool) -> list[tuple[Change, int]]:
    """The changed figures of a stored pair, each with the offset of its claim in version A (the stored
    pair's second document when ``flip``), read in A's direction."""
    rows = con.execute(
        "select n.claim_a, n.claim_b, n.old as text_a, n.new as text_b, n.also, ca.value as value_a, "
        "cb.value as value_b, ca.sentence as sentence_a, cb.sentence as sentence_b, ca.char_start as start_a, "
        "cb.char_start as start_b from number_changes n join claims ca on ca.claim_id = n.claim_a "
        "join claims cb on cb.claim_id = n.claim_b where n.doc_a = ? and n.doc_b = ? and n.change = 'changed' "
        "order by n.change_id", (first, second)).fetchall()
    x, y = ("b", "a") if flip else ("a", "b")
    return [(Change(r[f"claim_{x}"], r[f"claim_{y}"], r[f"text_{x}"], r[f"text_{y}"],
                    _flip_also(r["also"] or "") if flip else r["also"] or "", r[f"value_{x}"], r[f"value_{y}"],
                    _squeeze(r[f"sentence_{x}"]), _squeeze(r[f"sentence_{y}"])), r[f"start_{x}"]) for r in rows]


def _flip_also(also: str) -> str:
    """``period: 2003 → none`` read the other way round."""
    parts = []
    for part in filter(None, (p.strip() for p in also.split(";"))):
        name, _, rest = part.partition(": ")
        old, sep, new = rest.partition(" → ")
        parts.append(f"{name}: {new} → {old}" if sep else part)
    return "; ".join(parts)


def _squeeze(text: str | None) -> str:
    return " ".join((text or "").split())


def _sentence_at(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _lines(links: list[tuple[int, int, str]], n_a: int, n_b: int, text: Any, da: str, db: str,
           numbers: dict[int, list[Change]]) -> list[Line]:
    """The redline in A's order, B-only sentences after the B sentence they follow."""
    partners: dict[int, list[tuple[int, str]]] = {}
    linked_b: set[int] = set()
    for i, j, kind in sorted(links):
        partners.setdefault(i, []).append((j, kind))
        linked_b.add(j)
    shown_b: set[int] = set()
    lines: list[Line] = []
    for i in range(n_a):
        here = tuple(numbers.get(i, ()))
        if i not in partners:
            lines.append(Line("removed", i, None, text(da, i), "", here))
            continue
        js = [j for j, _ in partners[i]]
        kind = partners[i][0][1]
        if all(j in shown_b for j in js):
            kind = "merged"  # the B sentence was shown with the A sentence merged into it before
        b_text = " ".join(text(db, j) for j in js)
        lines.append(Line(kind, i, js[0], text(da, i), b_text, here))
        shown_b.update(js)
        last = max(js)
        follow = last + 1
        while follow < n_b and follow not in linked_b and follow not in shown_b:
            lines.append(Line("inserted", None, follow, "", text(db, follow)))
            shown_b.add(follow)
            follow += 1
    lines[0:0] = [Line("inserted", None, j, "", text(db, j)) for j in range(n_b) if j not in shown_b]
    return lines


def redline(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level diff of two sentences: (op, text) with op ``=``, ``-`` or ``+``."""
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    out: list[tuple[str, str]] = []
    for op, a0, a1, b0, b1 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(wa[a0:a1])))
            continue
        if a1 > a0:
            out.append(("-", " ".join(wa[a0:a1])))
        if b1 > b0:
            out.append(("+", " ".join(wb[b0:b1])))
    return out


def percent(relative: float | None) -> str:
    """A relative change as a reader writes it: −32%, +8.7%."""
    if relative is None or math.isnan(relative):
        return ""
    sign = "+" if relative > 0 else "−" if relative < 0 else "±"
    size = abs(relative) * 100
    return f"{sign}{size:.0f}%" if size >= 10 else f"{sign}{size:.1f}%"


def render_text(d: Diff, numbers_only: bool = False) -> str:
    """The diff as plain text for a terminal or a file."""
    head = [f"--- {d.label_a}", f"+++ {d.label_b}",
            ", ".join(f"{n} {k}" for k, n in d.counts.items() if n)]
    if not any(x.kind != "removed" and x.kind != "inserted" for x in d.lines):
        head.append("no sentence aligned: these documents are not versions of one another")
    out = head + [""]
    if numbers_only:
        for c in d.changes:
            out.append(f"{c.old} → {c.new} ({percent(c.relative)})" + (f"  [{c.also}]" if c.also else ""))
            out += [f"    A: {c.sentence_a}", f"    B: {c.sentence_b}", ""]
        return "\n".join(out)
    for x in d.lines:
        if x.kind == "removed":
            out.append(f"- {x.a}")
        elif x.kind == "inserted":
            out.append(f"+ {x.b}")
        elif x.kind == "identical":
            out.append(f"  {x.a}")
        else:
            words = "".join(f"[-{t}-] " if op == "-" else f"{{+{t}+}} " if op == "+" else f"{t} "
                            for op, t in redline(x.a, x.b)).strip()
            out.append(f"~ ({x.kind}) {words}")
        for c in x.changes:
            out.append(f"    # {c.old} → {c.new} ({percent(c.relative)})" + (f" [{c.also}]" if c.also else ""))
    return "\n".join(out) + "\n"


def write_diff_html(target: Path, d: Diff) -> Path:
    """``diff.html``: the two versions side by side, one self-contained page; written atomically."""
    from claimledger.outputs.atomic import write_text
    from claimledger.outputs.templating import environment

    page = environment().get_template("diff.html.j2").render(d=d, redline=redline, percent=percent)
    write_text(target, page)
    return target
