"""Reference lists: the entries under a "References" heading, parsed into authors, year, title and the rest.

Three layouts occur in the corpus and each is read by its own splitter: the author block on a line of its own
with the year opening the next line, or both on one line, with "———"/"______" or a year alone standing for the
previous entry's authors (000, 002); APA-like "Author, A. (2004a). Title" entries, sometimes run together into
one paragraph (001); and "Author, A., "Title", container, place, 1999." lines with the year last (004).
Hand-written: no maintained library parses free-text reference lists without a trained model.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimledger.extract.references_numbered import headless_list, markers, numbered_entries, parse_names
from claimledger.models.records import Document, Reference

_YEAR = r"(?:1[89]\d\d|20[0-4]\d)"
_NAMES = r"(?:references|bibliography|referencias|bibliografía|works cited)"
_HEADING = re.compile(rf"^[#\s]*(?:\d{{1,2}}\.?\s+)?{_NAMES}\s*$", re.I | re.M)  # "References", "7 REFERENCES"
# A PDF line that runs the heading into the paragraph before it: "... for helpful comments. References"
_RUN_IN = re.compile(r"(?<=[.!?)]\s)(?:References|REFERENCES|Bibliography|BIBLIOGRAPHY)\s*$", re.M)
_AFTER = re.compile(r"^\s*(?:endnotes|notes|footnotes|appendix)\s*$", re.I | re.M)
# An appendix heading after the reference list: "Appendix", "APPENDIX A: PROOFS", "Appendix B. Data sources",
# "Online Appendix"; not a sentence that names one ("Appendix B shows ...")
APPENDIX = re.compile(r"(?m)^[ \t]*(?i:(?:online[ \t]+|supplementary[ \t]+)?(?:appendix|appendices))"
                      r"(?:[ \t]+[A-Z0-9]{1,3}(?!\w))?"
                      r"(?:[ \t]*[.:—–-][ \t]*[A-Z][^\n]{0,100}|[ \t]+[A-Z][A-Z \t]{2,100})?[ \t]*$")
_APA_ANCHOR = re.compile(rf"\((?:(?P<year>{_YEAR})(?P<suffix>[a-z]?)|n\.\s?d\.)\)\s*[.,]?")
# Chicago author-date: "Smith, John A., and Karen Jones. 2019. Title ..." (or "n.d."), one entry per line
_CHICAGO = re.compile(rf"(?m)^[-•]?\s*(?P<authors>[^\n\d\"“]{{2,200}}?)\.\s+(?:(?P<year>{_YEAR})(?P<suffix>[a-z]?)"
                      r"|n\.\s?d)\.\s+(?P<rest>\S[^\n]*)$")
# An entry boundary before an APA author block: a line start, or the end of a sentence (not an initial "A.").
_BOUNDARY = re.compile(r"(?:^|\n|(?<=[a-z0-9”\"’>\]]\.)\s+|(?<=[A-Za-z]{2}\.)\s+)")
_YEAR_LINE = re.compile(rf"^(?P<authors>[^\d\"“]*?)\s*(?<![\w-])(?P<year>{_YEAR})(?P<suffix>[a-z]?)"
                        r"(?:\s+|$)(?P<rest>.*)$")
_TRAILING_YEAR = re.compile(rf"(?<!\d)(?P<year>{_YEAR})(?P<suffix>[a-z]?)\.?\s*$")
_REPEAT = re.compile(r"^(?:[—–_-]{2,}|,)")
_INITIALS = re.compile(r"^(?:[A-ZÁÉÍÓÚÑ]\.\s?-?)+$")
_ACCESS = re.compile(r"(?:retrieved|accessed|consulted|consultado|recuperado|available)\b", re.I)
_NAME_WORDS = {"and", "y", "de", "la", "del", "da", "van", "von", "et", "al.", "al"}


@dataclass(frozen=True)
class _Entry:
    """An entry before it becomes a record: its span, authors, year, suffix and the text after the authors."""

    start: int
    end: int
    authors: tuple[str, ...]
    year: str
    suffix: str
    rest: str
    number: str = ""


def reference_section(text: str) -> tuple[int, int]:
    """The ``[start, end)`` range of the reference list (after its heading, before any endnotes); empty if none."""
    headings = list(_HEADING.finditer(text)) or list(_RUN_IN.finditer(text))
    if not headings:
        return _numbered_section(text)
    start = headings[-1].end()
    return start, _list_end(text, start)


def _list_end(text: str, start: int) -> int:
    """Where a reference list that starts at ``start`` ends: at endnotes or an appendix, else the text's end."""
    after = [m.start() for m in (_AFTER.search(text, start), APPENDIX.search(text, start)) if m]
    return min(after, default=len(text))


def _numbered_section(text: str) -> tuple[int, int]:
    """Without a heading, a list "[1] ... [2] ... [3] ..." that runs to the end of the text (a two-column page
    can bury the heading in the middle of a line of the other column)."""
    start = headless_list(text)
    return (len(text), len(text)) if start is None else (start, _list_end(text, start))


def references(doc: Document) -> Iterator[Reference]:
    """The entries of a document's reference list, in order, with doc-scoped ids ("<doc>:Conapo2004a")."""
    start, end = reference_section(doc.text)
    entries = list(_split(doc.text, start, end))
    keys = _keys(entries)
    for entry, key in zip(entries, keys):
        raw = " ".join(doc.text[entry.start:entry.end].split())
        yield Reference(reference_id=f"{doc.id}:{key}", doc_id=doc.id, char_start=entry.start, char_end=entry.end,
                        raw=raw, authors="; ".join(entry.authors), year=entry.year, suffix=entry.suffix,
                        number=entry.number, **_fields(entry.rest))


def _split(text: str, start: int, end: int) -> Iterator[_Entry]:
    """Entries in the layout the section uses."""
    section = text[start:end]
    lines = [ln for ln in section.split("\n") if ln.strip()]
    if not lines:
        return
    if markers(section):
        for e in numbered_entries(section):
            yield _Entry(start + e.start, start + e.end, e.authors, e.year, e.suffix, e.rest, e.number)
        return
    apa = [m for m in _APA_ANCHOR.finditer(section) if _apa_block(section, m) is not None]
    chicago = [m for m in _CHICAGO.finditer(section)]
    if len(apa) >= max(3, len(lines) // 3):
        yield from _apa_entries(section, start, apa)
    elif len(chicago) >= max(2, len(lines) // 3):
        yield from _chicago_entries(section, start, chicago)
    elif sum(bool(_TRAILING_YEAR.search(ln)) for ln in lines) > len(lines) // 2:
        yield from _trailing_entries(section, start)
    else:
        yield from _year_line_entries(section, start)


def _apa_block(section: str, anchor: re.Match[str]) -> int | None:
    """Where the author block before an APA "(2004a)" starts, if it looks like one."""
    window_start = max(0, anchor.start() - 160)
    starts = [m.end() for m in _BOUNDARY.finditer(section, window_start, anchor.start())]
    for s in reversed(starts):  # the nearest boundary: "Amsden, A.H. (1989)", not the entry before it
        block = section[s:anchor.start()].strip(" ,")
        if block and block[0].isupper() and len(block) < 140 and '"' not in block and "“" not in block:
            return s
    return None


def _apa_entries(section: str, offset: int, anchors: list[re.Match[str]]) -> Iterator[_Entry]:
    starts = [_apa_block(section, m) or 0 for m in anchors]
    for i, m in enumerate(anchors):
        end = starts[i + 1] if i + 1 < len(anchors) else len(section.rstrip())
        rest = section[m.end():end]
        authors = parse_authors(section[starts[i]:m.start()])
        yield _Entry(offset + starts[i], offset + _rstrip(section, end), authors, m.group("year") or "",
                     m.group("suffix") or "", " ".join(rest.split()))


def _chicago_entries(section: str, offset: int, heads: list[re.Match[str]]) -> Iterator[_Entry]:
    """Chicago author-date entries: each runs from its author line to the next (wrapped lines continue it);
    "———." repeats the previous entry's authors."""
    previous: tuple[str, ...] = ()
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(section)
        written = m.group("authors").strip()
        authors = _repeat(written, previous) if _REPEAT.match(written) else chicago_authors(written)
        previous = authors
        start = m.start("authors")
        rest = " ".join(section[m.start("rest"):end].split())
        yield _Entry(offset + start, offset + _rstrip(section, end), authors, m.group("year") or "",
                     m.group("suffix") or "", rest)


def chicago_authors(block: str) -> tuple[str, ...]:
    """ "Smith, John A., and Karen Jones" -> ("Smith, J. A.", "Jones, K."): the first author inverted, the
    others in natural order, given names as initials; a name without a comma is corporate ("World Bank")."""
    block = re.sub(r",?\s*et\s+al\.?$", "", block.strip().rstrip(".")).strip(" ,")
    if re.match(r"^(?:[A-Z]\.\s?)+[A-Z][a-z]", block):  # initials first: "E. Agichtein", "D.Downey,O.Etzioni"
        return parse_names(block)
    if "," not in block:
        return (block,) if block else ()
    surname, _, others = block.partition(",")
    parts = [p.strip() for p in re.split(r",?\s+and\s+|,\s+", others) if p.strip()]
    if not parts:
        return (surname.strip(),)
    authors = [f"{surname.strip()}, {_initials(parts[0])}"]
    for person in parts[1:]:
        words = person.split()
        particles = [w for w in words[:-1] if w.islower()]  # "Ana de la Cruz": "de la Cruz" is the surname
        given = [w for w in words[:-1] if not w.islower()]
        last = " ".join(particles + words[-1:])
        authors.append(f"{last}, {_initials(' '.join(given))}" if given else last)
    return tuple(authors)


def _initials(given: str) -> str:
    """ "John A." -> "J. A."; "Jean-Paul" -> "J.-P."."""
    return " ".join("-".join(f"{piece[0]}." for piece in word.split("-") if piece) for word in given.split())


def _trailing_entries(section: str, offset: int) -> Iterator[_Entry]:
    previous: tuple[str, ...] = ()
    for start, end in _paragraph_items(section):
        line = " ".join(section[start:end].split())
        authors_text, rest = _leading_authors(re.sub(r"^[-•]\s*", "", line))
        marked = _REPEAT.match(authors_text or ",")  # "- , "La migración..." repeats the first author
        authors = _repeat(authors_text or ",", previous) if marked else parse_authors(authors_text)
        year = _TRAILING_YEAR.search(line) or re.search(rf"(?<!\d)(?P<year>{_YEAR})(?P<suffix>[a-z]?)", line)
        previous = authors
        yield _Entry(offset + start, offset + end, authors, year.group("year") if year else "",
                     year.group("suffix") if year else "", rest)


def _paragraph_items(section: str) -> Iterator[tuple[int, int]]:
    """Each "- " list item with the lines that continue it."""
    starts = [m.start() for m in re.finditer(r"(?m)^[-•]\s", section)] or [0]
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(section)
        yield s, _rstrip(section, e)


def _year_line_entries(section: str, offset: int) -> Iterator[_Entry]:
    """Author line, then a year line; or both on one line; a year line alone repeats the last authors."""
    previous: tuple[str, ...] = ()
    pending: tuple[int, str] | None = None
    current: list = []  # [start, end, authors, year, suffix, rest]
    for m in re.finditer(r"[^\n]+", section):
        line = re.sub(r"^[-•]\s*", "", m.group(0).strip())
        if not line:
            continue
        hit = _YEAR_LINE.match(line)
        if hit and (hit.group("authors") or not line[:1].islower()):
            if current:
                yield _Entry(*current)
            written = hit.group("authors").strip()
            start = m.start()
            if not written and pending:
                start, written = pending
            authors = _repeat(written, previous) if (not written or _REPEAT.match(written)) else parse_authors(written)
            current = [offset + start, offset + m.end(), authors, hit.group("year"), hit.group("suffix"),
                       hit.group("rest")]
            previous, pending = authors, None
        elif line[:1].islower() and current:
            current[1], current[5] = offset + m.end(), f"{current[5]} {line}"
        else:
            if current:
                yield _Entry(*current)
                current = []
            if pending:  # an author line with no year after it: an entry cut short
                yield _Entry(offset + pending[0], offset + pending[0] + len(pending[1]), parse_authors(pending[1]),
                             "", "", "")
            pending = (m.start(), line)
            if _REPEAT.match(line):
                pending = (m.start(), line)
    if current:
        yield _Entry(*current)
    if pending:
        yield _Entry(offset + pending[0], offset + len(section.rstrip()), parse_authors(pending[1]), "", "", "")


def _repeat(written: str, previous: tuple[str, ...]) -> tuple[str, ...]:
    """Authors of a "———, L. Galindo" or year-only entry: the previous first author, plus any written here."""
    if not written.strip():
        return previous
    rest = re.sub(r"^(?:and|y|&)\s+", "", _REPEAT.sub("", written.strip()).strip(" ,"))
    return (previous[:1] if previous else ()) + parse_authors(rest)


def _leading_authors(line: str) -> tuple[str, str]:
    """Split "Alarcón, R. and D. Iñiguez, "El uso..."" into its author block and what follows."""
    chunks = re.split(r"(,\s*)", line)
    taken = ""
    for i in range(0, len(chunks), 2):
        chunk = chunks[i]
        quote = re.search(r"[\"“*]", chunk)
        if quote:
            head = chunk[:quote.start()].strip()
            if head and _name_like(head):
                taken += head
                return taken.strip(), line[len(taken):].strip(" ,")
            break
        if chunk and not _name_like(chunk):
            break
        taken += chunk + (chunks[i + 1] if i + 1 < len(chunks) else "")
    return taken.strip(" ,"), line[len(taken):].strip(" ,")


def _name_like(chunk: str) -> bool:
    words = chunk.split()
    return len(words) <= 5 and all(w[:1].isupper() or w in _NAME_WORDS or _INITIALS.match(w) for w in words)


def parse_authors(block: str) -> tuple[str, ...]:
    """ "Alba, F. and P. Leite" -> ("Alba, F.", "Leite, P."); a corporate author stays whole ("Banco de México")."""
    block = re.sub(r"\*|\((?:eds?|comps?|coords?)\.\)|,?\s+(?:eds?|comps?)\.?$", "", block.strip()).strip(" ,")
    block = re.sub(r",?\s*et\s+al\.?$", "", block).strip(" ,")
    block = re.sub(r"(?:(?<=[a-záéíóúñ]{2})|(?<=[A-Z]{2})|(?<=\]))\.$", "", block)  # APA's "World Bank. (2020)"
    if not block or _REPEAT.match(block):
        return ()
    chunks = re.split(r"(?<=\.),?\s+(?:and|y|&)\s+|,\s+(?:and|&)\s+|\s+(?:and|&)\s+(?=[A-Z]\.)|,\s+", block)
    authors: list[list[str]] = []
    for chunk in (c.strip() for c in chunks if c.strip()):
        natural = re.match(r"^((?:[A-ZÁÉÍÓÚÑ]\.\s?-?)+)\s*(\S.*)$", chunk)
        if _INITIALS.match(chunk) and authors:
            authors[-1][1] = authors[-1][1] or chunk
        elif natural:
            authors.append([natural.group(2), natural.group(1).strip()])
        else:
            own = re.match(r"^(.*?)\s+((?:[A-Z]\.\s?)+)$", chunk)
            authors.append([own.group(1), own.group(2).strip()] if own else [chunk, ""])
    return tuple(f"{name}, {initials}" if initials else name for name, initials in authors)


def _keys(entries: list[_Entry]) -> list[str]:
    """Readable doc-scoped keys: first surname, year, suffix; a second surname tells two same keys apart."""
    base = [f"{_slug(e.authors[0] if e.authors else 'Anon')}{e.year}{e.suffix}" for e in entries]
    keys = []
    for key, entry in zip(base, entries):
        if base.count(key) > 1 and len(entry.authors) > 1:
            key = f"{key}_{_slug(entry.authors[1])}"
        while key in keys:
            key += "x"
        keys.append(key)
    return keys


def _slug(author: str) -> str:
    import unicodedata
    surname = author.split(",")[0]
    folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z]", "", folded) or "Anon"


def _rstrip(section: str, end: int) -> int:
    while end > 0 and section[end - 1].isspace():
        end -= 1
    return end


def _fields(rest: str) -> dict[str, str]:
    """Title, container, volume/issue/pages, place/publisher and URL from the text after authors and year."""
    rest = rest.strip(" .,")
    url = re.search(r"https?://[^\s>]+", rest)
    title, after = _title(rest)
    vol = re.search(r"(\d+)\s*\((\d+)\)\s*[:,]\s*(?:pp?\.\s*)?(\d+\s*[-–:]\s*\d+)", after) or re.search(
        r"vol\.\s*(\d+),\s*no\.\s*(\d+)()", after, re.I) or re.search(
        r"^[^\d,]+,\s*(\d+)()(?:,\s*(\d+\s*[-–]\s*\d+))?\.?\s*(?:https?://\S*)?$", after)  # APA "Journal, 134, 1–15."
    pages = re.search(r"(?<![\d(])(\d+):(\d+[-–]\d+)", after)
    # "New York: Russell Sage Foundation." -> the whole publisher, up to the full stop that ends it
    place = re.search(r"(?:^|\.\s)([A-ZÁÉÍÓÚ][\w]+(?:\s[A-Z][\w]+){0,2}):\s*([^.:<]+?)\.?(?=\s*$|\.\s|\s*<)", after)
    container = re.sub(r"^In\s+", "", re.split(r"\s*(?:[,(]|\d|\.\s)", after, maxsplit=1)[0]).strip(" *.\"”")
    if _ACCESS.match(container):  # "Retrieved March 23, 2005, from <...>" says when a web page was read
        container = ""
    return {"title": title, "container": "" if place and after.startswith(place.group(1)) else container,
            "volume": vol.group(1) if vol else (pages.group(1) if pages else ""),
            "issue": vol.group(2) if vol else "", "pages": (vol.group(3) if vol else "") or (
                pages.group(2) if pages else ""),
            "publisher": place.group(2).strip() if place else "", "place": place.group(1) if place else "",
            "url": url.group(0).rstrip(".>") if url else ""}


def _title(rest: str) -> tuple[str, str]:
    """The title (quoted, starred or up to the first full stop) and the text after it."""
    quoted = re.match(r"^[\"“*]+(.+?)[\"”*]+[.,]?\s*(.*)$", rest)
    if quoted:
        return quoted.group(1).strip(" .,"), quoted.group(2)
    plain = re.match(r"^(.+?)(?:(?<!\bNo)(?<!\bno)(?<!\bpp)(?<!\bVol)(?<!\bvol)(?<!\bDr)\.\s+"
                     r"|,\s+(?=[A-Z][\w\s]*[,:])|$)(.*)$", rest)
    return (plain.group(1).strip(" .,"), plain.group(2)) if plain else (rest, "")
