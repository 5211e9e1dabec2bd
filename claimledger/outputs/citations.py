"""Citation outputs: ``citations.csv``, ``references.csv``, ``references.bib`` and the dangling listing.

``references.bib`` holds one entry per work (``work_id``), written with bibtexparser 2, so a work cited in
three papers appears once, with the reference ids that name it in its ``note``.
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from claimledger.models.choices import check_doc
from claimledger.models.errors import LedgerNotFound, reading
from claimledger.models.records import Citation, Reference
from claimledger.outputs.atomic import write_text

CITATION_COLUMNS = ["citation_id", "doc_id", "char_start", "char_end", "text", "authors", "year", "locator",
                    "number", "reference_id", "confidence"]
REFERENCE_COLUMNS = ["reference_id", "doc_id", "work_id", "raw", "authors", "year", "suffix", "number", "title",
                     "container", "volume", "issue", "pages", "publisher", "place", "url", "char_start", "char_end"]


def citation_rows(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Citations as dict rows, by document and offset."""
    ordered = sorted(citations, key=lambda c: (c.doc_id, c.char_start, c.year))
    return [{k: dataclasses.asdict(c)[k] for k in CITATION_COLUMNS} for c in ordered]


def reference_rows(references: Iterable[Reference]) -> list[dict[str, Any]]:
    """References as dict rows, by document and position in its list."""
    ordered = sorted(references, key=lambda r: (r.doc_id, r.char_start))
    rows = [{k: dataclasses.asdict(r)[k] for k in REFERENCE_COLUMNS} for r in ordered]
    for row in rows:  # a year is a number; its suffix letter has its own column, "n.d." none
        row["year"] = int(row["year"]) if row["year"].isdigit() else None
    return rows


def write_citations(out: Path, citations: Sequence[Citation], references: Sequence[Reference]) -> None:
    """Write citations.csv, references.csv and references.bib into ``out``."""
    from claimledger.outputs.ledger import write_csv

    write_csv(out / "citations.csv", citation_rows(citations), CITATION_COLUMNS)
    write_csv(out / "references.csv", reference_rows(references), REFERENCE_COLUMNS)
    write_text(out / "references.bib", bibtex(references))


def bibtex(references: Iterable[Reference]) -> str:
    """One BibTeX entry per work, from its first entry (by document), keyed author-year (``agunias2006``,
    ``conapo2004a``), unique in the file: what Zotero, JabRef and biber import as they are."""
    works: dict[str, list[Reference]] = {}
    for ref in sorted(references, key=lambda r: (r.doc_id, r.char_start)):
        works.setdefault(ref.work_id or ref.reference_id, []).append(ref)
    library = bibtexparser.Library()
    taken: set[str] = set()
    for work_id in sorted(works, key=lambda w: (bib_key(works[w][0]), w)):
        key = _unique(bib_key(works[work_id][0]), taken)
        library.add(_entry(key, works[work_id]))
    return bibtexparser.write_string(library)


def bib_key(ref: Reference) -> str:
    """The author-year key of a reference: first author's surname folded to ASCII letters, year, suffix
    ("Banco de México" 2005 -> ``bancodemexico2005``; "n.d." -> ``conapond``)."""
    first = re.split(r"[(\[]", ref.authors.split(";")[0].split(",")[0] or "anon")[0]  # "RIMyD (Red ...)", "[INEGI]"
    folded = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    year = ref.year if ref.year.isdigit() else "nd"
    return f"{re.sub(r'[^a-z]', '', folded) or 'anon'}{year}{ref.suffix.lower()}"


def _unique(key: str, taken: set[str]) -> str:
    """``key``, or with the next free letter after it where two works share it (as biblatex's extradate)."""
    found = key
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    while found in taken:
        found = key + next(letters)
    taken.add(found)
    return found


# What the reference says it is, read from the entry as written (the parsed container is not reliable enough
# to decide: "Retrieved March 23, 2005, from <...>" is no book).
_ONLINE = re.compile(r"\b(?:retrieved|accessed|consultado|recuperado|consulted)\b", re.I)
_REPORT = re.compile(r"\b(?:working paper|discussion paper|documento de trabajo|report|informe|technical paper"
                     r"|policy brief|serie de documentos|LC/[A-Z]+)", re.I)
_PRESENTED = re.compile(r"\b(?:paper presented|ponencia presentada|presented at)\b", re.I)
_IN_BOOK = re.compile(r"(?:(?:^|[\s.,”\"])(?:In|in|en|En):?\s+(?P<editors>[^\"“”]{2,160}?)\s*[,(]\s*"
                      r"(?i:coordinador(?:es)?|compiladores|editors?|coords?|comps?|eds?)\b\.?\)?[.,]?\s*"
                      r"(?P<book>[^.(]+)"
                      r"|\bIn\s+(?P<book2>[^,]{3,200}),\s+edited by\s+(?P<editors2>[^,.]+))")  # Chicago
# Where a book title ends in a year-last entry: "México en América, Vol. II, Mexico, UAS, 1998"
_BOOK_END = re.compile(r",\s*(?:Vol\b|Volumen\b|Mexico\b|México\b|\d).*$")
# A journal's issue as the papers write it: "no. 5", "(322):5-14", "vol. 27", "50, 4, April 2000", "28."
_ISSUE = re.compile(r"\bno\.\s*\d+|\(\d+\)\s*:|\bvol\.\s*\d+|,\s*\d+,\s*\d+,|[”\"]\.?\s+[^.,]+,?\s+\d+\.?$", re.I)
_PUBLISHER = re.compile(r"\b(?:coed\.|editorial|press|universidad|university|siglo xxi|porrúa|fondo de cultura)", re.I)
_THESIS = re.compile(r"\b(?:tesis|thesis|dissertation)\b", re.I)
_DATE = re.compile(r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
                   r"|December)\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]


def entry_type(ref: Reference) -> str:
    """The BibTeX entry type of a reference: online (a web page with "Retrieved ..."), report (working paper,
    report, "Documento de trabajo"), incollection ("In: ... (eds.)"), article (a journal with volume, issue or
    pages), book (a publisher and no container), thesis, misc (a paper presented at a meeting, the rest)."""
    raw = ref.raw
    if _ONLINE.search(raw) and ref.url:
        return "online"
    if _IN_BOOK.search(raw):
        return "incollection"
    if _THESIS.search(raw):
        return "thesis"
    if _PRESENTED.search(raw):
        return "misc"
    if ref.container and (ref.volume or ref.issue or ref.pages):  # a journal's "Report" in a title stays an article
        return "article"
    if _REPORT.search(raw):
        return "report"
    if ref.container and _ISSUE.search(ref.raw):
        return "article"
    if ref.publisher or ref.place or _PUBLISHER.search(ref.raw):
        return "book"
    return "online" if ref.url else "misc"


def _entry(key: str, refs: list[Reference]) -> Entry:
    ref = refs[0]
    kind = entry_type(ref)
    values = {"author": " and ".join(_name(a) for a in ref.authors.split(";") if a.strip()),
              "year": ref.year if ref.year.isdigit() else "", "title": _text(ref.title),
              "url": ref.url.replace("{", "%7B").replace("}", "%7D"),
              "note": _text("cited as " + ", ".join(r.reference_id for r in refs))}
    values.update(_kind_fields(kind, ref))
    fields = [Field(k, v) for k, v in values.items() if v]
    return Entry(kind, key, fields)


def _kind_fields(kind: str, ref: Reference) -> dict[str, str]:
    """The fields of one entry type, each where it belongs (a journal is no booktitle, a book has none)."""
    where = {"publisher": _text(ref.publisher), "address": _text(ref.place)}
    if kind == "article":
        return {"journal": _text(ref.container), "volume": ref.volume, "number": ref.issue, "pages": ref.pages}
    if kind == "incollection":
        found = _IN_BOOK.search(ref.raw)
        book = _BOOK_END.sub("", found.group("book") or found.group("book2")).strip(" *,") if found else ref.container
        editors = parse_editors(found.group("editors") or found.group("editors2")) if found else ""
        return {"booktitle": _text(book), "editor": editors, "pages": ref.pages, **where}
    # APA 7 names a publisher without its place ("Oxford University Press."), which the parse reads as a container
    publisher = ref.publisher or (ref.container if not _REPORT.search(ref.container) else "")
    if kind == "report":
        kind_words = _REPORT.search(ref.raw)
        return {"type": kind_words.group(0) if kind_words else "", "institution": _text(publisher),
                "address": _text(ref.place)}
    if kind == "online":
        accessed = _DATE.search(ref.raw)
        return {"urldate": f"{accessed['year']}-{_MONTHS.index(accessed['month'].lower()) + 1:02d}-"
                           f"{int(accessed['day']):02d}" if accessed else ""}
    if kind == "misc":
        presented = _PRESENTED.search(ref.raw)
        return {"howpublished": _text(ref.raw[presented.start():].rstrip(" .,")) if presented else ""}
    return {**where, "publisher": _text(publisher)} if kind == "book" else {}


def parse_editors(block: str) -> str:
    """Editors as BibTeX names: "Delgado Wise, R. and B. Knerr" -> "Delgado Wise, R. and Knerr, B."."""
    from claimledger.extract.references import parse_authors

    pieces = [p for p in re.split(r",?\s+(?:and|&|y)\s+", block.strip()) if p.strip()]
    names = [re.sub(r"^((?:[A-ZÁÉÍÓÚÑ][\w-]*\s+)+)([A-ZÁÉÍÓÚÑ][\w-]+)$", r"\2, \1", a).strip()  # "Ana Ruiz"
             for piece in pieces for a in parse_authors(piece)]
    return " and ".join(_name(a) for a in names)


def _name(author: str) -> str:
    """A person as "Surname, I."; a corporate author (no comma: "Banco de México") braced, so a reference
    manager keeps it one name instead of reading "México, Banco de"."""
    author = _text(author.strip())
    return author if "," in author else "{" + author + "}"


def _text(value: str) -> str:
    """A field value BibTeX reads as written: braces balanced away, TeX's special characters escaped."""
    value = value.replace("{", "(").replace("}", ")")
    return re.sub(r"(?<!\\)([&%#$_])", r"\\\1", value)


def read_citations(ledger: Path, doc: str | None = None) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The citations and references of a finished run, optionally of one document (id or its prefix)."""
    paths = [ledger / "citations.csv", ledger / "references.csv"]
    for path in paths:
        if not path.exists():
            raise LedgerNotFound(f"{ledger}: no finished run here ({path.name} missing); run `claimledger run` first")
    rows = [_read_csv(p) for p in paths]
    if doc:
        from claimledger.outputs.ledger import connect_ledger

        with contextlib.closing(connect_ledger(ledger, ("documents",))) as db:
            check_doc(doc, (d for d, in db.execute("select doc_id from documents")))
        rows = [[r for r in part if r["doc_id"].startswith(doc)] for part in rows]
    return rows[0], rows[1]


def _read_csv(path: Path) -> list[dict[str, str]]:
    from claimledger.outputs.ledger import unneutralised

    with reading(path), path.open(encoding="utf-8", newline="") as f:
        return [{k: unneutralised(v) for k, v in row.items()} for row in csv.DictReader(f)]


def dangling(citations: list[dict[str, str]], references: list[dict[str, str]]
             ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Citations that resolved to no entry, and entries that no citation resolved to."""
    cited = {c["reference_id"] for c in citations if c["reference_id"]}
    return [c for c in citations if not c["reference_id"]], [r for r in references if r["reference_id"] not in cited]


def render(citations: list[dict[str, str]], references: list[dict[str, str]], only_dangling: bool) -> str:
    """The listing ``claimledger citations`` prints: one line per citation, or the dangling and uncited."""
    if not only_dangling:
        return "\n".join(f"{c['doc_id']}\t{c['text']}\t-> {c['reference_id'] or '(dangling)'}\t{c['confidence']}"
                         for c in citations)
    loose, uncited = dangling(citations, references)
    lines = [f"dangling citations ({len(loose)}):"]
    lines += [f"  {c['doc_id']}\t{c['text']}\t(offset {c['char_start']})" for c in loose]
    lines += [f"uncited references ({len(uncited)}):"]
    lines += [f"  {r['doc_id']}\t{r['reference_id'].split(':', 1)[-1]}\t{r['raw'][:90]}" for r in uncited]
    return "\n".join(lines)
