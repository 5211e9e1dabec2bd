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

CITATION_COLUMNS = ["citation_id", "doc_id", "char_start", "char_end", "text", "authors", "year", "suffix",
                    "locator", "number", "reference_id", "confidence"]
REFERENCE_COLUMNS = ["reference_id", "doc_id", "work_id", "raw", "authors", "year", "suffix", "number", "title",
                     "container", "volume", "issue", "pages", "publisher", "place", "url", "char_start", "char_end"]


def citation_rows(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Citations as dict rows, by document and offset."""
    ordered = sorted(citations, key=lambda c: (c.doc_id, c.char_start, c.year))
    rows = []
    for citation in ordered:
        row = dataclasses.asdict(citation)
        # a year is a number, as in references: "2004a" is year 2004, suffix "a"; "n.d." has no year
        found = re.fullmatch(r"(\d{4})([a-z]*)", citation.year)
        row["year"], row["suffix"] = (int(found.group(1)), found.group(2)) if found else (None, "")
        rows.append({k: row[k] for k in CITATION_COLUMNS})
    return rows


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
    # Two works with one key: the one cited first (by document, then place) keeps it, the other gets a letter
    first = {w: (bib_key(refs[0]), refs[0].doc_id, refs[0].char_start, w) for w, refs in works.items()}
    for work_id in sorted(works, key=first.__getitem__):
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
    """``key``, or the author-year stem with the next free letter where two works share it (as biblatex's
    extradate): ``conapo2004b`` taken gives ``conapo2004c``, never ``conapo2004ba``, which no reader takes for
    author-year."""
    stem, letter = (key[:-1], key[-1]) if re.search(r"(?:\d{4}|nd)[a-z]$", key) else (key, "")
    found = key
    letters = (c for c in "abcdefghijklmnopqrstuvwxyz" if c > letter)
    while found in taken:
        found = stem + next(letters, "")
        if found == stem:  # 26 works with one author and year: the file stays unique, the key gets a number
            found = f"{stem}{len(taken)}"
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
# A meeting named without "paper presented at" (004: '"Migration and Development ...", CEPAL, Simposio sobre
# migración internacional en la Américas, Costa Rica, September 4-6, 2000.'), and published proceedings
_MEETING = re.compile(r"\b(?:seminar|seminario|simposio|symposium|conference|conferencia|congress|congreso|foro"
                      r"|meeting|workshop|coloquio|colloquium)\b", re.I)
_PROCEEDINGS = re.compile(r"\b(?:proceedings|memorias|actas)\b", re.I)
# A journal's number written after its name and no year ("Problemas del Desarrollo 111, October-December 1997";
# "Cuadernos Agrarios, nueva época, 19-20, Mexico, 2000"): one to three digits, a range of them, then , or .
_TRAILING_NUMBER = re.compile(r"^[^\d\"“”()]*?\s(?P<number>\d{1,3}(?:[-–]\d{1,3})?)(?=\s*[,.]|\s*$)")
_DATE = re.compile(r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
                   r"|December)\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})")
_MONTH_BEFORE = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
                           r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
                           r"|diciembre)\s+$", re.I)
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
    after = _after_title(ref)
    if _PROCEEDINGS.search(after) and ref.container:
        return "inproceedings"
    if _MEETING.search(after) and not (ref.volume or ref.issue or ref.pages):
        return "misc"
    if ref.container and (ref.volume or ref.issue or ref.pages):  # a journal's "Report" in a title stays an article
        return "article"
    if _REPORT.search(raw):
        return "report"
    if ref.container and (_ISSUE.search(ref.raw) or _journal_number(ref)):
        return "article"
    if ref.publisher or ref.place or _PUBLISHER.search(ref.raw):
        return "book"
    return "online" if ref.url else "misc"


def _after_title(ref: Reference) -> str:
    """What an entry says after its title (container, meeting, place, date), or all of it without a title."""
    at = ref.raw.find(ref.title) if ref.title else -1
    return ref.raw[at + len(ref.title):].strip(" \"“”'.,") if at >= 0 else ref.raw


def _journal_number(ref: Reference) -> str:
    """The number after a journal's name where the parse found none ("111", "19-20"), else ""."""
    at = ref.raw.find(ref.container) if ref.container else -1
    found = _TRAILING_NUMBER.match(ref.raw[at + len(ref.container):]) if at >= 0 else None
    if not found or _MONTH_BEFORE.search(found.string[:found.start("number")]):  # "La Jornada, November 11": a day
        return ""
    return found.group("number")


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
        return {"journal": _text(ref.container), "volume": ref.volume, "number": ref.issue or _journal_number(ref),
                "pages": ref.pages}
    if kind == "inproceedings":
        return {"booktitle": _text(ref.container), "pages": ref.pages, **where}
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
        meeting = _after_title(ref) if _MEETING.search(_after_title(ref)) else ""
        return {"howpublished": _text(ref.raw[presented.start():].rstrip(" .,") if presented else meeting)}
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
