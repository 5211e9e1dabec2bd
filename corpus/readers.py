"""Read documents from disk: plain text, Markdown and PDF, each into a normalised :class:`Document`.

Every failure is an :class:`UnreadableDocument` naming the file and the cause; PDF parsing runs in a
child process under a time and memory limit so that one runaway file cannot stop a run.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from corpus.normalise import normalise
from models.errors import UnreadableDocument
from models.records import Document, Page

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}


def read_document(path: Path, *, password: str | None = None, timeout: float = 120.0,
                  memory_mb: int = 2048) -> Document:
    """Read one document; its id is the file stem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableDocument(str(path), "empty file")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        from corpus.pdf import read_pdf_pages  # PDF support is imported only when a PDF is read

        pages = read_pdf_pages(path, password=password, timeout=timeout, memory_mb=memory_mb)
        return _document(path, data, [normalise(p) for p in pages], "pdf")
    if suffix not in TEXT_SUFFIXES and b"\x00" in data[:4096]:
        raise UnreadableDocument(str(path), "binary file, not text or PDF")
    return _document(path, data, [normalise(p) for p in _decode(path, data).split("\f")], _kind(suffix))


def _kind(suffix: str) -> str:
    return "md" if suffix in {".md", ".markdown"} else "txt"


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(str(path), "binary content in a text file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(str(path), f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc


def _document(path: Path, data: bytes, page_texts: list[str], kind: str) -> Document:
    """Join normalised pages with a blank line and record each page's character range."""
    pages: list[Page] = []
    parts: list[str] = []
    cursor = 0
    for number, text in enumerate(page_texts, start=1):
        text = text.strip("\n")
        pages.append(Page(number, cursor, cursor + len(text)))
        parts.append(text)
        cursor += len(text) + 2
    text = "\n\n".join(parts) + "\n"
    if not text.strip():
        raise UnreadableDocument(str(path), "no text found (a scanned or empty document?)")
    return Document(id=path.stem, path=str(path), text=text, pages=tuple(pages),
                    sha256=hashlib.sha256(data).hexdigest(), kind=kind)
