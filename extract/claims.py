"""Documents -> numeric claims: each quantity in the running text with what, when and on whose authority.

Numbers in tables, the reference list, citations (years, page locators), headings, enumerators and
footnote labels are not claims. A sentence that only says "This figure ..." takes what it measures from
the sentence before it.
"""
from __future__ import annotations

import hashlib
import re
from typing import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Span

from corpus.normalise import is_table_line
from extract.citations import citation_spans, cited_regions
from extract.hedges import interval
from extract.measured import (counted_noun, population, quantity_phrase, subject_of, tokens_of, topic,
                              unit_for_count, vague)
from extract.periods import Period, periods
from extract.quantities import quantities
from models.records import Claim, Document, Quantity

_REFERENCES = re.compile(r"^\s*(references|bibliography|bibliografía|works cited|literature cited|"
                         r"referencias|sources cited)\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
_CONTEXT_SUBJECT = re.compile(r"^\s*(this|these|the|such|that)\s+(figure|figures|number|numbers|amount|sum|"
                              r"total|estimate|estimates|latter|former|data)\b", re.IGNORECASE)
_ENUMERATOR = re.compile(r"(^|\n)\s*\(?(\d{1,2}|[ivx]{1,4})[.)]\s+$", re.IGNORECASE)
_PAREN_ENUMERATOR = re.compile(r"\(\s*$")
# Quantities whose unit is time are claims only when stated as an amount, not as the span of a period.
_TIME_UNITS = {"year", "decade", "month", "week", "day"}
# Units of shares and multiples: a bare count never inherits them from a neighbouring number.
_NOT_COUNTS = {"percent", "percentage point", "fold", "ratio"}


def body_end(text: str) -> int:
    """Where the body ends: the heading of the reference list, else the end of the text."""
    m = _REFERENCES.search(text)
    return m.start() if m else len(text)


def paragraphs(text: str, end: int, exclude: Sequence[tuple[int, int]] = ()) -> Iterator[tuple[int, str]]:
    """(offset, text) of each prose paragraph before ``end``; table lines and the ``exclude`` spans
    (tables found by the table reader) are left to the table reader."""
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text[:end]):
        lines = [(m.start() + lm.start(), lm.group(0)) for lm in re.finditer(r"[^\n]+", m.group(0))]
        run: list[tuple[int, str]] = []
        for start, line in lines:
            if is_table_line(line) or any(s < start + len(line) and start < e for s, e in exclude):
                yield from _emit(run)
                run = []
            else:
                run.append((start, line))
        yield from _emit(run)


def _emit(run: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    if run:
        start = run[0][0]
        end = run[-1][0] + len(run[-1][1])
        yield start, run[0][1] if len(run) == 1 else _join_run(run, start, end)


def _join_run(run: list[tuple[int, str]], start: int, end: int) -> str:
    chars = [" "] * (end - start)
    for s, line in run:
        chars[s - start:s - start + len(line)] = line
    return "".join(chars)


def claims(doc: Document, *, nlp: Language, exclude: Sequence[tuple[int, int]] = ()) -> Iterator[Claim]:
    """Every numeric claim in the running text of ``doc``, in document order, outside the ``exclude`` spans."""
    paras = list(paragraphs(doc.text, body_end(doc.text), exclude))
    previous_topic, previous_unit = "", ""
    for (offset, para), parsed in zip(paras, nlp.pipe(p for _, p in paras)):
        for sent in parsed.sents:
            found = list(_sentence_claims(doc, sent, offset, previous_topic, previous_unit))
            previous_unit = next((c.unit for c in reversed(found) if c.unit and not c.currency), previous_unit)
            yield from found
            previous_topic = (found[0].quantity if found and found[0].quantity else topic(sent)) or previous_topic


def _sentence_claims(doc: Document, sent: Span, offset: int, previous_quantity: str, previous_unit: str
                     ) -> Iterator[Claim]:
    text = sent.text
    base = sent.start_char
    skip = cited_regions(text)
    found = [q for q in quantities(text) if not _not_a_claim(text, q, skip)]
    if not found:
        return
    years = [p for p in periods(text) if not any(s <= p.start < e for s, e in skip)]
    years = [p for p in years if not any(q.start <= p.start < q.end for q in found)]
    sources = list(citation_spans(text))
    refers_back = bool(_CONTEXT_SUBJECT.match(text))
    units: list[str] = []
    for i, q in enumerate(found):
        toks = tokens_of(sent, base + q.start, base + q.end)
        subject = subject_of(toks)
        unit = q.unit or unit_for_count(toks, subject) or _elided_unit(found[:i], units) or (
            previous_unit if refers_back and previous_unit not in _NOT_COUNTS else "")
        units.append(unit)
        measured = quantity_phrase(toks, subject)
        if (refers_back or vague(subject)) and previous_quantity:
            has_noun = counted_noun(toks) is not None
            measured = f"{measured}; {previous_quantity}" if has_noun and measured else previous_quantity
        first, last = _period_for(text, q, years, found, i)
        start, end = offset + base + q.start, offset + base + q.end
        low, high = interval(q.value_low if q.value_low is not None else q.value, q.precision, q.approx, q.hedge)
        if q.value_high is not None:
            high = interval(q.value_high, q.precision, q.approx, q.hedge)[1]
        yield Claim(
            claim_id=claim_id(doc.id, start, end), doc_id=doc.id, page=doc.page_at(start), char_start=start,
            char_end=end, text=q.text, value=q.value, value_low=q.value_low, value_high=q.value_high,
            precision=q.precision, interval_low=_round(low), interval_high=_round(high), unit=unit,
            currency=q.currency, scale=q.scale, hedge=q.hedge, approx=q.approx, period_start=first,
            period_end=last, period_basis="sentence" if first is not None else "", quantity=measured,
            population=population(measured + " " + text), source=_source_for(q, sources),
            sentence=text, sentence_start=offset + base, sentence_end=offset + base + len(text))


def _elided_unit(earlier: list[Quantity], units: list[str]) -> str:
    """A bare count after a count of something takes its unit: "385,000 individuals ... and 1.4 million"."""
    for q, unit in zip(reversed(earlier), reversed(units)):
        if unit and unit not in _NOT_COUNTS and not q.currency:
            return unit
    return ""


def claim_id(doc_id: str, start: int, end: int) -> str:
    """A stable id from the document id and offsets."""
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def _round(x: float) -> float:
    return float(f"{x:.12g}")


def _not_a_claim(text: str, q: Quantity, skip: list[tuple[int, int]]) -> bool:
    if any(s <= q.start < e for s, e in skip) and not q.unit:
        return True
    before = text[:q.start]
    if not q.unit and q.scale == 1.0 and (_ENUMERATOR.search(before) or (
            _PAREN_ENUMERATOR.search(before) and text[q.end:q.end + 1] == ")" and q.value < 30)):
        return True
    if not q.unit and q.start == 0 and re.match(r"\s+[A-Z]", text[q.end:]) and q.value < 100:
        return True  # a footnote's own number at the start of its text
    if "@" in text[max(0, q.start - 30):q.end + 30] and re.search(r"\S*@\S*", text[max(0, q.start - 30):q.end + 1]):
        return True
    if q.unit in _TIME_UNITS and re.search(r"\b(past|last|next|previous|over|during|for|within|first|recent)\s+"
                                            r"(\w+\s+)?$", before, re.IGNORECASE):
        return True  # "over the past 34 years" defines a period
    if q.unit == "year" and re.match(r"\s*(old|of age)\b", text[q.end:]) or re.search(r"\baged?\s+$", before, re.I):
        return True
    return False


def _period_for(text: str, q: Quantity, years: list[Period], found: list[Quantity], i: int
                ) -> tuple[int | None, int | None]:
    """The year expression governing ``q``: "from A to B" within a span takes its ends; else the nearest."""
    if not years:
        return None, None
    if i + 1 < len(found) and re.search(r"from\s+$", text[max(0, q.start - 6):q.start]) \
            and re.match(r"\s*to\s*$", text[q.end:found[i + 1].start]):
        span = _nearest(q, years)
        if span.first != span.last:
            return span.first, span.first
    if i > 0 and re.search(r"from\s+$", text[max(0, found[i - 1].start - 6):found[i - 1].start]) \
            and re.match(r"\s*to\s*$", text[found[i - 1].end:q.start]):
        span = _nearest(q, years)
        if span.first != span.last:
            return span.last, span.last
    p = _nearest(q, years)
    return p.first, p.last


def _nearest(q: Quantity, years: list[Period]) -> Period:
    """The nearest year expression, with those before the number preferred at equal clause distance."""
    def cost(p: Period) -> float:
        gap = q.start - p.end if p.end <= q.start else p.start - q.end
        return gap * (1.0 if p.end <= q.start else 1.6)
    return min(years, key=cost)


def _source_for(q: Quantity, sources: list) -> str:
    """The citation nearest after the number in its sentence, else the nearest before it."""
    after = [s for s in sources if s.start >= q.end]
    if after:
        return after[0].text
    before = [s for s in sources if s.end <= q.start]
    return before[-1].text if before else ""
