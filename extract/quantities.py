"""Quantities in plain text: numbers with their scale, currency, percent or unit, hedge and range.

``quantities(text)`` works on any English text, one string at a time, without a parse; the document
pipeline (:mod:`extract.claims`) adds what needs the sentence around it (counted noun, period, source).
"""
from __future__ import annotations

import re
from typing import Iterator

from extract.hedges import hedge_before
from extract.numbers import WORD_FRACTIONS, Numeral, numbers
from extract.units import (CURRENCY_ONLY_SCALES, CURRENCY_PREFIXES, CURRENCY_SUFFIXES, GLUED_OK, MEASURES,
                           PERCENT_WORDS, SCALES, SUBUNITS, SUFFIX_SCALE, prefix_pattern)
from models.records import Quantity

_I = re.IGNORECASE
_SCALE = re.compile(r"[ \t-]?(" + prefix_pattern(tuple(SCALES)) + r")(?![\w$€£])", _I)
_CUR_PREFIX = re.compile(r"(?:(?<![A-Za-z])|(?<=\d)\s?)(" + prefix_pattern(CURRENCY_PREFIXES) + r")\s?$", _I)
_CUR_SUFFIX = re.compile(r"\s?(" + prefix_pattern(CURRENCY_SUFFIXES) + r")(?![A-Za-z])", _I)
_PERCENT = re.compile(r"\s?(" + prefix_pattern(PERCENT_WORDS) + r")(?![A-Za-z])", _I)
_MEASURE = re.compile(r"(\s?-?\s?)[(\[{<]?(" + prefix_pattern(MEASURES) + r")[)\]}>]?(?![A-Za-z0-9²])", _I)
_FOLD = re.compile(r"-?fold\b|\s+times\s+(?=(?:more|higher|larger|greater|bigger|as|the|less|lower|smaller|over|faster|that)\b)", _I)
_ORDINAL_OR_LABEL = re.compile(r"(?:st|nd|rd|th|s)\b|[a-z](?![a-z])", _I)
_YEAR_SPAN = re.compile(r"[-–/]\d{2}(?:\d{2})?(?!\d)")
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and|or)\s*(?=[\d$€£.]|[a-z]+\b)", _I)
_FRACTION_WORDS = re.compile(
    r"(?<![\w-])(?:(a|one|two|three|four)[-\s])?(half|thirds?|quarters?|fifths?|tenths?)(?![\w-])", _I)
_OUT_OF = re.compile(r"(?<![\w-])(one|two|three|four|five|six|seven|eight|nine|\d{1,2})\s+(?:out\s+)?(?:of|in)"
                     r"\s+(?:every\s+)?(two|three|four|five|six|seven|eight|nine|ten|\d{1,3})(?![\w%])", _I)
_TWICE = re.compile(r"(?<![\w-])(twice|thrice)(?![\w-])", _I)
_WORD_FOLD = re.compile(r"(?<![\w-])(\w+)-?fold(?![\w-])", _I)
_RATIO = re.compile(r"(?<![\w.:])(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(?![\w:])")
_A_SCALE = re.compile(r"(?<![\w-])(a|half a|half|a quarter|quarter|three quarters|a dozen)\s+(million|billion|"
                      r"thousand|hundred|trillion|dozen)(?![\w-])", _I)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10}
_A_SCALE_VALUE = {"a": 1, "half a": 0.5, "half": 0.5, "a quarter": 0.25, "quarter": 0.25,
                  "three quarters": 0.75, "a dozen": 12}
_NOT_HALF_BEFORE = re.compile(r"(first|second|third|last|latter|former|other|and a|and one|\d)\s*$", _I)


def quantities(text: str) -> Iterator[Quantity]:
    """Every quantity stated in ``text``, in order; years used as dates and labels are left out."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for q in _phrases(text):
        found.append(q)
        taken.append((q.start, q.end))
    for numeral in numbers(text):
        if any(s <= numeral.start < e for s, e in taken):
            continue
        q = _quantity(text, numeral)
        if q is not None:
            found.append(q)
    found.sort(key=lambda q: (q.start, -q.end))
    yield from _ranges(text, _dedupe(found))


def _dedupe(found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out


def _quantity(text: str, n: Numeral) -> Quantity | None:
    """A numeral with what follows and precedes it; None for years, ordinals and labels."""
    before, after = text[:n.start], text[n.end:]
    if re.search(r"[A-Za-z]$", before) and not _CUR_PREFIX.search(before):
        return None  # an identifier such as "G7" or "A4"
    sign = -1.0 if re.search(r"(?:minus\s|(?<![\w\d])[-−])$", before, _I) else 1.0
    end, scale, currency, unit = n.end, 1.0, "", ""
    prefix = _CUR_PREFIX.search(before)
    start = prefix.start(1) if prefix else n.start
    if prefix:
        currency = CURRENCY_PREFIXES[prefix.group(1).lower()]
    m = _SCALE.match(after)
    if m and (m.group(1).lower() not in CURRENCY_ONLY_SCALES or currency):
        scale, end = SCALES[m.group(1).lower()], end + m.end()
    rest = text[end:]
    if (m := _PERCENT.match(rest)) is not None:
        unit, end = ("percentage point" if "point" in m.group(1).lower() else "percent"), end + m.end()
    elif (m := _CUR_SUFFIX.match(rest)) is not None and (not currency or m.group(1) in "$€£"):
        word = m.group(1).lower()
        currency = currency or CURRENCY_SUFFIXES[word]
        unit, end = SUBUNITS.get(word, ""), end + m.end()
        scale *= SUFFIX_SCALE.get(word, 1.0)
    elif not currency and (m := _MEASURE.match(rest)) is not None and _measure_ok(m, n):
        unit, end = MEASURES[m.group(2).lower()], end + m.end()
    elif (m := _FOLD.match(rest)) is not None:
        unit, end = "fold", end + len(m.group(0).rstrip())
    if currency and not unit:
        unit = currency
    if not unit and scale == 1.0 and not currency and _is_date_or_label(text, n):
        return None
    if re.match(_ORDINAL_OR_LABEL, text[end:]) and not unit and scale == 1.0:
        return None  # "19th", "2004a", "3rd"
    hedge, hedge_start = hedge_before(text, start)
    value = float(f"{sign * n.value * scale:.12g}")
    return Quantity(text=text[start:end], start=start, end=end, value=value, unit=unit, currency=currency,
                    scale=scale, hedge=hedge[0], approx=hedge[1], precision=float(f"{n.precision * scale:.12g}"),
                    kind=n.kind)


def _measure_ok(m: re.Match[str], n: Numeral) -> bool:
    glued = m.group(1) == ""
    word = m.group(2).lower()
    if word in {"in", '"', "t", "l", "g", "m"} and not glued:
        return word in {"m", "g"} and n.kind == "digits" and not re.match(r"\s?-?\s?\w+\s+\w", m.group(0) + " x")
    return not glued or word in GLUED_OK


def _is_date_or_label(text: str, n: Numeral) -> bool:
    """A bare four-digit year, a season "2012-13", or a number labelled Table/Figure/page/No."""
    surface = text[n.start:n.end]
    if n.kind == "digits" and re.fullmatch(r"1[5-9]\d\d|20\d\d", surface):
        return True
    before = text[max(0, n.start - 14):n.start]
    if n.kind == "written" and n.value == 1:
        return True  # "one of the", "on the one hand": a bare written one is a pronoun, not a count
    if re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", before, _I):
        return True  # a day of a month: "March 25"
    if re.search(r"\b(1[5-9]|20)\d\d[-–/]$", before):
        return True  # the second year of "2012-13" or "1970-2004"
    return bool(re.search(r"\b(table|figure|fig\.|chart|graph|section|chapter|page|pp?\.|no\.|number|vol\.|"
                          r"room|row|model|article|item|art\.|step|phase|level|grade|version|annex|appendix|"
                          r"route|highway|flight|line|box|note|footnote)\s*$", before, _I))


def _phrases(text: str) -> Iterator[Quantity]:
    """Quantities written as phrases: "one out of every three", "a third", "twice", "26-fold", "1:6"."""
    for m in _OUT_OF.finditer(text):
        num, den = _small(m.group(1)), _small(m.group(2))
        if num and den and num < den and den < 1000:
            yield _phrase(text, m, 100.0 * num / den, "percent", 100.0 / den / 2)
    for m in _A_SCALE.finditer(text):
        value = _A_SCALE_VALUE[m.group(1).lower()] * (12 if m.group(2).lower() == "dozen" else SCALES[m.group(2).lower()])
        yield _with_suffix(text, m, value)
    for m in _FRACTION_WORDS.finditer(text):
        if _NOT_HALF_BEFORE.search(text[:m.start()]) or re.match(r"\s+(century|centuries|of the (year|decade|century))", text[m.end():], _I):
            continue
        if not m.group(1) and not (hedge_before(text, m.start())[0] or re.match(r"\s+of\b", text[m.end():])):
            continue
        share = WORD_FRACTIONS[m.group(2).lower()] * (_small(m.group(1) or "a") or 1)
        yield _phrase(text, m, round(100.0 * share, 2), "percent", 2.5)
    for m in _TWICE.finditer(text):
        yield _phrase(text, m, 2.0 if m.group(1).lower() == "twice" else 3.0, "fold", 0.0)
    for m in _WORD_FOLD.finditer(text):
        value = _fold_value(m.group(1))
        if value:
            yield _phrase(text, m, value, "fold", 0.5)
    for m in _RATIO.finditer(text):
        a, b = float(m.group(1)), float(m.group(2))
        if a and not re.search(r"\d{1,2}:\d{2}\s*(am|pm|a\.m|p\.m|h)", text[m.start():m.end() + 5], _I) \
                and not re.search(r"\d{4}\s*$", text[:m.start()]):
            yield _phrase(text, m, b / a if a == 1 else a / b, "ratio", 0.0)


def _small(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _SMALL.get(word, 0)


def _fold_value(word: str) -> float:
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    numeral = next(numbers(word), None)
    return numeral.value if numeral is not None and numeral.end == len(word) else 0.0


def _phrase(text: str, m: re.Match[str], value: float, unit: str, precision: float) -> Quantity:
    hedge, _ = hedge_before(text, m.start())
    return Quantity(text=m.group(0), start=m.start(), end=m.end(), value=value, unit=unit,
                    hedge=hedge[0], approx=hedge[1], precision=precision, kind="phrase")


def _with_suffix(text: str, m: re.Match[str], value: float) -> Quantity:
    """"a quarter million us dollars": the scale phrase takes the currency or unit that follows it."""
    end, unit, currency = m.end(), "", ""
    prefix = _CUR_PREFIX.search(text[:m.start()])
    start = prefix.start(1) if prefix else m.start()
    if prefix:
        currency = unit = CURRENCY_PREFIXES[prefix.group(1).lower()]
    elif (c := _CUR_SUFFIX.match(text[end:])) is not None:
        currency = unit = CURRENCY_SUFFIXES[c.group(1).lower()]
        end += c.end()
    hedge, _ = hedge_before(text, start)
    return Quantity(text=text[start:end], start=start, end=end, value=value, unit=unit, currency=currency,
                    hedge=hedge[0], approx=hedge[1], precision=value * 0.05, kind="phrase")


def _ranges(text: str, found: list[Quantity]) -> Iterator[Quantity]:
    """Merge "between A and B", "A to B", "A-B", "A or B%" into one ranged quantity."""
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and _is_range(text, a, b):
            yield _merge(text, a, b)
            i += 2
            continue
        yield a
        i += 1


def _is_range(text: str, a: Quantity, b: Quantity) -> bool:
    gap = text[a.end:b.start]
    joiner = gap.strip().lower()
    if joiner not in {"-", "–", "—", "to", "and", "or"} or len(gap) > 6:
        return False
    if a.unit and b.unit and a.unit != b.unit:
        return False
    before = text[max(0, a.start - 16):a.start].lower()
    if joiner == "and":
        return bool(re.search(r"between\s*$", before))
    ranging = re.search(r"\brang(?:e|es|ing)\s+from\s*$", before) is not None
    if (re.search(r"from\s*$", before) and not ranging) or a.kind == "phrase" or b.kind == "phrase":
        return False
    if joiner == "or":
        return not a.unit and bool(b.unit)
    scale = b.scale if a.scale == 1.0 else 1.0
    return a.value * scale < b.value


def _merge(text: str, a: Quantity, b: Quantity) -> Quantity:
    scale = b.scale if a.scale == 1.0 and b.scale != 1.0 else 1.0
    low, high = a.value * scale, b.value
    hedge, _ = hedge_before(text, a.start)
    return Quantity(text=text[a.start:b.end], start=a.start, end=b.end, value=(low + high) / 2,
                    value_low=low, value_high=high, unit=b.unit or a.unit, currency=b.currency or a.currency,
                    scale=b.scale, hedge=hedge[0], approx=hedge[1], precision=max(a.precision * scale, b.precision),
                    kind="range")

