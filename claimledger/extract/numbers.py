"""Numbers as written: digits with separators, decimals, fractions and written-out English numbers.

``numbers(text)`` yields every number literal with its value and the precision its written form implies
("10.2" is ±0.05; "385,000" is ±500, round thousands counting as written to the thousand). Meaning
(scale, unit, hedge, range) is added by :mod:`claimledger.extract.quantities`; this module only reads numerals.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from text_to_num import text2num

from claimledger.extract.units import key

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD = r"(?:" + "|".join(sorted(_UNITS + _TENS, key=len, reverse=True)) + r")"
_COMPOUND = _WORD + r"(?:[-\s]" + _WORD + r")?"
_WRITTEN = re.compile(
    r"(?<![\w-])(?:" + _COMPOUND + r")(?:(?:\s+and)?\s+(?:hundred|thousand)(?:(?:\s+and)?\s+" + _COMPOUND
    + r")?)*(?![\w])", re.IGNORECASE)
_DIGITS = re.compile(
    r"(?<![\d.,])(?:"
    r"\d{1,2},\d{2},\d{3}(?:,\d{3})*(?:\.\d+)?"  # Indian grouping 12,34,567.89
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,291,232.5
    r"|\d{1,3}(?: , \d{3})+(?![\d.])"  # tokenised text: "80 , 000 spectators"
    # SI grouping "10 000 dollars", not a run of numbers
    r"|(?<!\d\s)\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?(?![\d,]|\.\d|\s\d)"
    r"|\d+\.\d+|\.\d+"
    r"|\d{1,4} \. \d+(?! \. \d)"  # tokenised text: "6 . 2 %", "up 0 . 95"
    r"|\d+"
    # "10 1/2", tokenised "7 3 / 4", and the bond prices of news wires "7-1/2", "101-3/8" (halves to 32nds)
    r")(?:(?:\s\d{1,2}\s?/\s?\d{1,2}|-\d{1,2}/(?:2|4|8|16|32))(?![\d/]))?",
)
_MIXED = re.compile(r"[\s-](\d{1,2})\s?/\s?(\d{1,2})$")
_FRACTION = re.compile(r"(?<![\w/.,])(\d{1,3})\s?/\s?(\d{1,3})(?![\w/])")
# Denominators of fractions as people write them; "9/11" and "24/7" are a date and a phrase, not fractions.
_OF = re.compile(r"\s+of\s")
_DENOMINATORS = {2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 20, 32, 64, 100}
# Scientific notation: "1.5 × 10^6", "3x10^-4", "2.1e-3", "10^6".
_SCIENTIFIC = re.compile(r"(?<![\w.^])(?:(\d+(?:\.\d+)?)\s?[×x*]\s?)?10\^\(?([-−]?\d{1,3})\)?(?![\d.])"
                         r"|(?<![\w.])(\d+(?:\.\d+)?)[eE]([-−+]?\d{1,3})(?![\w.])"
                         # the caret lost or set as superscript: "2.48×10−5", "3 × 10⁶"
                         r"|(?<![\w.])(\d+(?:\.\d+)?)\s?×\s?10([−-]\d{1,3}|[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?![\d.])"
                         # a power of ten whose exponent lost its superscript but kept its minus sign: "10−5 mbar"
                         r"|(?<![\w.,−-])10(−\d{1,2})(?![\d.,])"
                         # a mantissa times a power of ten set as superscript and flattened: "6 × 106 kg s−1"
                         r"|(?<![\w.])(\d(?:\.\d+)?)\s?×\s?10(\d{1,2})(?![\d.,])")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# "two and a half miles", "3 and a quarter hours": a whole number and a fraction of one
_AND_A_FRACTION = re.compile(r"\s+and\s+(?:a|one)\s+(half|quarter|third)(?![\w-])|\s+and\s+(three\s+quarters)(?![\w-])",
                             re.IGNORECASE)
_UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅛": 0.125}
WORD_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
                  "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2, "sixth": 1 / 6, "sixths": 1 / 6,
                  "eighth": 0.125, "eighths": 0.125, "tenth": 0.1, "tenths": 0.1, "hundredth": 0.01,
                  "hundredths": 0.01}


@dataclass(frozen=True)
class Numeral:
    """A number literal: offsets into the scanned text, value, precision, and how it was written."""

    start: int
    end: int
    value: float
    precision: float
    kind: str  # digits, written, fraction


def numbers(text: str) -> Iterator[Numeral]:
    """Every number literal in ``text``, left to right, without overlaps."""
    found = sorted([*_scientific(text), *_digit_numerals(text), *_written_numerals(text), *_unicode_fractions(text)],
                   key=lambda n: (n.start, -n.end))
    last_end = -1
    for numeral in found:
        if numeral.start >= last_end:
            numeral = _and_a_fraction(text, numeral)
            last_end = numeral.end
            yield numeral


def _and_a_fraction(text: str, numeral: Numeral) -> Numeral:
    """A whole number with "and a half" (or quarter, third, three quarters) after it, as one number."""
    m = _AND_A_FRACTION.match(text, numeral.end)
    if m is None or numeral.kind == "fraction" or numeral.value != int(numeral.value):
        return numeral
    extra = WORD_FRACTIONS[key(m.group(1))] if m.group(1) else 3 * WORD_FRACTIONS["quarters"]
    return Numeral(numeral.start, m.end(), numeral.value + extra, 0.125, numeral.kind)


def _scientific(text: str) -> Iterator[Numeral]:
    for m in _SCIENTIFIC.finditer(text):
        groups = [(m.group(1) or "1", m.group(2)), (m.group(3), m.group(4)), (m.group(5), m.group(6)),
                  ("1", m.group(7)), (m.group(8), m.group(9))]
        mantissa, exponent = next(g for g in groups if g[1])
        value = float(mantissa) * 10.0 ** int(exponent.translate(_SUPERSCRIPT).replace("−", "-"))
        yield Numeral(m.start(), m.end(), float(f"{value:.12g}"), abs(value) * 0.05, "digits")


def _digit_numerals(text: str) -> Iterator[Numeral]:
    fractions = {m.start(): m for m in _FRACTION.finditer(text)}
    not_fractions: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        if any(s <= m.start() < e for s, e in not_fractions):
            continue
        frac = fractions.get(m.start())
        if frac is not None and frac.end() > m.end():
            num, den = int(frac.group(1)), int(frac.group(2))
            # any denominator that cannot be a day of a date, where a fraction "of" something follows: "1/40 of"
            if num < den and (den in _DENOMINATORS or den > 31 and _OF.match(text, frac.end())):
                yield Numeral(m.start(), frac.end(), num / den, 0.0, "fraction")
            else:
                not_fractions.append((frac.start(), frac.end()))
            continue
        yield _digit_numeral(m.group(0), m.start())


def _digit_numeral(surface: str, start: int) -> Numeral:
    whole, extra = surface, 0.0
    if (mixed := _MIXED.search(surface)) is not None:  # "10 1/2", tokenised "7 3 / 4"
        whole = surface[:mixed.start()]
        extra = int(mixed.group(1)) / int(mixed.group(2)) if int(mixed.group(2)) else 0.0
    return Numeral(start, start + len(surface), parse_digits(whole) + extra, precision_of(whole), "digits")


def parse_digits(surface: str) -> float:
    """The value of a digit string with comma or space thousands separators: "1,291,232.5" is 1291232.5."""
    return float(re.sub(r"[,\s]", "", surface))  # "10 000", tokenised "80 , 000" and "0 . 95" too


def precision_of(surface: str) -> float:
    """Half the place of the last written digit; round thousands ("385,000", "385 000") count to the
    thousand."""
    plain = re.sub(r"[,\s]", "", surface)
    if "." in plain:
        return 0.5 * 10 ** -len(plain.split(".")[1])
    groups = re.split(r"\s?,\s?|\s", surface.strip())
    if len(groups) > 1:
        zero_groups = 0
        for group in reversed(groups[1:]):
            if group != "000":
                break
            zero_groups += 1
        return 0.5 * 1000 ** zero_groups if zero_groups else 0.5
    zeros = len(plain) - len(plain.rstrip("0"))
    return 0.5 * 10 ** zeros if plain.strip("0") else 0.5


def _written_numerals(text: str) -> Iterator[Numeral]:
    for m in _WRITTEN.finditer(text):
        surface = m.group(0)
        try:
            value = float(text2num(re.sub(r"\s+", " ", surface.lower()), "en"))
        except ValueError:
            continue
        # "ten" could be ±5; a written number is as exact as its last word, so half its last step.
        yield Numeral(m.start(), m.end(), value, 0.5, "written")


def _unicode_fractions(text: str) -> Iterator[Numeral]:
    for i, ch in enumerate(text):
        if ch in _UNICODE_FRACTIONS and not (i and text[i - 1].isdigit()):
            yield Numeral(i, i + 1, _UNICODE_FRACTIONS[ch], 0.0, "fraction")
