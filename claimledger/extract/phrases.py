"""Quantities written as phrases rather than numerals: "one out of every three", "a third", "twice",
"26-fold", "half as fast", "a quarter million", "a dozen", "1:6".

Each finder yields a :class:`Quantity` of kind ``phrase``; :mod:`claimledger.extract.quantities` merges them with the
numerals it reads and lets a phrase win where both cover the same words.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from claimledger.extract.hedges import hedge_before
from claimledger.extract.numbers import WORD_FRACTIONS, numbers
from claimledger.extract.units import CURRENCY_PREFIXES, CURRENCY_SUFFIXES, SCALES, key, prefix_pattern
from claimledger.models.records import Quantity

_I = re.IGNORECASE
_WINDOW = 80  # characters looked at on either side of a phrase: a long line must not cost its square
_CUR_PREFIX = re.compile(r"(?:(?<![A-Za-z])|(?<=\d)\s?)(" + prefix_pattern(CURRENCY_PREFIXES) + r")\s?$", _I)
_CUR_SUFFIX = re.compile(r"(?:\s|-)?(" + prefix_pattern(CURRENCY_SUFFIXES) + r")(?![A-Za-z])", _I)
_FRACTION_WORDS = re.compile(
    r"(?<![\w-])(?:(a|one|two|three|four|five|seven|nine)[-\s])?(half|thirds?|quarters?|fourths?|fifths?|sixths?|"
    r"eighths?|tenths?|hundredths?)(?![\w-])", _I)
# "for a third time", "a fifth straight year", "a third party": an ordinal before its noun, not a fraction
_ORDINAL_NOUN = re.compile(r"\s+(?:time|times|year|years|straight|consecutive|successive|term|round|place|party|"
                           r"parties|quarter|generation|wave|day|week|month|season|game|match|attempt|try|child|"
                           r"option|way|world|[a-z]+est)\b", _I)
_OUT_OF = re.compile(r"(?<![\w-])(one|two|three|four|five|six|seven|eight|nine|\d{1,2})\s+(?:out\s+)?(?:of|in)"
                     r"\s+(?:every\s+)?(two|three|four|five|six|seven|eight|nine|ten|\d{1,3})(?![\w%])", _I)
# "a quarter of a percentage point", "half a point": a fraction of one point, not a share of something
_OF_A_POINT = re.compile(r"(?<![\w-])(?:(a|one|two|three)[-\s])?(half|thirds?|quarters?|tenths?)(?:\s+of)?\s+a\s+"
                         r"(?:percentage\s+)?point(?![\w-])", _I)
_TWICE = re.compile(r"(?<![\w-])(twice|thrice)(?![\w-])", _I)
_WORD_FOLD = re.compile(r"(?<![\w-])(\w+)-?fold(?![\w-])", _I)
_RATIO = re.compile(r"(?<![\w.:])(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(?![\w:])")
_A_SCALE = re.compile(r"(?<![\w-])(a|half a|half|a quarter|quarter|three quarters|a dozen)\s+(million|billion|"
                      r"thousand|hundred|trillion)(?![\w-])", _I)
_DOZEN = re.compile(r"(?<![\w-])(a|one|two|three|four|five|six|ten|half a|\d{1,3})\s+dozens?"
                    r"(?!\s+(?:million|billion|thousand|hundred))(?![\w-])", _I)
# Vague magnitudes: "tens of thousands of dollars", "millions of Americans", "hundreds of millions": at least
# the smallest amount the words allow (two tens of thousands is the least "tens of thousands" can be)
_VAGUE = re.compile(r"(?<![\w-])(dozens|tens|hundreds|thousands|millions|billions)(?:\s+of\s+(thousands|millions|"
                    r"billions))?(?=\s+of\s+[a-zA-Z$])", _I)
_OF_MONEY = re.compile(r"\s+of\s+(" + prefix_pattern(CURRENCY_SUFFIXES) + r")(?![A-Za-z])", _I)
_VAGUE_STEP = {"dozens": 12.0, "tens": 10.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
# "a hundred and two", "a thousand and one": the rest of a written number after "a hundred"
_AND_REST = re.compile(r"\s+and\s+(?=[a-z])", _I)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "half a": 0.5}
_A_SCALE_VALUE = {"a": 1, "half a": 0.5, "half": 0.5, "a quarter": 0.25, "quarter": 0.25,
                  "three quarters": 0.75, "a dozen": 12}
_NOT_HALF_BEFORE = re.compile(r"(first|second|third|last|latter|former|other|and a|and one|\d)\s*$", _I)
# "half as fast as", "a third as large as": a fraction of a comparison is a multiple, not a share.
_AS_AS = re.compile(r"\s+as\s+(?:\w+\s+){1,2}as\b", _I)
_NOUN_AFTER = re.compile(r"\s+(?!(?:of|are|is|were|was|have|has|had|will|would|can|could|may|might|and|or|"
                         r"percent|per|point|dozen|million|billion|thousand|hundred)\b)[a-z]{3,}\b")
# "64.2 cents a dozen", "$3 a dozen": a price per dozen, not a count of twelve.
_PER_DOZEN_BEFORE = re.compile(r"\d[\d.,]*\s*[a-z%$]*\s+$", _I)


def phrases(text: str) -> Iterator[Quantity]:
    """Every quantity written as a phrase in ``text`` (possibly overlapping each other)."""
    yield from _of_a_point(text)
    yield from _out_of(text)
    yield from _a_scale(text)
    yield from _fractions(text)
    yield from _multiples(text)
    yield from _ratios(text)


def _of_a_point(text: str) -> Iterator[Quantity]:
    for m in _OF_A_POINT.finditer(text):
        yield _phrase(text, m, _share(m), "percentage point", 0.0)


def _out_of(text: str) -> Iterator[Quantity]:
    for m in _OUT_OF.finditer(text):
        num, den = _small(m.group(1)), _small(m.group(2))
        if num and den and num < den and den < 1000:
            # "one in every three" rounds its denominator to a whole number: 1/3.5 to 1/2.5 about 1/3
            yield _phrase(text, m, 100.0 * num / den, "percent", 50.0 * num / den ** 2)


def _a_scale(text: str) -> Iterator[Quantity]:
    for m in _A_SCALE.finditer(text):
        value = _A_SCALE_VALUE[key(m.group(1))] * SCALES[key(m.group(2))]
        rest = _AND_REST.match(text, m.end())
        tail = next(numbers(text[rest.end():rest.end() + _WINDOW]), None) if rest and value in {100, 1000} else None
        if rest is not None and tail is not None and tail.start == 0 and tail.kind == "written" and tail.value < value:
            yield _phrase_at(text, m.start(), rest.end() + tail.end, value + tail.value, "", 0.5)
            continue
        yield _with_suffix(text, m, value)
    for m in _VAGUE.finditer(text):
        yield _vague(text, m)
    for m in _DOZEN.finditer(text):
        if not _PER_DOZEN_BEFORE.search(text, max(0, m.start() - _WINDOW), m.start()):
            yield _phrase(text, m, 12.0 * _small(m.group(1)), "", 0.0)


def _vague(text: str, m: re.Match[str]) -> Quantity:
    """"tens of thousands of dollars" as at least 20,000 USD; "millions of Americans" as at least 2 million
    (the interval it allows is :func:`vague_interval`)."""
    value = 2 * _VAGUE_STEP[key(m.group(1))] * (_VAGUE_STEP[key(m.group(2))] if m.group(2) else 1)
    end, currency = m.end(), ""
    if (c := _OF_MONEY.match(text, end)) is not None:
        currency, end = CURRENCY_SUFFIXES[key(c.group(1))], c.end()
    hedge, _ = hedge_before(text, m.start())
    return Quantity(text=text[m.start():end], start=m.start(), end=end, value=value, unit=currency,
                    currency=currency, hedge=hedge[0], approx=hedge[1] or ">=", precision=0.0, kind="vague")


def vague_interval(value: float) -> tuple[float, float]:
    """What a vague magnitude of :func:`_vague`'s ``value`` allows: its order, from one unit of it to the next
    order ("millions" from 1 to 10 million), so that "over a million households" and "millions of households"
    can be one figure."""
    return value / 2, value * 5


def _fractions(text: str) -> Iterator[Quantity]:
    for m in _FRACTION_WORDS.finditer(text):
        after = text[m.end():m.end() + _WINDOW]
        if _NOT_HALF_BEFORE.search(text, max(0, m.start() - _WINDOW), m.start()) or \
                re.match(r"\s+(century|centuries|of the (year|decade|century))", after, _I):
            continue
        word = m.group(2).lower()
        if word != "half" and not word.endswith("s") and _ORDINAL_NOUN.match(after):
            continue
        share = _share(m)
        if _AS_AS.match(after):
            yield _phrase(text, m, round(share, 4), "fold", 0.05)
        elif (m.group(1) or "").lower() in {"a", "one"} and m.group(2).lower() == "half" \
                and _NOUN_AFTER.match(after):
            yield _phrase(text, m, 0.5, "", 0.0)  # "a half turn", "a half hour": half of one thing
        elif m.group(1) or hedge_before(text, m.start())[0][0] or re.match(r"\s+of\b", after):
            yield _phrase(text, m, round(100.0 * share, 2), "percent", 2.5)


def _multiples(text: str) -> Iterator[Quantity]:
    for m in _TWICE.finditer(text):
        yield _phrase(text, m, 2.0 if m.group(1).lower() == "twice" else 3.0, "fold", 0.0)
    for m in _WORD_FOLD.finditer(text):
        value = _fold_value(m.group(1))
        if value:
            yield _phrase(text, m, value, "fold", 0.5)


def _ratios(text: str) -> Iterator[Quantity]:
    for m in _RATIO.finditer(text):
        a, b = float(m.group(1)), float(m.group(2))
        if a and b and not re.search(r"\d{1,2}:\d{2}\s*(am|pm|a\.m|p\.m|h)", text[m.start():m.end() + 5], _I) \
                and not re.search(r"\d{4}\s*$", text[max(0, m.start() - 12):m.start()]):
            yield _phrase(text, m, b / a if a == 1 else a / b, "ratio", 0.0)


def _share(m: re.Match[str]) -> float:
    """The fraction a match of a count (group 1, "a" when absent) and a fraction word (group 2) names."""
    return WORD_FRACTIONS[key(m.group(2))] * (_small(m.group(1) or "a") or 1)


def _small(word: str) -> float:
    word = word.lower()
    return int(word) if word.isdigit() else _SMALL.get(word, 0)


def _fold_value(word: str) -> float:
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    numeral = next(numbers(word), None)
    return numeral.value if numeral is not None and numeral.end == len(word) else 0.0


def _phrase(text: str, m: re.Match[str], value: float, unit: str, precision: float) -> Quantity:
    return _phrase_at(text, m.start(), m.end(), value, unit, precision)


def _phrase_at(text: str, start: int, end: int, value: float, unit: str, precision: float) -> Quantity:
    hedge, _ = hedge_before(text, start)
    return Quantity(text=text[start:end], start=start, end=end, value=value, unit=unit,
                    hedge=hedge[0], approx=hedge[1], precision=precision, kind="phrase")


def _with_suffix(text: str, m: re.Match[str], value: float) -> Quantity:
    """"a quarter million us dollars": the scale phrase takes the currency or unit that follows it."""
    end, unit, currency = m.end(), "", ""
    prefix = _CUR_PREFIX.search(text, max(0, m.start() - _WINDOW), m.start())
    start = prefix.start(1) if prefix else m.start()
    if prefix:
        currency = unit = CURRENCY_PREFIXES[key(prefix.group(1))]
    elif (c := _CUR_SUFFIX.match(text[end:])) is not None:
        currency = unit = CURRENCY_SUFFIXES[key(c.group(1))]
        end += c.end()
    hedge, _ = hedge_before(text, start)
    return Quantity(text=text[start:end], start=start, end=end, value=value, unit=unit, currency=currency,
                    hedge=hedge[0], approx=hedge[1], precision=value * 0.05, kind="scaled")
