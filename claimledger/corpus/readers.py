"""Read documents from disk: plain text, Markdown and PDF, each into a normalised :class:`Document`.

Every failure is an :class:`UnreadableDocument` naming the file and the cause; PDF parsing runs in a
child process under a time and memory limit so that one runaway file cannot stop a run, and every
document's text is held to :class:`Limits` (size, paragraph length, numbers) before it is parsed. Only
regular files are opened. The pages are normalised together, as one text (a sentence runs on across a
page break), and each page is then placed in that text by its opening words.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from claimledger.corpus.normalise import normalise
from claimledger.models.errors import UnreadableDocument
from claimledger.models.records import Document, Page

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more: a text layer holding only digits is not text
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n|\f")  # where the claim reader's paragraphs (and spaCy's inputs) end
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SPACY_MAX_LENGTH = 1_000_000  # spaCy refuses a longer text (its error E088)


@dataclass(frozen=True)
class Limits:
    """What one document may hold before it is refused, so that no document costs a run more than these:
    ``max_text_mb`` MB of text (a text file's size, checked before it is read; a PDF's extracted text),
    ``max_paragraph_chars`` characters in one paragraph (spaCy parses a paragraph at a time, in time and
    memory that grow with it, and refuses more than 1,000,000), ``max_numbers`` numbers (every number is a
    candidate claim, and grouping compares claims in pairs)."""

    max_text_mb: float = 20.0
    max_paragraph_chars: int = 100_000
    max_numbers: int = 20_000


def read_document(path: Path, *, password: str | None = None, timeout: float = 120.0,
                  memory_mb: int = 2048, limits: Limits = Limits()) -> Document:
    """Read one document; its id is the file stem.

    A PDF is parsed in a child process that may run ``timeout`` seconds and take ``memory_mb`` MB more
    than it starts with; a text file's pages are separated by form feeds. Text over ``limits`` is refused.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    data = _read_bytes(path, None if suffix in PDF_SUFFIXES else limits)
    if not data.strip():
        raise UnreadableDocument(str(path), "empty file")
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        from claimledger.corpus.pdf import read_pdf  # PDF support is imported only when a PDF is read
        from claimledger.corpus.tablespans import located

        pages, tables, meta = read_pdf(path, password=password, timeout=timeout, memory_mb=memory_mb)
        check_text(path, "\n\n".join(pages), limits)
        doc = _document(path, data, pages, "pdf")
        return replace(doc, pdf_tables=located(doc.text, doc.pages, tables), info=tuple(sorted(meta.items())))
    if suffix not in TEXT_SUFFIXES and b"\x00" in data[:4096]:
        raise UnreadableDocument(str(path), "binary file, not text or PDF")
    text, info = front_matter(_decode(path, data))
    check_text(path, text, limits)  # on the text as written: cheap, and before the normaliser's work
    doc = replace(_document(path, data, text.split("\f"), _kind(suffix)), info=info)
    check_text(path, doc.text, limits)  # and as spaCy will see it
    return doc


def _read_bytes(path: Path, limits: Limits | None) -> bytes:
    """The bytes of a regular file, at most ``limits.max_text_mb`` (None: no limit; a PDF has its own).

    Anything else is refused before it is opened: a FIFO would block the run, a device (or a link to
    /dev/zero) never ends, a folder is no document. It is opened without blocking, and checked again once
    open, in case the file was swapped for one of those between the two looks."""
    info = _stat(path)
    if limits is not None and info.st_size > limits.max_text_mb * 2**20:
        raise UnreadableDocument(str(path), _too_large(info.st_size, limits))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableDocument(str(path), _not_a_file(path, os.fstat(fd).st_mode))
        try:
            data = handle.read() if limits is None else handle.read(int(limits.max_text_mb * 2**20) + 1)
        except OSError as exc:
            raise UnreadableDocument(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if limits is not None and len(data) > limits.max_text_mb * 2**20:  # a file that grew, or /proc's size 0
        raise UnreadableDocument(str(path), _too_large(len(data), limits, more=True))
    return data


def _stat(path: Path) -> os.stat_result:
    """The file's status, following links; a regular file's only."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        broken = f" (a broken link to {os.readlink(path)})" if os.path.islink(path) else ""
        raise UnreadableDocument(str(path), f"no such file{broken}") from None
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableDocument(str(path), _not_a_file(path, info.st_mode))
    return info


_KINDS = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]


def _not_a_file(path: Path, mode: int) -> str:
    """Why ``path`` is not read: what it is instead (through a link: what the link points to)."""
    link = f"a link to {os.path.realpath(path)}, " if os.path.islink(path) else ""
    if stat.S_ISDIR(mode):
        try:
            entries = list(path.iterdir())
        except OSError as exc:
            return f"{link}a folder that cannot be listed ({exc.strerror or exc})"
        if not any(p.suffix.lower() in TEXT_SUFFIXES | PDF_SUFFIXES for p in entries):
            return f"{link}an empty folder (no {', '.join(sorted(TEXT_SUFFIXES | PDF_SUFFIXES))} file in it)"
        return f"{link}a folder, not a file (a folder given is read, the folders inside it are not)"
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"{link}{kind}, not a regular file"


def check_text(path: Path, text: str, limits: Limits) -> None:
    """Refuse ``text`` over ``limits``: too large, a paragraph too long, too many numbers."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_text_mb * 2**20:
        raise UnreadableDocument(str(path), _too_large(size, limits))
    start, longest = _longest_paragraph(text)
    if longest > limits.max_paragraph_chars:
        line = text.count("\n", 0, start) + 1
        raise UnreadableDocument(str(path), f"a paragraph of {longest:,} characters (from line {line}), more "
                                            f"than max_paragraph_chars = {limits.max_paragraph_chars:,}; "
                                            f"break it into paragraphs (blank lines)")
    numbers = sum(1 for _ in itertools.islice(_NUMBER.finditer(text), limits.max_numbers + 1))
    if numbers > limits.max_numbers:
        raise UnreadableDocument(str(path), f"more than max_numbers = {limits.max_numbers:,} numbers")


def _longest_paragraph(text: str) -> tuple[int, int]:
    """(start, length) of the longest run of text between paragraph breaks."""
    best, start = (0, 0), 0
    for m in itertools.chain(_PARAGRAPH_BREAK.finditer(text), [None]):
        end = m.start() if m else len(text)
        if end - start > best[1]:
            best = (start, end - start)
        start = m.end() if m else start
    return best


def _too_large(size: int, limits: Limits, more: bool = False) -> str:
    return (f"{'more than ' if more else ''}{size / 2**20:,.1f} MB of text, more than max_text_mb = "
            f"{limits.max_text_mb:g}")


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
