"""What a document says of itself as a work: title, authors and year, and a label every output names it by.

The sources, best first: a catalog row the user gave (``--catalog``), the file's own metadata (a PDF's
Title and Author, a Markdown YAML front matter), its title page (a Markdown H1, the first block of a text,
the name lines under it, a year on a short line of the title page: "No. 1 / 2006", "SEGUNDO SEMESTRE
2006"). Where no year is stated, the latest year the document cites or states its data for stands in, and
``year_basis`` says it was inferred.
"""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from claimledger.corpus.catalog import Entry, match
from claimledger.models.records import Citation, Claim, Document, DocumentInfo

_YEAR = re.compile(r"(?<![\d.,/-])(1[89]\d\d|20\d\d)(?![\d.,]\d)")
_HEADING = re.compile(r"^\s*(#+\s*)?(abstract|resumen|summary|introduction|keywords|contents)\b", re.I)
_AFFILIATION = re.compile(r"\b(universit\w*|universidad|institut\w*|college|department|dept\.|school|cent(er|re)|"
                          r"faculty|laborator\w*|autonomous|ministry|bank|corporation|inc\.|ltd)\b", re.I)
_PARTICLES = {"de", "del", "la", "las", "los", "y", "van", "von", "der", "da", "do", "dos", "di", "le", "du", "e"}
_PDF_JUNK = re.compile(r"^(microsoft word|untitled|document\d*|\S+\.(docx?|tex|dvi|pdf|indd|qxd))", re.I)


def stated_info(doc: Document) -> DocumentInfo:
    """Title, authors and year as the document itself gives them (no catalog, no inference)."""
    meta = {k.lower(): v for k, v in doc.info}  # a Markdown front matter, a PDF's document information
    raw = doc.text
    title = _pdf_field(meta.get("title", "")) or meta.get("h1", "") or _title_from_text(raw)
    authors = meta.get("authors") or _pdf_field(meta.get("author", "")) or _authors_from_text(raw, title)
    authors = "; ".join(a.strip() for a in re.split(r"\s*;\s*|\s+and\s+", authors) if a.strip())
    year = _int_year(meta.get("year") or meta.get("date", "")) or _title_page_year(raw)
    return DocumentInfo(doc.id, title=title, authors=authors, year=year, year_basis="stated" if year else "")


def inferred_year(citations: Iterable[Citation], claims: Iterable[Claim]) -> int | None:
    """The latest year a document cites or states its data for (a paper is no older than its sources)."""
    now = datetime.date.today().year
    years = [int(c.year[:4]) for c in citations if c.year[:4].isdigit()]
    years += [int(c.period_end) for c in claims if c.period_end is not None and c.period_end == c.period_end]
    years = [y for y in years if 1800 <= y <= now]
    return max(years) if years else None


def merge(stated: DocumentInfo, entry: Mapping[str, str] | None, inferred: int | None) -> DocumentInfo:
    """The catalog's fields over the document's own, then the inferred year where none is known."""
    entry = entry or {}
    title = entry.get("title") or stated.title
    authors = entry.get("authors") or stated.authors
    year, basis = stated.year, stated.year_basis
    if _int_year(entry.get("year", "")):
        year, basis = _int_year(entry.get("year", "")), "catalog"
    if year is None and inferred is not None:
        year, basis = inferred, "inferred"
    return DocumentInfo(stated.doc_id, title=title, authors=authors, year=year, year_basis=basis,
                        venue=entry.get("venue", "") or stated.venue)


def labelled(infos: Sequence[DocumentInfo]) -> list[DocumentInfo]:
    """Each document with a label unique in the run: "Delgado Wise & Márquez 2006 (000)"; a title or the file
    stem where no author is known. The part in brackets is the shortest readable form of the id that no other
    document of the run shares (the stem without its hash suffix, else the whole stem)."""
    shorts = {i.doc_id: _short_id(i.doc_id) for i in infos}
    taken = [s for s in shorts.values()]
    out = []
    for info in infos:
        short = shorts[info.doc_id] if taken.count(shorts[info.doc_id]) == 1 else info.doc_id
        who = author_names(info.authors) or _short_title(info.title)
        year = f" {info.year}" if info.year else ""
        label = f"{who}{year} ({short})" if who else f"{short}{year}"
        out.append(DocumentInfo(info.doc_id, info.title, info.authors, info.year, info.year_basis, info.venue,
                                label))
    return out


def author_names(authors: str) -> str:
    """Authors as a citation names them: "Delgado Wise & Márquez", "Smith et al."."""
    names = [_surname(a) for a in re.split(r";|\band\b|&", authors) if a.strip()]
    names = [n for n in names if n]
    if len(names) >= 3:
        return f"{names[0]} et al."
    return " & ".join(names)


def _surname(name: str) -> str:
    """The family name of one author: before a comma ("Smith, J."), else all but the first given name and
    initials ("Raúl Delgado Wise" -> "Delgado Wise"; "John A. Smith" -> "Smith")."""
    name = " ".join(re.sub(r"[*†‡\d]", "", name).split())
    if "," in name:
        return name.split(",")[0].strip()
    words = [w for w in name.split() if not re.fullmatch(r"[A-Z]\.?(-[A-Z]\.?)?", w)]
    if len(words) <= 1:
        return words[0] if words else ""
    return " ".join(_case(w) for w in words[1:])


def _case(word: str) -> str:
    return word.title() if word.isupper() and len(word) > 2 else word


def _short_id(doc_id: str) -> str:
    m = re.fullmatch(r"(.+?)[_-][0-9a-f]{8,}", doc_id)
    return m.group(1) if m else doc_id


def _short_title(title: str) -> str:
    words = title.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


def _pdf_field(value: str) -> str:
    value = " ".join(value.split())
    return "" if not value or _PDF_JUNK.match(value) else value


def _int_year(value: str) -> int | None:
    m = _YEAR.search(str(value))
    return int(m.group(1)) if m else None


def _title_page(text: str) -> list[str]:
    """The title page's blocks: blank-line-separated blocks before the first heading (at most eight)."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text[:3000]):
        if _HEADING.match(block) or len(blocks) >= 8:
            break
        if block.strip():
            blocks.append(block.strip())
    return blocks


def _title_from_text(text: str) -> str:
    """The first block of the title page when it is short and reads as a title."""
    blocks = _title_page(text)
    if not blocks:
        return ""
    first = " ".join(blocks[0].split())
    if len(first) > 200 or first.endswith(".") or not re.search(r"[^\W\d_]{3}", first):
        return ""
    return first.title() if first.isupper() else first


def _authors_from_text(text: str, title: str) -> str:
    """The name lines after the title: two to four capitalised words each, an affiliation cut off."""
    names: list[str] = []
    for block in _title_page(text)[1:4]:
        for line in block.splitlines():
            cut = _AFFILIATION.search(line)
            line = line[:cut.start()] if cut else line
            words = re.sub(r"[*†‡\d]", "", line).split()
            if 2 <= len(words) <= 4 and all(w[0].isupper() or w.lower() in _PARTICLES for w in words):
                names.append(" ".join(_case(w) for w in words))
        if names:
            break
    return "; ".join(names)


def _title_page_year(text: str) -> int | None:
    """A year on a short line of the title page (not in prose): "No. 1 / 2006", "© 2007", a running head."""
    now = datetime.date.today().year
    years = [int(m.group(1)) for block in _title_page(text) for line in block.splitlines()
             if len(line) < 120 for m in _YEAR.finditer(line)]
    years = [y for y in years if y <= now]
    return max(years) if years else None


def document_infos(documents: Sequence[Document], entries: Mapping[str, Entry], citations: Iterable[Citation],
                   claims: Iterable[Claim], bundled: Mapping[str, Entry] | None = None) -> list[DocumentInfo]:
    """Every document's info, catalog first (the user's ``entries``, matched by id or title, then the
    ``bundled`` papers' catalog, by id only), then what it states, then the inferred year; labelled."""
    cites: dict[str, list[Citation]] = defaultdict(list)
    for c in citations:
        cites[c.doc_id].append(c)
    stated_claims: dict[str, list[Claim]] = defaultdict(list)
    for cl in claims:
        stated_claims[cl.doc_id].append(cl)
    stated = {d.id: stated_info(d) for d in documents}
    titles = {d: s.title for d, s in stated.items()}
    matched = {**match(bundled or {}, titles, by_title=False), **match(entries, titles)}
    infos = []
    for d in sorted(documents, key=lambda d: d.id):
        e = matched.get(d.id)
        row = {"title": e.title, "authors": e.authors, "year": str(e.year or ""), "venue": e.venue} if e else None
        infos.append(merge(stated[d.id], row, inferred_year(cites[d.id], stated_claims[d.id])))
    return labelled(infos)
