"""PDF pages as text through pdfplumber, parsed in a child process under a time and memory limit."""
from __future__ import annotations

import multiprocessing as mp
import resource
from pathlib import Path

from models.errors import DocumentTooCostly, UnreadableDocument


def read_pdf_pages(path: Path, *, password: str | None, timeout: float, memory_mb: int) -> list[str]:
    """The text of each page of the PDF at ``path``; raises UnreadableDocument with the cause."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(str(path), password, memory_mb, child), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        raise DocumentTooCostly(str(path), f"PDF parsing took longer than {timeout:g} s")
    try:
        status, payload = parent.recv()
    except EOFError:
        proc.join()
        raise DocumentTooCostly(str(path), f"PDF parser died (memory limit {memory_mb} MB?)") from None
    proc.join()
    if status == "error":
        raise UnreadableDocument(str(path), payload)
    return payload


def _child(path: str, password: str | None, memory_mb: int, conn) -> None:  # type: ignore[no-untyped-def]
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    try:
        conn.send(("ok", _pages(path, password)))
    except MemoryError:
        conn.send(("error", f"PDF parsing exceeded the memory limit of {memory_mb} MB"))
    except Exception as exc:  # any parser failure becomes the file's one-line cause
        conn.send(("error", _cause(exc)))
    finally:
        conn.close()


def _pages(path: str, password: str | None) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path, password=password or "") as pdf:
        return [_page_text(page) for page in pdf.pages]


def _page_text(page) -> str:  # type: ignore[no-untyped-def]
    """Text of one page in reading order; a two-column page is read column by column."""
    split = _column_gap(page)
    if split is None:
        return page.extract_text(x_tolerance=1.5) or ""
    left = page.crop((0, 0, split, page.height)).extract_text(x_tolerance=1.5) or ""
    right = page.crop((split, 0, page.width, page.height)).extract_text(x_tolerance=1.5) or ""
    return left + "\n\n" + right


def _column_gap(page):  # type: ignore[no-untyped-def]
    """The x of an empty vertical gutter near the middle that most text lines stop at, else None."""
    words = page.extract_words()
    if len(words) < 40:
        return None
    mid = page.width / 2
    for offset in range(0, int(page.width * 0.12), 4):
        for x in (mid - offset, mid + offset):
            crossing = sum(1 for w in words if w["x0"] < x < w["x1"])
            left = sum(1 for w in words if w["x1"] <= x)
            right = sum(1 for w in words if w["x0"] >= x)
            if crossing <= len(words) * 0.01 and left > len(words) * 0.25 and right > len(words) * 0.25:
                return x
    return None


def _cause(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if "password" in (name + text).lower() or "encrypt" in (name + text).lower():
        return "encrypted PDF (give --password)"
    return f"not a readable PDF ({name}{': ' + text[:120] if text else ''})"
