"""What a number counts: its counted noun, the unit of a bare count, and the subject of its clause.

"1.4 million jobs" counts jobs; "755 of the country's municipalities" counts municipalities; a bare count
takes what the clause's subject counts. The parse gives the tokens; :mod:`claimledger.extract.measured` builds the
phrase of what is measured on top of them.
"""
from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from claimledger.extract.units import canonical_noun
from claimledger.models.records import Quantity

# Heads that count what their "of" object names ("the number of X"); "population" counts itself.
_MAGNITUDES = {"dozens", "tens", "hundreds", "thousands", "millions", "billions"}
_COUNT_HEADS = {"number", "total", "amount", "figure", "stock", "volume", "sum"}


def tokens_of(span: Span, start: int, end: int) -> list[Token]:
    """The tokens of ``span`` overlapping the document-character range ``[start, end)``."""
    return [t for t in span if t.idx < end and t.idx + len(t) > start]


def counted_noun(tokens: list[Token]) -> Token | None:
    """The noun a number counts: its head if the number modifies a noun, else the next noun right after it."""
    if not tokens:
        return None
    last = tokens[-1]
    for tok in tokens:
        if tok.dep_ in {"nummod", "quantmod", "compound", "amod"} and tok.head.pos_ in {"NOUN", "PROPN"} \
                and tok.head.lemma_.isalpha() \
                and tok.head not in tokens and tok.head.i > last.i and tok.head.i - last.i <= 4:
            return tok.head
    doc = last.doc
    for tok in doc[last.i + 1:min(len(doc), last.i + 4)]:
        if tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.isalpha():
            return tok
        if tok.pos_ not in {"ADJ", "ADV", "PUNCT"} or tok.text in {",", ";", "(", ")"}:
            break
    return None


def unit_for_count(tokens: list[Token], subject: Token | None) -> str:
    """The unit of a bare count: its counted noun, the plural after "of" ("755 of the country's
    municipalities"), "the number of X" right after it, else what the clause's subject counts.

    A proper noun is never a unit: in "China (390,000)" the number counts something China has.
    """
    noun = counted_noun(tokens)
    if noun is not None and noun.lemma_.lower() not in {"%", "percent", "year", "years"}:
        return canonical_noun(noun.lemma_)
    noun = _partitive(tokens) or _number_of_after(tokens)
    if noun is not None:
        return canonical_noun(noun.lemma_)
    if subject is not None and subject not in tokens \
            and not (tokens and tokens[0].dep_ == "appos" and tokens[0].head.pos_ == "PROPN"):
        inner = of_object(subject) if subject.lemma_.lower() in _COUNT_HEADS else subject
        if inner is not None and inner.pos_ == "NOUN":
            return canonical_noun(inner.lemma_)
    return ""


def _partitive(tokens: list[Token]) -> Token | None:
    """The plural noun of "N of the Xs" ("755 of the country's 2,435 municipalities")."""
    if not tokens:
        return None
    doc = tokens[-1].doc
    nxt = tokens[-1].i + 1
    if nxt >= len(doc) or doc[nxt].lower_ != "of":
        return None
    objs = [c for c in doc[nxt].children if c.dep_ == "pobj"]
    if objs and objs[0].tag_ == "NNPS" and tokens[-1].lower_ in _MAGNITUDES:
        return objs[0]  # "millions of Americans": a vague magnitude counts the people it names
    return objs[0] if objs and objs[0].tag_ == "NNS" and objs[0].pos_ == "NOUN" else None


def _number_of_after(tokens: list[Token]) -> Token | None:
    """X in "N in the number of X" ("15.9 million in the number of poor households")."""
    if not tokens:
        return None
    doc = tokens[-1].doc
    window = doc[tokens[-1].i + 1:min(len(doc), tokens[-1].i + 4)]
    if len(window) < 3 or window[0].lower_ not in {"in", "of"} or window[2].lemma_.lower() not in _COUNT_HEADS:
        return None
    inner = of_object(window[2])
    return inner if inner is not None and inner.pos_ == "NOUN" else None


def subject_of(tokens: list[Token]) -> Token | None:
    """The subject of the clause that holds the number (walking up from the number to a verb)."""
    if not tokens:
        return None
    tok = tokens[0]
    for _ in range(8):
        if tok.pos_ == "VERB" and tok.dep_ in {"acl", "relcl"} and tok.head.pos_ == "NOUN":
            return tok.head  # "hometown associations (currently totaling more than 700)"
        if tok.pos_ in {"VERB", "AUX"} or tok.dep_ == "ROOT":
            subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subjects:
                # of two subjects the parse gives one verb ("The earnings of ... (in 2003, their incomes
                # totaled USD $272 billion)"), the one nearest before the number
                before = [c for c in subjects if c.i < tokens[0].i]
                return before[-1] if before else subjects[0]
            if tok.dep_ in {"ROOT"}:
                return None
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def counted_units(parsed: Span, found: list[Quantity]) -> list[Quantity]:
    """``found`` with each bare count given its counted noun's unit ("1.4 million jobs" -> job)."""
    out = []
    for q in found:
        if not q.unit:
            toks = tokens_of(parsed, parsed.start_char + q.start, parsed.start_char + q.end)
            unit = unit_for_count(toks, subject_of(toks))
            q = dataclasses.replace(q, unit=unit) if unit else q
        out.append(q)
    return out
