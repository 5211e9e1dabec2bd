"""Tables of contents: their entries point to pages, and a page number is no claim.

Two signs mark an entry: dot leaders before a number that ends the line ("Sample Construction . . . 22"), or a
place in the list under a "Contents" heading whose lines each end in a page number, the numbers never going
down ("1. Introduction 2", ..., "References 14"; GROBID's 0807.3577). The PDF table finder takes such a list for
a two-column table, the text reader for prose: both skip these spans.
"""
from __future__ import annotations

import re

_LEADERS = re.compile(r"(?m)^[^\n]*\S[ \t]*(?:(?:\.[ \t]?){3,}|…+|_{3,})[ \t]*(\d{1,4})[ \t]*$")
_HEADING = re.compile(r"(?im)^[ \t]*(?:table[ \t]+of[ \t]+)?contents[ \t]*$")
_ENTRY = re.compile(r"^[ \t]*\S.*?\S[ \t]+(\d{1,4})[ \t]*$")


def contents_spans(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` spans of the lines of ``text`` that are entries of a table of contents."""
    spans = [(m.start(), m.end()) for m in _LEADERS.finditer(text)]
    for heading in _HEADING.finditer(text):
        spans += _listed(text, heading.end())
    return sorted(set(spans))


def _listed(text: str, start: int) -> list[tuple[int, int]]:
    """The entry lines after a contents heading at ``start``: each ends in a page number, none lower than the
    one before; the list ends at the first other line. Fewer than three entries are no list."""
    entries: list[tuple[int, int]] = []
    last = 0
    for line in re.finditer(r"(?m)^.*$", text[start:]):
        if not line.group(0).strip():
            continue
        m = _ENTRY.match(line.group(0))
        if m is None or int(m.group(1)) < last:
            break
        last = int(m.group(1))
        entries.append((start + line.start(), start + line.end()))
    return entries if len(entries) >= 3 else []
