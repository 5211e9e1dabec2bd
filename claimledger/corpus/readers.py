"""Read documents from disk: plain text, Markdown and PDF, each into a normalised :class:`Document`.

Every failure is an :class:`UnreadableDocument` naming the file and the cause; PDF parsing runs in a
child process under a time and memory limit so that one runaway file cannot stop a run. The pages are
normalised together, as one text (a sentence runs on across a page break), and each page is then placed
in that text by its opening words.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from claimledger.corpus.normalise import normalise
from claimledger.models.errors import UnreadableDocument
from claimledger.models.records import Document, Page

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more: a text layer holding only digits is not text


def read_document(path: Path, *, password: str | None = None, timeout: float = 120.0,
                  memory_mb: int = 2048) -> Document:
    """Read one document; its id is the file stem.

    A PDF is parsed in a child process that may run ``timeout`` seconds and take ``memory_mb`` MB more
    than it starts with; a text file's pages are separated by form feeds.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableDocument(str(path), "empty file")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        from claimledger.corpus.pdf import read_pdf  # PDF support is imported only when a PDF is read
        from claimledger.corpus.tablespans import located

        pages, tables, meta = read_pdf(path, password=password, timeout=timeout, memory_mb=memory_mb)
        doc = _document(path, data, pages, "pdf")
        return replace(doc, pdf_tables=located(doc.text, doc.pages, tables), info=tuple(sorted(meta.items())))
    if suffix not in TEXT_SUFFIXES and b"\x00" in data[:4096]:
        raise UnreadableDocument(str(path), "binary file, not text or PDF")
    text, info = front_matter(_decode(path, data))
    return replace(_document(path, data, text.split("\f"), _kind(suffix)), info=info)


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


def front_matter(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A Markdown file's YAML front matter (``title:``, ``author:``, ``date:`` lines), taken out of the text
    (it is no prose), and its first H1 heading as ``h1``: what the file says of itself, read before the
    normaliser joins its lines."""
    info: dict[str, str] = {}
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and value.strip() and key.strip().isidentifier():
                info[key.strip().lower()] = value.strip().strip("'\"")
        text = text[m.end():]
    h1 = _H1.search(text[:5000])
    if h1:
        info["h1"] = h1.group(1).strip()
    return text, tuple(sorted(info.items()))


def _kind(suffix: str) -> str:
    return "md" if suffix in {".md", ".markdown"} else "txt"


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(str(path), "binary content in a text file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        cause = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        raise UnreadableDocument(str(path), cause) from exc


def _document(path: Path, data: bytes, page_texts: list[str], kind: str) -> Document:
    """Normalise the pages as one text, so that a sentence or a word broken by a page break is mended
    as any other line break, and record where each page starts in it."""
    text = normalise("\n\n".join(page_texts))
    if not _WORD.search(text):
        raise UnreadableDocument(str(path), "no text found (a scanned, image-only or empty document?)")
    starts = _page_starts(text, page_texts)
    ends = starts[1:] + [len(text)]
    pages = tuple(Page(n, start, end) for n, (start, end) in enumerate(zip(starts, ends), start=1))
    return Document(id=path.stem, path=str(path), text=text, pages=pages,
                    sha256=hashlib.sha256(data).hexdigest(), kind=kind)


def _page_starts(text: str, page_texts: list[str]) -> list[int]:
    """Where each page begins in the normalised ``text``: where its opening words, normalised alone, are
    found after the start of the page before (a page that cannot be placed starts where that one does)."""
    starts = [0]
    for raw in page_texts[1:]:
        starts.append(_find_page(text, normalise(raw), starts[-1]))
    return starts


def _find_page(text: str, page: str, after: int) -> int:
    """Where the page's opening words (six in a row, from the first, fourth, ... word) are next found."""
    words = re.findall(r"\w+", page)
    for first in range(0, min(len(words), 30), 3):
        # the first word may be the tail of a word hyphenated across the page break ("immig-" / "rants")
        found = re.compile(r"\W+".join(map(re.escape, words[first:first + 6]))).search(text, after)
        if found:
            return _word_start(text, found.start())
    return after


def _word_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return i
