"""In-text citations: author–year "(Conapo, 2004a)", "Conapo (2004b)", "(Moctezuma, 2000: 88-93)"; numbered "[12]",
"[3, 5]", "[1-3]", "[12, p. 4]" where the document's reference list is numbered.

Parenthetical citations may hold several works ("(Dussel, 2003; Dussel, Galindo, and Loría, 2003)"),
lead-ins ("see, for example,", "inter alia"), "et al.", year suffixes, several years for one author and page
locators ("1994:8", "2000, p. 275"); narrative citations put the year alone in parentheses after the name
("According to Dussel (2005)", "Carlos Tello (1996, p. 50)"). Hand-written regular expressions: no maintained
library reads author–year citations out of running text.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimledger.extract.references import reference_section
from claimledger.extract.references_numbered import markers
from claimledger.models.records import Citation, Document

_UPPER = "A-ZÁÉÍÓÚÑÜÀÈÇ"
_WORD = rf"[{_UPPER}][\w'’]*(?:[-–][\w'’]+)*"
_PARTICLE = r"(?:de\s+la|de\s+los|de|del|la|da|dos|van|von|der|y|of)"
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD})*"
_ET_AL = r"\s*,?\s+\*?et\s+al\.?\*?"
_ACRONYM = rf"\s*\[[{_UPPER}]{{2,}}\]"  # APA's first citation of a corporate author: "Instituto ... [INEGI], 2005"
_AUTHORS = rf"{_NAME}(?:{_ACRONYM})?(?:\s*,\s*{_NAME})*(?:\s*,?\s+(?:and|&)\s+{_NAME})?(?:{_ET_AL})?"
# Works cited here are modern: a year before 1950 in parentheses is a date ("Independence (1810)").
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)[a-z]?(?![\w–-])"
_LOCATOR = r"(?:\s*[:,]\s*(?:pp?\.\s*)?(?P<loc>\d[\d.]*(?:\s*[-–]\s*\d+)?))?"
_MORE = rf"(?P<more>(?:\s*,\s*{_YEAR})*)"
_DATE = r"(?:\d{1,2}\s+[A-Z][a-z]+\s+)?"  # a periodical cited by issue date: "(Question, 3 March 2005)"
_ITEM = re.compile(rf"(?P<authors>{_AUTHORS})(?:\s*,\s*{_DATE}|\s+)(?P<year>{_YEAR}){_MORE}{_LOCATOR}")
_NARRATIVE = re.compile(rf"(?P<authors>{_AUTHORS})\s+\((?P<year>{_YEAR}){_MORE}{_LOCATOR}\s*\)")
_PAREN = re.compile(r"\(([^()]{4,400})\)")
# "[12]", "[3, 5]", "[1-3]", "[2,4-6]", "[12, p. 4]": only square brackets, so "(3)" (an equation) is never one
_RANGE = r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?"
_NUMBERED = re.compile(rf"\[(?P<nums>{_RANGE}(?:\s*[,;]\s*{_RANGE})*)(?:\s*,\s*(?:pp?\.|ch\.|sec\.|§)\s*(?P<loc>\d+"
                       r"(?:\s*[-–]\s*\d+)?))?\]")
_LONGEST_RANGE = 50  # "[1-3]" is three works; "[1-400]" is not a citation
# Capitalised words that open a sentence or a source line, not a name: "As Durand (2005)", "Source: UN (2004)".
_NOT_NAMES = {"As", "According", "In", "See", "Source", "Sources", "The", "Note", "While", "For", "By", "Both",
              "Also", "Thus", "Like", "And", "But", "Data", "From", "Figures", "Since", "Following", "Cf", "Of",
              # sentence adverbs: "Finally, Johnson (2014)" cites Johnson
              "Finally", "However", "Moreover", "Furthermore", "Similarly", "Recently", "Indeed", "Here", "Hence",
              "Therefore", "Notably", "Later", "Next", "Instead", "Likewise", "Conversely", "Then", "Further",
              "Yet", "Still", "Again", "Earlier", "Previously", "Additionally", "Specifically", "Importantly"}


@dataclass(frozen=True)
class CitationSpan:
    """One cited work in the text: offsets, text as written, authors, year (with suffix), page locator, and the
    number of a numbered citation ("" for author–year)."""

    start: int
    end: int
    text: str
    authors: str
    year: str
    locator: str
    number: str = ""


def citation_spans(text: str) -> Iterator[CitationSpan]:
    """Every author–year citation in ``text``, one per cited work, left to right."""
    found: list[CitationSpan] = []
    for paren in _PAREN.finditer(text):
        for item in _ITEM.finditer(text, paren.start(1), paren.end(1)):
            found.extend(_spans(text, item, item.start("authors")))
    for m in _NARRATIVE.finditer(text):
        start = _name_start(text, m)
        if start is not None and not any(c.start <= m.start("year") < c.end for c in found):
            found.extend(_spans(text, m, start))
    yield from sorted(found, key=lambda c: (c.start, c.year))


def _spans(text: str, m: re.Match[str], start: int) -> Iterator[CitationSpan]:
    """One span per year of a match: "Portes, 2004, 2005" cites two works of one author."""
    authors = " ".join(text[start:m.end("authors")].split())
    written = " ".join(text[start:m.end()].split())
    years = [m.group("year")] + re.findall(_YEAR, m.group("more") or "")
    for year in years:
        yield CitationSpan(start, m.end(), written, authors, year, (m.group("loc") or "").strip())


def _name_start(text: str, m: re.Match[str]) -> int | None:
    """Where the cited name begins: after the last opening word ("According", "As", "Source") or heading."""
    start = begin = m.start("authors")
    words = list(re.finditer(r"\S+", text[begin:m.end("authors")]))
    for word in words[:-1]:  # a heading in capitals run into the sentence ("...OF INTEGRATION As Durand")
        written = word.group(0)
        adverb = written.endswith("ly,")  # "Interestingly, Smith (2004)"
        if written.rstrip(",:") in _NOT_NAMES or adverb or written.isupper() and len(written) > 5:
            start = begin + word.end()
    name = text[start:m.end("authors")]
    return start + len(name) - len(name.lstrip()) if name.strip() else None


def cited_regions(text: str) -> list[tuple[int, int]]:
    """The character ranges that belong to citations (their years and page locators are not claims)."""
    regions = [(m.start(), m.end()) for m in _PAREN.finditer(text) if _ITEM.search(m.group(1))]
    regions += [(c.start, c.end) for c in citation_spans(text)]
    return regions


def author_names(authors: str) -> list[str]:
    """The names of a citation's authors: "Dussel, Galindo, and Loría" gives three, "et al." is dropped."""
    authors = re.sub(_ET_AL + r"\s*$", "", authors)
    return [n.strip() for n in re.split(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+", authors) if n.strip()]


def citations(doc: Document) -> Iterator[Citation]:
    """The in-text citations of a document, footnotes and endnotes included, its reference list skipped."""
    start, end = reference_section(doc.text)
    for span in citation_spans(doc.text):
        if start <= span.start < end:
            continue
        yield Citation(citation_id=_citation_id(doc.id, span.start, span.year), doc_id=doc.id,
                       char_start=span.start, char_end=span.end, text=span.text,
                       authors="; ".join(author_names(span.authors)), year=span.year, locator=span.locator)
    entries = markers(doc.text[start:end])
    if entries:  # a numbered list: its numbers are what the text cites
        for span in numbered_spans(doc.text, max(n for n, _, _ in entries), 0, start):
            yield Citation(citation_id=_citation_id(doc.id, span.start, f"n{span.number}"), doc_id=doc.id,
                           char_start=span.start, char_end=span.end, text=span.text, authors="", year="",
                           locator=span.locator, number=span.number)


def numbered_spans(text: str, entries: int, start: int = 0, end: int | None = None) -> Iterator[CitationSpan]:
    """Every cited number of ``text[start:end]`` in brackets, ranges expanded and lists split, the number in
    ``number``; a bracket naming 0 or a number past the list's ``entries`` (an interval
    "[0, 1]", "[2, 64]") is not a citation at all."""
    for m in _NUMBERED.finditer(text, start, len(text) if end is None else end):
        numbers = _expand(m.group("nums"))
        if numbers and all(1 <= n <= entries for n in numbers):
            for n in numbers:
                yield CitationSpan(m.start(), m.end(), m.group(0), "", "", (m.group("loc") or "").strip(), str(n))


def _expand(nums: str) -> list[int]:
    """ "2,4-6" -> [2, 4, 5, 6]; [] when a range runs backwards or too far."""
    found: list[int] = []
    for part in re.split(r"\s*[,;]\s*", nums):
        low, _, high = part.replace("–", "-").partition("-")
        first, last = int(low), int(high or low)
        if last < first or last - first > _LONGEST_RANGE:
            return []
        found.extend(range(first, last + 1))
    return found


def _citation_id(doc_id: str, start: int, year: str) -> str:
    digest = hashlib.sha1(f"{doc_id}:{start}:{year}".encode()).hexdigest()[:12]
    return f"{doc_id}:c{start}-{digest[:4]}"
