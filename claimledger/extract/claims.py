"""Documents -> numeric claims: each quantity in the running text with what, when and on whose authority.

Numbers in tables, the reference list, citations (years, page locators), headings, enumerators and
footnote labels are not claims. A sentence that only says "This figure ..." takes what it measures from
the sentence before it.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Span

from claimledger.corpus.normalise import is_table_line
from claimledger.extract.canonical import canonical
from claimledger.extract.citations import citation_spans, cited_regions
from claimledger.extract.contents import contents_spans
from claimledger.extract.context_units import NOT_COUNTS, points_back, sentence_units
from claimledger.extract.counted import subject_of, tokens_of
from claimledger.extract.hedges import interval
from claimledger.extract.measured import (
    bracketed_share,
    continues,
    gapped_comparative,
    host_subject,
    lead_topic,
    list_place,
    measured,
    observed_among,
    partitive,
    partitive_count,
    place_after,
    share_words,
    topic,
    vague,
)
from claimledger.extract.periods import Period, periods
from claimledger.extract.phrases import vague_interval
from claimledger.extract.population import population, restated_for
from claimledger.extract.quantities import labelled_before, quantities
from claimledger.extract.references import APPENDIX
from claimledger.models.records import Claim, Document, Quantity, Sentence

_REFERENCES = re.compile(r"^\s*(references|bibliography|bibliografía|works cited|literature cited|"
                         r"referencias|sources cited)\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
# "By current estimates", "currently", "today": a period stated as the time of writing (the document's date,
# filled in once it is known: see ``dated``)
_NOW = re.compile(r"\b(current(ly)?\s+(estimates?|figures?|data|levels?)|currently|at present|presently|nowadays|"
                  r"today|at the time of writing)\b", re.IGNORECASE)
_IDIOM = re.compile(r"-(sum|sided|way|off|time|stop|size|liner|dimensional|tier|hand|handed|fold\s+increase)\b",
                    re.IGNORECASE)
_CLAUSE_BREAK_YEAR = re.compile(r"[;:]|,\s+(?:and|while|whereas|but)\b|\s(?:whereas|while)\s")
_OWN_YEAR = re.compile(r"\s*(?:\(|,\s*)?(?:in|for|during|by|as of)?\s*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;()\[\]]|\s[–—]\s|,\s+(?:and|but|while|whereas|including|of whom|of which)\b|"
                           r"\s(?:and|or)\s+(?=\S*\d)|"
                           r",\s+(?=[a-z]+\s+(?:is|are|was|were|has|have)\b)")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")
_NOTES = re.compile(r"^\s*(notes|endnotes|footnotes|notas)\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
_ENUMERATOR = re.compile(r"(^|\n)\s*\(?(\d{1,2}|[ivx]{1,4})[.)]\s+$", re.IGNORECASE)
_PAREN_ENUMERATOR = re.compile(r"\(\s*$")
_FOOTNOTE_LABEL = re.compile(r"(?m)^(\d{1,2}) (?=[A-Z])")
# Quantities whose unit is time are claims only when stated as an amount, not as the span of a period.
_TIME_UNITS = {"year", "decade", "month", "week", "day"}


def body_end(text: str) -> int:
    """Where the body ends: the heading of the reference list, else the end of the text."""
    m = _REFERENCES.search(text)
    return m.start() if m else len(text)


def prose_spans(text: str) -> list[tuple[int, int]]:
    """The parts of ``text`` that hold claims: the body, and what follows the reference list from its first
    endnotes or appendix heading on (an appendix after the references is read with its tables)."""
    end = body_end(text)
    if end >= len(text):
        return [(0, end)]
    notes = _NOTES.search(text, end)
    resume = [notes.end()] if notes else []
    resume += [start for start, _ in appendix_spans(text)]
    return [(0, end)] + ([(min(resume), len(text))] if resume else [])


def appendix_spans(text: str) -> list[tuple[int, int]]:
    """The appendix after the reference list, from its heading to the end of the text; empty if none."""
    end = body_end(text)
    m = APPENDIX.search(text, end) if end < len(text) else None
    return [(m.start(), len(text))] if m else []


def paragraphs(text: str, end: int, exclude: Sequence[tuple[int, int]] = (), begin: int = 0
               ) -> Iterator[tuple[int, str]]:
    """(offset, text) of each prose paragraph between ``begin`` and ``end``; table lines and the ``exclude``
    spans (tables found by the table reader) are left to the table reader."""
    for m in _PARAGRAPH.finditer(text, begin, end):
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


_WORD_DASH = re.compile(r"(?<=[^\W\d_])[–—](?=[^\W\d_])")
Parsed = tuple[int, Span]  # a parsed sentence and the offset of its paragraph in the document text


def parsed_sentences(doc: Document, *, nlp: Language, exclude: Sequence[tuple[int, int]] = ()) -> Iterator[Parsed]:
    """Every sentence of the running text of ``doc`` (outside the ``exclude`` spans), parsed, in order: what
    claims are read from and what versions are aligned by, parsed once for both."""
    exclude = [*exclude, *contents_spans(doc.text)]  # a table of contents' page numbers are no claims
    paras = [p for begin, end in prose_spans(doc.text) for p in paragraphs(doc.text, end, exclude, begin)]
    # a dash between two letters joins one word ("man–hour", "Three–for–One"), as a hyphen does; the parser
    # reads it as a clause break. One character for one, so every offset stays
    for (offset, text), parsed in zip(paras, nlp.pipe(_WORD_DASH.sub("-", p) for _, p in paras)):
        parsed.user_data["text"] = text  # as written: what numbers are read from
        for sent in parsed.sents:
            yield offset, sent


def written(sent: Span) -> str:
    """A parsed sentence's text as the document writes it (the parser saw its word dashes as hyphens)."""
    return str(sent.doc.user_data.get("text", sent.doc.text))[sent.start_char:sent.end_char]


def sentence_records(doc: Document, parsed: Iterable[Parsed]) -> Iterator[Sentence]:
    """The parsed sentences as :class:`Sentence` records, trimmed of white space; those without a word left out."""
    index = 0
    for offset, sent in parsed:
        text = sent.text
        if not re.search(r"[^\W\d_]{2,}", text):
            continue
        lead = len(text) - len(text.lstrip())
        start = offset + sent.start_char + lead
        yield Sentence(doc.id, index, start, start + len(text.strip()))
        index += 1


def claims(doc: Document, *, nlp: Language, exclude: Sequence[tuple[int, int]] = (),
           parsed: Iterable[Parsed] | None = None) -> Iterator[Claim]:
    """Every numeric claim in the running text of ``doc``, in document order, outside the ``exclude`` spans
    (from ``parsed``, the document's :func:`parsed_sentences`, when the caller has them already)."""
    previous_topic, previous_unit = "", ""
    previous_of: dict[str, str] = {}  # the previous sentence's first quantity of each unit
    notes = set(_FOOTNOTE_LABEL.findall(doc.text))
    for offset, sent in parsed if parsed is not None else parsed_sentences(doc, nlp=nlp, exclude=exclude):
        found = list(_sentence_claims(doc, sent, offset, previous_topic, previous_unit, notes, previous_of))
        previous_unit = next((c.unit for c in reversed(found) if c.unit and not c.currency
                              and c.unit not in NOT_COUNTS), previous_unit)
        yield from found
        previous_topic = (found[0].quantity if found and found[0].quantity else topic(sent)) or previous_topic
        previous_of = {c.currency or c.unit: c.quantity for c in reversed(found) if c.quantity} if found else {}


_POINTERS = frozenset({"they", "it", "this", "that", "these", "those"})  # "; this roughly equals one-third of ..."


def _sentence_claims(doc: Document, sent: Span, offset: int, previous_quantity: str, previous_unit: str,
                     notes: frozenset[str] | set[str] = frozenset(),
                     previous_of: Mapping[str, str] | None = None) -> Iterator[Claim]:
    """The claims of one sentence; ``previous_quantity`` is what the sentence before measured (its first
    figure's thing, or its topic), ``previous_of`` its figures' things by unit: "this proportion rises to 54%"
    points back to the sentence before's share, not to its first figure."""
    text = written(sent)
    base = sent.start_char
    skip = cited_regions(text)
    # what the document has before the sentence: a label the sentence splitter cut off ("in Fig. | 5 shows")
    before_sent = doc.text[max(0, offset + base - 60):offset + base]
    found = [q for q in quantities(text) if not _not_a_claim(text, q, skip)
             and not _footnote_marker(sent, q, notes)
             and not ((not q.unit or re.fullmatch(r"[A-Za-z]", q.unit_written)) and not text[:q.start].strip()
                      and labelled_before(before_sent))]  # "Fig. | 1H shows", "Fig. | 5 illustrates"
    if not found:
        return
    years = [p for p in periods(text) if not any(s <= p.start < e for s, e in skip)]
    years = [p for p in years if not any(q.start <= p.start < q.end for q in found)]
    sources = list(citation_spans(text))
    units = sentence_units(sent, found, previous_unit)
    said: list[tuple[int, str]] = []  # the quantity of each earlier claim of the sentence, at its offset
    listed = ""  # what the list of figures the previous one belongs to counts ("400,000, compared to ...")
    for i, (q, unit) in enumerate(zip(found, units)):
        toks = tokens_of(sent, base + q.start, base + q.end)
        subject = subject_of(toks)
        # "GDP in the US was 2.6 times that of Mexico, by 2004 the ratio had increased to 2.9", "the exports of
        # which increased 28-fold ..., when they accounted for": a vague noun or pronoun after an earlier
        # figure of the same sentence names that figure's thing
        earlier = [w for at, w in said if subject is not None and at < subject.idx - base and w]
        pointer = subject is not None and (subject.pos_ == "NOUN" and vague(subject)
                                           or subject.pos_ == "PRON" and subject.lower_ in _POINTERS)
        back = (pointer and (previous_of or {}).get(q.currency or unit)) or previous_quantity
        hosted = pointer and subject is not None and subject.pos_ == "PRON" and host_subject(subject)
        antecedent = earlier[-1] if earlier and pointer else (pointer and (lead_topic(toks) or hosted)) or back
        before = [w for at, w in said if w]
        place = list_place(text, found[i - 1].end, q.start, q.end) if before and i and unit == units[i - 1] \
            and q.currency == found[i - 1].currency else ""
        if place:  # "(400,000, compared to 390,000 for China ...)": the list's count, for its own place
            own = place_after(text, found[i - 1].end)
            listed = listed or (before[-1][:-len(own)].rstrip(" ;") if own and before[-1].endswith(own) else "") \
                or before[-1]
            what = f"{listed}; {place}"
        elif before and unit == units[i - 1] and gapped_comparative(text, q.start, q.end):
            what = before[-1]  # "5.7 times higher than those reported in Mexico in 1994, and 6.8 higher in 2004"
        elif (kin := [said[j][1] for j in range(i) if units[j] == unit and found[j].currency == q.currency
                      and said[j][1]]) and (among := observed_among(toks)):
            what = f"{kin[-1]}; {among}"  # "health coverage (46.4%) ..., in contrast to the 63.3% recorded among"
        elif before and continues(text[:q.start]):
            what = before[-1]  # "a deficit of US$2 billion in 1997, rising to more than US$8 billion in 2000"
        elif before and share_words(toks) and restates(text, found[i - 1], q):
            what = before[-1]  # "accounting for almost half the country's manufactured exports in 2000 (46%)"
        elif before and share_words(toks) and (of := bracketed_share(text, found[i - 1].end, q.start, q.end)):
            what = f"{before[-1]}; as a share of {of}"  # "of whom 2.9 million (18% of the total) are ..."
        else:
            # a share "of which" a list of figures stands for the list's own count, not its last item's place
            whole = (listed or before[-1]) if before and partitive(text[:q.start]) else ""
            # a pointer before the number ("This figure totals", "the figures are"), not one after it ("36.2% of
            # migrants work in industry, whereas in Mexico the figure is only 27.8%")
            what = measured(toks, subject, antecedent, points_back(text[:q.start]), whole)
            if antecedent and what.startswith(antecedent):
                what = restated_for(what, _clause(text, q, brackets=False))
            if whole and what in {"", antecedent} and (part := partitive_count(toks)):
                what = f"{part}; of {whole}"  # "..., of whom 2.9 million (18% of the total) are Mexican workers"
        if what and not _names_something(what) and (after := partitive_count(toks)):
            what = after  # "... and 40 percent were born in Mexico": not "percent of"
        said.append((q.start, what))
        listed = listed if place or not before else ""
        first, last = _period_for(text, q, years, found, i)
        start, end = offset + base + q.start, offset + base + q.end
        written_unit = q.unit_written if unit == q.unit else ""
        canonical_unit, dimension = canonical(unit, q.currency, written_unit)
        low, high = interval(q.value_low if q.value_low is not None else q.value, q.precision, q.approx, q.hedge)
        if q.value_high is not None:
            high = interval(q.value_high, q.precision, q.approx, q.hedge)[1]
        if q.kind == "vague":
            low, high = vague_interval(q.value)
        yield Claim(
            claim_id=claim_id(doc.id, start, end), doc_id=doc.id, page=doc.page_at(start), char_start=start,
            char_end=end, text=q.text, value=q.value, value_low=q.value_low, value_high=q.value_high,
            precision=q.precision, interval_low=_round(low), interval_high=_round(high), unit=unit,
            currency=q.currency, scale=q.scale, hedge=q.hedge, approx=q.approx, period_start=first,
            period_end=last, period_basis="sentence" if first is not None else "now" if _NOW.search(text) else "",
            quantity=what,
            population=population(what + " " + _clause(text, q)), source=_source_for(q, sources),
            # the sentence as the document has it (a blank line the paragraph joined over is kept)
            sentence=doc.text[offset + base:offset + base + len(text)], sentence_start=offset + base,
            sentence_end=offset + base + len(text), unit_written=written_unit,
            unit_canonical=canonical_unit, dimension=dimension)


def dated(found: Iterable[Claim], years: Mapping[str, int | None]) -> Iterator[Claim]:
    """Claims stated for the time of writing ("By current estimates, almost 22 million ...") with their
    document's year as their period (``period_basis`` ``document``); the others as they are."""
    for c in found:
        year = years.get(c.doc_id) if c.period_basis == "now" else None
        if c.period_basis == "now":
            c = replace(c, period_start=year, period_end=year, period_basis="document" if year else "")
        yield c


def _clause(text: str, q: Quantity, brackets: bool = True) -> str:
    """The words around a number up to the nearest clause breaks (a semicolon, a bracket, a dash, ", and"):
    where its population qualifiers are read, so that "26.6 million, including ... born in Mexico (10.2
    million)" does not give the 26.6 million the population of the 10.2. With ``brackets`` False, a bracket
    after the number is an aside the clause goes on past ("rises to 49% (59.9% first generation ...) if the
    full spectrum of the population of Mexican origin ...")."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, q.start)), default=0)
    after = text if brackets else text[:q.end] + re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text[q.end:])
    end = next((m.start() for m in _CLAUSE_BREAK.finditer(after, q.end)), len(text))
    return after[start:end]


def restates(text: str, previous: Quantity, q: Quantity) -> bool:
    """Whether a bracketed share at the end of its clause restates the share word of that clause ("almost half
    the country's manufactured exports in the year 2000 (46%)"): no other number but years between them."""
    gap = text[previous.end:q.start]
    return bool(re.search(r"(?:half|third|quarter|fifth|most|majority)\s*$", previous.text, re.IGNORECASE)) \
        and bool(re.fullmatch(r"[^()\d,;]*(?:\b(?:1[89]|20)\d\d\b[^()\d,;]*)*\(\s*", gap))


def claim_id(doc_id: str, start: int, end: int, n: int = 0) -> str:
    """A stable id from the document id and offsets (and, for the ``n``-th further claim on the same span,
    that ordinal)."""
    return hashlib.sha1(f"{doc_id}:{start}:{end}{f':{n}' if n else ''}".encode()).hexdigest()[:16]


def distinct(found: Iterable[Claim]) -> Iterator[Claim]:
    """The claims in their order, each id unique: a claim on a span that an earlier claim holds already (two
    tables read over one cell, a cell read twice) gets the next ordinal of that span. The first keeps its
    plain id, so ids do not move when no span is shared."""
    seen: set[str] = set()
    for c in found:
        n, cid = 0, c.claim_id
        while cid in seen:
            n += 1
            cid = claim_id(c.doc_id, c.char_start, c.char_end, n)
        seen.add(cid)
        yield c if cid == c.claim_id else replace(c, claim_id=cid)


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
    if not q.unit and q.scale == 1.0 and q.value < 100 and re.match(r"[.)](\s|$)", text[q.end:q.end + 2]) \
            and re.search(r"(^|\n)\s*(?:[-–•*]\s+)?\(?$", before):
        return True  # a list enumerator: "3. Mexican immigrants have very low levels of schooling", "- 2. As for"
    if q.kind == "written" and not q.unit and q.value <= 10 \
            and re.search(r"\b(the|these|those|both)\s+$", before, re.I) \
            and (q.value == 2 or re.match(r"\s*([,.;:)]|$|(of|in|are|were|is|was|have|had)\b)", text[q.end:])):
        return True  # a reference back, not a count: "the gap between the two", "the two countries"
    if q.unit in _TIME_UNITS and re.match(r"\s+or\s+(less|more|fewer|longer|shorter|older|younger)\b", text[q.end:]):
        return True  # a category bound: "60% have 12 years or less" (of schooling)
    if q.kind == "written" and not q.unit and _IDIOM.match(text, q.end):
        return True  # "a zero-sum game", "a one-sided view", "two-way trade": a compound word, no quantity
    if "@" in text[max(0, q.start - 30):q.end + 30] and re.search(r"\S*@\S*", text[max(0, q.start - 30):q.end + 1]):
        return True
    if q.unit in _TIME_UNITS and re.search(r"\b(past|last|next|previous|over|during|first|recent)\s+(\w+\s+)?$",
                                            before, re.IGNORECASE):
        # "over the past 34 years", "over eight years, the program has financed" define a period; "incubated for
        # 6 years", "within 12 weeks" state a duration
        return True
    if q.unit == "year" and re.match(r"\s*(old|of age)\b", text[q.end:]) or re.search(r"\baged?\s+$", before, re.I):
        return True
    return False


_EMPTY_WORDS = frozenset("""percent per cent percentage of the a an in on at to for by with from and or as""".split())


def _names_something(what: str) -> bool:
    """Whether a measured phrase holds a word that names a thing, not only a unit word and function words."""
    return any(w.lower() not in _EMPTY_WORDS for w in re.findall(r"[^\W\d_]{2,}", what))


def _footnote_marker(sent: Span, q: Quantity, notes: frozenset[str] | set[str]) -> bool:
    """A footnote number flattened into the line after a word's punctuation, followed by the verb of the
    clause, and matching a footnote of the document: "transactions, 15 have not eliminated" (footnote 15)."""
    if q.unit or q.scale != 1.0 or q.kind != "digits" or q.text not in notes:
        return False
    if not re.search(r"[a-z]{3}[,;:.)]\s$", sent.text[:q.start]):
        return False
    after = [t for t in sent if t.idx - sent.start_char >= q.end]
    return bool(after) and after[0].pos_ in {"AUX", "VERB"} and after[0].text.islower()


def _period_for(text: str, q: Quantity, years: list[Period], found: list[Quantity], i: int
                ) -> tuple[int | None, int | None]:
    """The year expression governing ``q``: "from A to B" within a span takes its ends; else the nearest."""
    if not years:
        return None, None
    if i + 1 < len(found) and re.search(r"from\s+$", text[max(0, q.start - 6):q.start]) \
            and re.match(r"\s*to\s*$", text[q.end:found[i + 1].start]):
        span = _nearest(text, q, years)
        if span.first != span.last:
            return span.first, span.first
    if i > 0 and re.search(r"from\s+$", text[max(0, found[i - 1].start - 6):found[i - 1].start]) \
            and re.match(r"\s*to\s*$", text[found[i - 1].end:q.start]):
        span = _nearest(text, q, years)
        if span.first != span.last:
            return span.last, span.last
    p = _nearest(text, q, years)
    return p.first, p.last


def _nearest(q_text: str, q: Quantity, years: list[Period]) -> Period:
    """The nearest year expression, with those before the number preferred at equal clause distance."""
    # "while in 1990 it accounted for 20%, by 2003 it had fallen to 8%": a year of the number's own clause,
    # before it, outweighs one after a comma, which may open the next clause
    own_before = any(p.end <= q.start and not re.search(r"[,;:]", q_text[p.end:q.start]) for p in years)

    def cost(p: Period) -> float:
        after = q_text[q.end:p.start] if p.start >= q.end else ""
        if p.start >= q.end and _OWN_YEAR.match(after) and not (own_before and "," in after):
            return -1.0  # "to 1.2 million in 2015": the year right after a number is its own
        gap = q.start - p.end if p.end <= q.start else p.start - q.end
        between = q_text[p.end:q.start] if p.end <= q.start else q_text[q.end:p.start]
        # "5.7 times higher ... in 1994, and 6.8 higher in 2004": a year across a clause break is another
        # figure's, when one of the number's own clause is there
        broken = 1000.0 if _CLAUSE_BREAK_YEAR.search(between) or own_before and p.start >= q.end and "," in between \
            else 0.0
        return broken + gap * (1.0 if p.end <= q.start else 1.6)
    return min(years, key=cost)


def _source_for(q: Quantity, sources: list) -> str:
    """The citation nearest after the number in its sentence, else the nearest before it."""
    after = [s for s in sources if s.start >= q.end]
    if after:
        return after[0].text
    before = [s for s in sources if s.end <= q.start]
    return before[-1].text if before else ""
