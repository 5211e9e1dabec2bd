"""Scoring against tests/gold/citations.json (hand-made by reading the papers): shared by the citation,
reference and linking tests.

Gold citations carry a verbatim ``context`` from a line of the raw paper; it is found again in the normalised
text (footnote markers and Markdown removed there) to place each gold citation. Gold references are placed by
their ``raw_start`` (the first words of the entry).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from claimledger.models.records import Citation, Document, Reference

GOLD = Path(__file__).resolve().parents[1] / "gold" / "citations.json"


def load() -> dict:  # type: ignore[type-arg]
    return json.loads(GOLD.read_text(encoding="utf-8"))


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.replace("\\", ""))


def locate(text: str, context: str) -> list[tuple[int, int]]:
    """Where a verbatim context of the raw paper lies in the normalised text (words in order, any spacing)."""
    words = _words(re.sub(r"<[^>]+>", " ", context))
    for keep in (words, [w for w in words if not re.fullmatch(r"\d{1,2}", w)]):
        spans = [m.span() for m in re.finditer(r"[\W_]+".join(re.escape(w) for w in keep), text)]
        if spans:
            return spans
    return []


@dataclass
class Score:
    """Precision and recall of one task, with what was matched."""

    tp: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.3f} ({self.tp}/{self.predicted}), "
                f"recall {self.recall:.3f} ({self.tp}/{self.expected})")


def match_citations(gold: list[dict], docs: dict[str, Document],  # type: ignore[type-arg]
                    found: dict[str, list[Citation]]) -> list[tuple[dict, Citation | None]]:  # type: ignore[type-arg]
    """Each gold citation with the found citation in its context that has its year, one to one."""
    used: set[str] = set()
    pairs = []
    for g in gold:
        doc = docs[g["doc"]]
        year = g["year"] + g["suffix"]
        hit = next((c for start, end in locate(doc.text, g["context"]) for c in found[g["doc"]]
                    if c.citation_id not in used and start - len(g["text"]) <= c.char_start <= end and c.year == year),
                   None)  # a citation wrapped over two lines starts before its context
        if hit:
            used.add(hit.citation_id)
        pairs.append((g, hit))
    return pairs


def author_key(authors: list[str] | str) -> tuple[str, ...]:
    """First word of each surname, folded; "et al." dropped: ("delgado", "marquez")."""
    names = authors.split(";") if isinstance(authors, str) else authors
    out = []
    for name in names:
        words = re.findall(r"[a-z]+", fold(name.split(",")[0]))
        if words and "et al" not in name:
            out.append(words[0])
    return tuple(out)


def match_references(gold: list[dict], found: dict[str, list[Reference]]  # type: ignore[type-arg]
                     ) -> dict[str, Reference | None]:
    """Gold reference key -> the found entry whose raw text starts with the gold entry's first words."""
    out: dict[str, Reference | None] = {}
    seen: dict[tuple[str, ...], int] = {}
    for g in sorted(gold, key=lambda g: (g["doc"], g["line"])):
        start = tuple(fold(w) for w in _words(g["raw_start"]))
        same = [r for r in found.get(g["doc"], []) if tuple(fold(w) for w in _words(r.raw))[:len(start)] == start]
        k = seen.get((g["doc"], *start), 0)  # several entries open alike ("Conapo"): take them in order
        seen[(g["doc"], *start)] = k + 1
        out[g["key"]] = same[k] if k < len(same) else None
    return out
