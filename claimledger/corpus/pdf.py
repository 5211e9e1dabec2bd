"""PDF pages as text, and their tables, through pdfplumber, parsed in a child interpreter under a time and
memory limit.

The child rebuilds each page's reading order from its words (:mod:`claimledger.corpus.layout`: pdfplumber's
``extract_text`` reads straight across columns) and finds its tables (:mod:`claimledger.corpus.pdftables`), whose
rows are then read as full-width lines; pages and table grids cross the process boundary as JSON.
Running heads and page numbers are dropped here, where pages are still known. Words hyphenated at a
line end are left to :mod:`claimledger.corpus.normalise`.
"""
from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber

from claimledger.corpus.glyphs import mend_glyphs
from claimledger.corpus.layout import Box, page_lines
from claimledger.corpus.pdftables import Grid, page_tables, unruled_tables
from claimledger.corpus.words import X_TOLERANCE, page_words
from claimledger.models.errors import DocumentTooCostly, UnreadableDocument

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
PageGrid = tuple[int, Grid]  # a table and its 1-based page
INFO_KEYS = ("Title", "Author", "Subject", "CreationDate")


def read_pdf(path: Path, *, password: str | None, timeout: float,
             memory_mb: int) -> tuple[list[str], list[PageGrid], dict[str, str]]:
    """The text of each page of the PDF at ``path``, the tables found on its pages, and its document
    information (Title, Author, CreationDate); raises UnreadableDocument with the cause.

    The parser runs in a fresh interpreter (``python -m claimledger.corpus.pdf``), not a fork of the caller with its
    spaCy, torch and threads: it may run ``timeout`` seconds and take ``memory_mb`` MB more than it
    needs to start.
    """
    request = json.dumps({"path": str(path), "password": password, "memory_mb": memory_mb})
    try:
        done = subprocess.run([sys.executable, "-m", "claimledger.corpus.pdf"], input=request, capture_output=True,
                              text=True, timeout=timeout, env=_child_env(), check=False)
    except subprocess.TimeoutExpired:
        raise DocumentTooCostly(str(path), f"PDF parsing took longer than {timeout:g} s") from None
    if done.returncode != 0 or not done.stdout:
        raise DocumentTooCostly(str(path), f"PDF parser died (over its memory limit of {memory_mb} MB? "
                                           f"{_last_words(done.stderr, done.returncode)})")
    status, payload = json.loads(done.stdout)
    if status != "ok":
        raise (DocumentTooCostly if status == "costly" else UnreadableDocument)(str(path), payload)
    pages = ["\n".join(lines) for lines in drop_furniture(payload["pages"])]
    tables = [(page, Grid(tuple(bbox), tuple(map(tuple, rows)))) for page, bbox, rows in payload["tables"]]
    return pages, tables, dict(payload.get("info", {}))  # type: ignore[return-value]


def _last_words(stderr: str, status: int) -> str:
    """The line of a dead child's stderr that names its error, else its exit status."""
    lines = [line.strip() for line in stderr.splitlines() if "Error" in line]
    return lines[-1][:120] if lines else f"exit status {status}"


def _child_env() -> dict[str, str]:
    """The caller's environment, with this project importable however the caller found it."""
    root = str(Path(__file__).resolve().parents[2])
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


def _pages(path: str, password: str | None) -> dict[str, Any]:
    """{"pages": the lines of each page, "tables": [page, bbox, rows] of each table}, as JSON takes them."""
    pages: list[list[str]] = []
    tables: list[list[Any]] = []
    gutters: list[float] = []  # the columns of the last page that had them
    with pdfplumber.open(path, password=password or "") as pdf:
        info = {k: str(v) for k, v in (pdf.metadata or {}).items() if k in INFO_KEYS and isinstance(v, str | bytes)}
        for number, page in enumerate(pdf.pages, start=1):
            lines, grids, found = _page(page, gutters)
            gutters = found or gutters
            pages.append(lines)
            tables.extend([number, list(g.bbox), [list(r) for r in g.rows]] for g in grids)
            page.close()  # pdfplumber keeps every parsed object of a page until it is closed
    return {"pages": pages, "tables": tables, "info": info}


def _page(page: Any, hint: list[float]) -> tuple[list[str], list[Grid], list[float]]:
    """The lines, tables and column gutters of a pdfplumber page, its columns read as those of the
    previous page (``hint``) when it shows none of its own; doubled characters (a fake bold) are merged,
    sideways text dropped.

    A page turned a quarter by its /Rotate entry has all its text sideways; it is turned back (and not
    deduplicated: pdfplumber's dedupe_chars chains sideways letters of a dense table into one); its
    rules are not turned, so only its unruled tables are found. Glyph codes ``(cid:NN)`` are first given the
    characters their glyph names say (:mod:`claimledger.corpus.glyphs`).
    """
    mend_glyphs(page)
    if page.rotation % 180 == 90 and not any(c["upright"] for c in page.chars[:200]):
        turned = _turned_words(page)
        grids = unruled_tables(turned)
        lines, gutters = page_lines(turned, float(page.height), [g.bbox for g in grids])  # turned: no hint
        return lines, grids, gutters
    if _doubled(page.chars):
        page = page.dedupe_chars()
    words = page_words(page)
    boxes = [Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words if w["upright"]]
    grids = page_tables(page, boxes)
    lines, gutters = page_lines(boxes, float(page.width), [g.bbox for g in grids], hint)
    return lines, grids, gutters


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
