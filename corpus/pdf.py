"""PDF pages as text through pdfplumber, parsed in a child interpreter under a time and memory limit.

pdfplumber's ``extract_text`` reads straight across columns, so the reading order is rebuilt here from
its words: a line is the words sharing a baseline; where (nearly) all lines keep clear of a vertical
strip with running text on both sides, the page has columns and is read band by band (a running head or
a full-width table stays where it is, a band of two or three columns is read column by column); a blank
line marks a paragraph break where the line spacing opens up. Running heads and page numbers are dropped
here, where pages are still known. Words hyphenated at a line end are left to :mod:`corpus.normalise`.
"""
from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
from collections import Counter
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, NamedTuple

import numpy as np
import pdfplumber
from pdfplumber.utils import cluster_objects

from models.errors import DocumentTooCostly, UnreadableDocument

X_TOLERANCE = 3.0  # pdfplumber's default; 1.5 splits numbers set with wide tracking ("98 452")
GUTTER = 6.0  # the narrowest free strip between two columns, in points
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)


class Box(NamedTuple):
    """One word of a page and its box, in points from the top left of the page as read."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


Line = list[Box]


def read_pdf_pages(path: Path, *, password: str | None, timeout: float, memory_mb: int) -> list[str]:
    """The text of each page of the PDF at ``path``; raises UnreadableDocument with the cause.

    The parser runs in a fresh interpreter (``python -m corpus.pdf``), not a fork of the caller with its
    spaCy, torch and threads: it may run ``timeout`` seconds and take ``memory_mb`` MB more than it
    needs to start.
    """
    request = json.dumps({"path": str(path), "password": password, "memory_mb": memory_mb})
    try:
        done = subprocess.run([sys.executable, "-m", "corpus.pdf"], input=request, capture_output=True,
                              text=True, timeout=timeout, env=_child_env(), check=False)
    except subprocess.TimeoutExpired:
        raise DocumentTooCostly(str(path), f"PDF parsing took longer than {timeout:g} s") from None
    if done.returncode != 0 or not done.stdout:
        raise DocumentTooCostly(str(path), f"PDF parser died (over its memory limit of {memory_mb} MB? "
                                           f"{_last_words(done.stderr, done.returncode)})")
    status, payload = json.loads(done.stdout)
    if status != "ok":
        raise (DocumentTooCostly if status == "costly" else UnreadableDocument)(str(path), payload)
    return ["\n".join(lines) for lines in drop_furniture(payload)]


def _last_words(stderr: str, status: int) -> str:
    """The line of a dead child's stderr that names its error, else its exit status."""
    lines = [line.strip() for line in stderr.splitlines() if "Error" in line]
    return lines[-1][:120] if lines else f"exit status {status}"


def _child_env() -> dict[str, str]:
    """The caller's environment, with this project importable however the caller found it."""
    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env


def _serve() -> None:
    """The child: parse the PDF named by the JSON request on stdin, write [status, pages or cause]."""
    request = json.load(sys.stdin)
    memory_mb = request["memory_mb"]
    _limit_memory(memory_mb)
    try:
        result: tuple[str, Any] = ("ok", _pages(request["path"], request["password"]))
    except Exception as exc:  # any parser failure becomes the file's one-line cause
        root = _root(exc)
        if isinstance(root, MemoryError):
            result = ("costly", f"PDF parsing went over its memory limit of {memory_mb} MB")
        else:
            result = ("error", _cause(root))
    json.dump(result, sys.stdout)  # outside the handlers, so the parser's frames (and memory) are freed


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the child has started with (an interpreter with pdfplumber and
    numpy) plus ``memory_mb``, so that the limit measures what the PDF costs."""
    with open("/proc/self/statm") as f:
        started = int(f.read().split()[0]) * resource.getpagesize()
    limit = started + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


def _pages(path: str, password: str | None) -> list[list[str]]:
    pages = []
    with pdfplumber.open(path, password=password or "") as pdf:
        for page in pdf.pages:
            pages.append(_page_lines(page))
            page.close()  # pdfplumber keeps every parsed object of a page until it is closed
    return pages


def _page_lines(page: Any) -> list[str]:
    """The lines of a pdfplumber page; doubled characters (a fake bold) are merged, sideways text dropped.

    A page turned a quarter by its /Rotate entry has all its text sideways; it is turned back (and not
    deduplicated: pdfplumber's dedupe_chars chains sideways letters of a dense table into one).
    """
    if page.rotation % 180 == 90 and not any(c["upright"] for c in page.chars[:200]):
        return page_lines(_turned_words(page), float(page.height))
    if _doubled(page.chars):
        page = page.dedupe_chars()
    words = page.extract_words(x_tolerance=X_TOLERANCE)
    boxes = [Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words if w["upright"]]
    return page_lines(boxes, float(page.width))


def _doubled(chars: list[dict[str, Any]]) -> bool:
    """Whether some character is printed twice in (nearly) one place; pdfplumber's dedupe_chars is
    quadratic in the characters of a page, so it runs only on pages that need it."""
    places = Counter((c["text"], round(c["x0"]), round(c["top"])) for c in chars if not c["text"].isspace())
    return any(n > 1 for n in places.values())


def _turned_words(page: Any) -> list[Box]:
    """Words of a page shown turned a quarter: lines run right to left (90) or left to right (270)."""
    clockwise = page.rotation % 360 == 90
    words = page.extract_words(x_tolerance=X_TOLERANCE, line_dir_rotated="rtl" if clockwise else "ltr",
                               char_dir_rotated="ttb" if clockwise else "btt")
    width, height = page.width, page.height
    if clockwise:
        return [Box(w["text"], w["top"], w["bottom"], width - w["x1"], width - w["x0"]) for w in words]
    return [Box(w["text"], height - w["bottom"], height - w["top"], w["x0"], w["x1"]) for w in words]


def page_lines(words: list[Box], width: float) -> list[str]:
    """The lines of one page in reading order; "" marks a paragraph break."""
    if not words:
        return []
    rows = _lines(words)
    gutters = column_gutters(rows, width)
    regions = _bands(rows, gutters) if gutters else [rows]
    out: list[str] = []
    for region in regions:
        out.extend(_region_text(region))
    return out


def _lines(words: list[Box]) -> list[Line]:
    """Words sharing a baseline, top to bottom, each line left to right."""
    lines = [sorted(line, key=attrgetter("x0")) for line in cluster_objects(words, attrgetter("bottom"), 2.5)]
    return sorted(lines, key=lambda line: min(w.top for w in line))


def column_gutters(lines: list[Line], width: float) -> list[float]:
    """The x of each gutter between columns of text: a strip that (nearly) all lines keep clear, with text
    on both sides. Empty for a one-column page, and for a table, whose columns hold a word or two."""
    n = len(lines)
    if n < 8:
        return []
    crossing, free = _free_strips(lines, width)
    runs = _runs(free)
    if not runs:
        return []
    # a running head, a page number or a wide table row may cross a gutter
    limit = min(crossing[a:b + 1].min() for a, b in runs) + max(2, n // 20)
    gutters = [_clearest(crossing, run, limit) for run in runs if crossing[run[0]:run[1] + 1].min() <= limit]
    return gutters if _prose(lines, gutters) else []


def _free_strips(lines: list[Line], width: float) -> tuple[Any, Any]:
    """For each x (in points): how many lines a strip there would cut, and whether a gutter could be
    there (a third of the lines or fewer cut, an eighth or more with text on either side)."""
    n = len(lines)
    xs = np.arange(int(width) + 1)
    covered = np.zeros((n, xs.size), dtype=bool)
    for row, line in zip(covered, lines):
        for w in line:
            row[max(0, int(w.x0 - GUTTER / 2)):int(w.x1 + GUTTER / 2) + 1] = True
    left = np.searchsorted(np.sort([line[0].x1 + GUTTER / 2 for line in lines]), xs, side="right")
    right = n - np.searchsorted(np.sort([line[-1].x0 - GUTTER / 2 for line in lines]), xs, side="left")
    crossing = covered.sum(axis=0)
    return crossing, (crossing * 3 <= n) & (np.minimum(left, right) >= max(3, n / 8))


def _runs(flags: Any) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    starts = np.flatnonzero(flags & ~np.r_[False, flags[:-1]])
    ends = np.flatnonzero(flags & ~np.r_[flags[1:], False])
    return list(zip(starts.tolist(), ends.tolist()))


def _clearest(crossing: Any, run: tuple[int, int], limit: int) -> float:
    """The middle of the part of ``run`` cut by no more than ``limit`` lines, around its clearest x."""
    a, b = run
    best = a + int(np.argmin(crossing[a:b + 1]))
    lo, hi = best, best
    while lo > a and crossing[lo - 1] <= limit:
        lo -= 1
    while hi < b and crossing[hi + 1] <= limit:
        hi += 1
    return (lo + hi) / 2


def _prose(lines: list[Line], gutters: list[float]) -> bool:
    """Whether the pieces of lines between gutters read as running text (a few words each), not cells."""
    pieces = Counter((i, _column(w, gutters)) for i, line in enumerate(lines) for w in line
                     if not any(_crosses(w, x) for x in gutters))
    return bool(pieces) and statistics.median(pieces.values()) >= 3


def _column(word: Box, gutters: list[float]) -> int:
    return sum(1 for x in gutters if word.x0 >= x)


def _crosses(word: Box, x: float) -> bool:
    return word.x0 < x + GUTTER / 2 and word.x1 > x - GUTTER / 2


def _bands(rows: list[Line], gutters: list[float]) -> list[list[Line]]:
    """Regions in reading order: a run of full-width rows as it is, a run of rows in columns column by
    column. The lines of each column are found again within it, as side-by-side lines a little off each
    other's baseline may have been taken for one row."""
    regions: list[list[Line]] = []
    for full, run in groupby(rows, key=lambda row: any(_crosses(w, x) for w in row for x in gutters)):
        band = [w for row in run for w in row]
        if full:
            regions.append(_lines(band))
            continue
        for column in range(len(gutters) + 1):
            words = [w for w in band if _column(w, gutters) == column]
            if words:
                regions.append(_lines(words))
    return regions


def _region_text(lines: list[Line]) -> list[str]:
    """Each line's text, with a blank line where the gap to the line above is wider than usual."""
    tops = [min(w.top for w in line) for line in lines]
    bottoms = [max(w.bottom for w in line) for line in lines]
    gaps = [top - bottom for bottom, top in zip(bottoms, tops[1:])]
    usual = statistics.median(gaps) if gaps else 0.0
    height = statistics.median(b - t for t, b in zip(tops, bottoms))
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and gaps[i - 1] > usual + max(2.0, 0.3 * height):
            out.append("")
        out.append(" ".join(w.text for w in line))
    return out


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop running heads and feet: up to two lines at either end of a page that are a bare page number
    or recur (digits aside) at that end of other pages."""
    heads = Counter(s for page in pages for s in {_shape(line) for line in _edge(page)})
    feet = Counter(s for page in pages for s in {_shape(line) for line in _edge(page[::-1])})
    least = max(2, len(pages) // 4)
    kept = []
    for page in pages:
        page = _trim(page, lambda line: heads[_shape(line)] >= least)
        kept.append(_trim(page[::-1], lambda line: feet[_shape(line)] >= least)[::-1])
    return kept


def _edge(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()][:2]


def _trim(lines: list[str], repeats: Callable[[str], bool]) -> list[str]:
    """``lines`` without their leading furniture (two lines at most, unlike each other: on a first page
    the title may follow the running head that repeats it) and the blank lines around it."""
    lines = list(lines)
    dropped = None
    for _ in range(2):
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and _shape(lines[0]) != dropped and (_PAGE_NUMBER.match(lines[0]) or repeats(lines[0])):
            dropped = _shape(lines.pop(0))
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _root(exc: Exception) -> Exception:
    """The parser's own exception: pdfplumber wraps pdfminer's (and a MemoryError) in a PdfminerException."""
    while exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    return exc


def _cause(exc: Exception) -> str:
    """A one-line cause for a parser exception."""
    name = type(exc).__name__
    if name == "PSEOF":
        return "truncated or damaged PDF (its data ends unexpectedly)"
    text = " ".join(str(exc).split())
    if "password" in (name + text).lower() or "encrypt" in (name + text).lower():
        return "encrypted PDF (wrong or missing password; give --password)"
    return f"not a readable PDF ({name}{': ' + text[:120] if text else ''})"


if __name__ == "__main__":
    _serve()
