"""What surrounds a table body in the text: its caption ("TABLE I" over "MAQUILA CRISIS INDICATORS",
"Table 6. Investment in ...", above or below it, or printed far from a flattened body), its source line,
and its notes ("Notes: ^a1995. b 2003.", "* till September 2000").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.extract.tables_text import Grid

# A caption starts a line or follows a sentence; "Table 3 presents ..." (lowercase after the number) and
# "(see Table 1)" are references to a table, not captions.
# "Table 3", "Table IV", and an appendix's "Table A1", "Table B.2"
_CAPTION = re.compile(r"(?:^|(?<=[.!?)]\s))"
                      r"(?P<label>(?:TABLE|Table|table|Cuadro|CUADRO)\s+(?:(?:[A-Z][.-]?)?\d{1,2}|[IVX]{1,5}))"
                      r"(?P<sep>[.:]?)(?:[ \t]+(?P<rest>[^\n]*?))?[ \t]*$", re.MULTILINE)
_SOURCE = re.compile(r"^\s*(?:Sources?|Fuentes?)\s*:\s*(?P<text>.+)$", re.MULTILINE | re.IGNORECASE)
_LETTER_NOTE = re.compile(r"(?:^|[\s:])\^?(?P<fn>[a-z])\s?(?P<year>(?:19|20)\d\d)\b")
_STAR_NOTE = re.compile(r"^(?:Notes?:\s*)?\^?\{?\*\}?\s*(?P<text>\S.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Caption:
    """A table caption: ``title`` (label and title text), its span, and the label ("Table 6")."""

    label: str
    title: str
    start: int
    end: int


def captions(text: str, end: int) -> list[Caption]:
    """Every table caption before ``end``, in document order."""
    found = []
    for m in _CAPTION.finditer(text, 0, end):
        rest = (m.group("rest") or "").strip()
        if rest and not (m.group("sep") or rest[:1].isupper() or rest[:1].isdigit()):
            continue
        title, stop = _title(text, m.end(), rest)
        if not title:
            continue
        label = " ".join(m.group("label").split())
        found.append(Caption(label, f"{label}{m.group('sep')} {title}".strip(), m.start(), stop))
    return found


def _title(text: str, at: int, rest: str) -> tuple[str, int]:
    """The caption's title: the rest of its line, else the next short lines (lowercase ones carry on)."""
    if rest:
        return re.sub(r"\b((?:19|20)\d\d)\s+\1$", r"\1", rest), at
    parts: list[str] = []
    pos = at
    for m in re.finditer(r"[^\n]+", text[at:at + 400]):
        line = m.group(0).strip()
        if _SOURCE.match(line) or len(line) > 150 or (parts and not line[:1].islower()):
            break
        parts.append(line)
        pos = at + m.end()
    return " ".join(parts), pos


def pair(bodies: list[Grid], found: list[Caption], text: str) -> dict[int, Caption]:
    """Which caption titles each body: one right below it, else one right above it, else (for a body
    flattened into running text) the nearest unclaimed caption before it."""
    taken: dict[int, Caption] = {}
    used: set[int] = set()
    for i, grid in enumerate(bodies):
        below = [c for c in found if c.start >= grid.end and not text[grid.end:c.start].strip()]
        if below:
            taken[i] = below[0]
            used.add(id(below[0]))
    for i, grid in enumerate(bodies):
        above = [c for c in found if id(c) not in used and c.end <= grid.start and not text[c.end:grid.start].strip()]
        if i not in taken and above:
            taken[i] = above[-1]
            used.add(id(above[-1]))
    for i, grid in enumerate(bodies):
        before = [c for c in found if id(c) not in used and c.end <= grid.start]
        if i not in taken and before:
            taken[i] = before[-1]
            used.add(id(before[-1]))
    return taken


def source_after(text: str, at: int, paragraphs: int = 3) -> tuple[str, int]:
    """The source line among the next few paragraphs after ``at`` (without "Source:"), and its end."""
    window = _paragraphs(text, at, paragraphs)
    m = _SOURCE.search(text, at, window)
    if m is None:
        return "", -1
    source, stop = m.group("text").strip(), m.end()
    nxt = re.match(r"\s*\n\s*([^\n]{1,120})$", text[stop:stop + 200], re.MULTILINE)
    if source.endswith(",") and nxt:
        source, stop = f"{source} {nxt.group(1).strip()}", stop + nxt.end()
    # a source line glued to the running text after it ends at its own sentence
    cut = re.search(r"(?<=\.)\s+(?=[A-Z][a-z]+(?:\s+[a-z]+){2})", source)
    return (source[:cut.start()] if cut else source), stop


def notes_after(text: str, at: int, until: int) -> dict[str, str]:
    """Footnotes of a table: letters with a year ("^a1995", "b 2003") in the note lines right after the
    body, and a starred note ("* till September 2000") anywhere before ``until``."""
    notes: dict[str, str] = {}
    for m in re.finditer(r"[^\n]+", text[at:_paragraphs(text, at, 4)]):
        line = m.group(0).strip()
        if re.match(r"^(notes?\b|\^?[a-z]\s?(19|20)\d\d)", line, re.IGNORECASE):
            for n in _LETTER_NOTE.finditer(line):
                notes.setdefault(n.group("fn"), n.group("year"))
    star = _STAR_NOTE.search(text, at, until)
    if star:
        body = star.group("text")
        year = re.search(r"^.{0,60}?\b(?:19|20)\d\d\b", body)
        notes["*"] = year.group(0) if year else body.split(". ")[0][:160]
    return notes


def _paragraphs(text: str, at: int, n: int) -> int:
    """Where the ``n``-th paragraph (line) after ``at`` ends."""
    pos = at
    for _ in range(n):
        m = re.compile(r"\s*[^\n]*").match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
    return pos
