"""Quantities in plain text: numbers with their scale, currency, percent or unit, hedge and range.

``quantities(text)`` works on any English text, one string at a time, without a parse; the document
pipeline (:mod:`claimledger.extract.claims`) adds what needs the sentence around it (counted noun, period, source).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from claimledger.corpus.normalise import fold
from claimledger.extract.compound import compounds, share_scales, shared_scale
from claimledger.extract.hedges import hedge_before
from claimledger.extract.numbers import Numeral, numbers
from claimledger.extract.phrases import phrases
from claimledger.extract.sciunits import SciUnit, sci_unit
from claimledger.extract.units import (
    CURRENCY_ONLY_SCALES,
    CURRENCY_PREFIXES,
    CURRENCY_SUFFIXES,
    GLUED_OK,
    MEASURES,
    MOLAR,
    PERCENT_WORDS,
    RATE_TIMES,
    SCALES,
    SUBUNITS,
    SUFFIX_SCALE,
    key,
    prefix_pattern,
)
from claimledger.models.records import Quantity

_I = re.IGNORECASE
_WINDOW = 80  # characters looked at on either side of a number
_SCALE = re.compile(r"[ \t-]?(" + prefix_pattern(tuple(SCALES)) + r")(?![\w$€£])", _I)
_CUR_PREFIX = re.compile(r"(?:(?<![A-Za-z])|(?<=\d)\s?)(" + prefix_pattern(CURRENCY_PREFIXES) + r")\s?$", _I)
_CUR_SUFFIX = re.compile(r"(?:\s|-)?(" + prefix_pattern(CURRENCY_SUFFIXES) + r")(?![A-Za-z])", _I)
_PERCENT = re.compile(r"\s?(" + prefix_pattern(PERCENT_WORDS) + r")(?![A-Za-z])", _I)
_SPACED_UNIT_NEXT = re.compile(r"\s+(?![a-z]+s\b|people\b|men\b|women\b|children\b)[a-z]")
_PLURAL_NEXT = re.compile(r"\s+(?:of\s+)?(?:[a-z]{2,}s|people|men|women|children)\b")
# a unit may be bracketed, "12 (kg)"; a closing bracket is the unit's only where it opened one
_MEASURE = re.compile(r"(\s?-?\s?)([(\[{<])?(" + prefix_pattern(MEASURES) + r")(?(2)[)\]}>])(?![A-Za-z0-9²³])", _I)
# Concentrations are told from lengths by case alone ("10 mM" is millimolar, "10 mm" a millimetre).
_MOLAR = re.compile(r"\s?(" + prefix_pattern(MOLAR) + r")(?![A-Za-z])")
# The press writes temperatures with a capital glued to the number: "47.3C (117F)".
_GLUED_DEGREES = re.compile(r"(C|F)(?![\w-])")
_RATE = re.compile(r"\s?(?:/|\s(?:per|an?|each)\s)(" + prefix_pattern(RATE_TIMES) + r")(?![A-Za-z0-9²])", _I)
# A spaced "in" is an inch only where a preposition cannot be: "2 1/2 in thick", "my pencil is 2 in."
_INCH_AFTER = re.compile(r"\s*(?:$|[.;,)](?:\s*$|\s+[A-Z(])|(?:thick|long|wide|tall|high|deep|across|"
                         r"in diameter|of (?:rain|snow))\b)")
_FOLD = re.compile(r"-?fold\b|\s+times\s+(?=(?:more|higher|larger|greater|bigger|as|the|less|lower|smaller|over|"
                   r"faster|that)\b)"
                   r"|×(?!\s?\d)", _I)  # "a 100× objective", "magnified 10,500×": "3 × 4 m" is a product
_ORDINAL_OR_LABEL = re.compile(r"(?:st|nd|rd|th|s)\b|[a-z](?![a-z])", _I)
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", _I)
# Three or more digit groups joined by one separator are an identifier or a date, not a quantity or range:
# account and phone numbers "1111-22223333-4444", "555-123-4567", dates "3/4/2012", versions "1.2.3".
_ID_CHAIN = re.compile(r"(?<![\w.,/-])\d+(?:(?:-\d+){2,}|(?:/\d+){2,}|(?:\.\d+){2,})(?![\w/-]|[.,]\d)")
# Borehole, well and sample names: "22/10a-4", "ODP 689B" is a label; a fraction has no letter after it
_ID_SLASHED = re.compile(r"(?<![\w./-])\d+/\d+[A-Za-z][\w-]*")
# Numbered citations in brackets, "(26,29,49)", "(4,35–38,44)" ("(80,000)" is a number), and coordinates in
# degrees, minutes and seconds, "57°44’8.47”N": places and pointers, not quantities
_CITED_NUMBERS = re.compile(r"\((?:\d{1,3}(?:[–-]\d{1,3})?)(?:,(?:\d{1,2}|\d{1,3}[–-]\d{1,3})(?!\d))+\)")
# A lone integer in brackets right after a lower-case word or a bracket is a numbered citation or an equation's
# number, "symptoms (43).", "is(30)Pr′"; after a name it is a count of it ("China (390,000) and Cuba (25)")
_CITED_NUMBER = re.compile(r"(?:(?<=[a-z\])])|(?<=[a-z\])] ))\(\d{1,3}\)(?=[\s.,;:]|$|[A-Z])")
_WORD_BEFORE = re.compile(r"(\S*)\s?$")
# Digits that open with a zero are a code, a Miller index or a clock time: "codes 040301–040304", "the 001 peak"
_ZERO_LED = re.compile(r"(?<![\w.,])0\d*[1-9]\d*(?:[–-]0\d+)?(?![\d.,]\d)")
_COORDINATE = re.compile(r"\d{1,3}°\s?\d{1,2}(?:\.\d+)?[’′']\s?(?:\d{1,2}(?:\.\d+)?\s?[”″\"]\s?)?[NSEW]\b")
# Isotopes written as mass and symbol ("δ13C", "[11C]PK11195", "14C ages", "87Sr/86Sr", "δ18O"): names, not
# quantities; a bare "13C" is a temperature unless an isotope's context says otherwise
_ISOTOPE = re.compile(r"(?:1[0-4]C|1[5-8]O|15N|3[2-6]S|2[89]Si|30Si|8[4-8]Sr|20[4-8]Pb|23[458]U|23[02]Th|[34]0Ar|"
                      r"39Ar|10Be|26Al|36Cl|14[34]Nd|17[67]Hf|18[78]Os|[67]Li|4[0-8]Ca|5[4-8]Fe|2[4-6]Mg)(?![a-z\d])")
_ISOTOPE_CONTEXT = re.compile(r"\s*(?:/|-?(?:ages?|dates?|dating|values?|data|records?|analys[ie]s|measurements?|"
                              r"signatures?|excursions?|enrich\w*|deplet\w*|label\w*|contents?|uptake|"
                              r"concentrations?|ratios?|isotop\w*|composition)\b)", _I)
_NEXT_NUMBER = re.compile(r"\s?\d[\d,.]*")
_PRICE_MARK = re.compile(r"\s?(?:cents?|¢|\$|€|£)")
_PLURAL_AFTER = re.compile(r"\s+[a-z]+s\b")
_TIME_OF_DAY = re.compile(r"\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|:\d\d(?!\d)", _I)
# "Three-for-One Program", "one-on-one", "two-by-four": a number word inside a name, not a count.
_NAME_COMPOUND = re.compile(r"\s*[-–]\s*(?:for|by|on|to|in|of)\s*[-–]\s*\w", _I)
_LABEL = (r"\b(table|figure|fig\s?\.|chart|graph|section|chapter|page|pp?\s?\.|no\s?\.|number|vol\s?\.|room|row|model|"
          r"article|item|art\.|step|phase|level|grade|version|annex|appendix|route|highway|interstate|exit|gate|"
          r"platform|seat|suite|apt\.?|flight|line|box|note|footnote|bill|h\.\s?r\.|hr|act|clause|paragraph|episode|"
          r"season|round|game|question|eq\.|eqn\.|equation|ref\.|refs\.|type|class|series|#")
_LABEL_WORDS = re.compile(_LABEL + r")\s*$", _I)
# The label words of science text, and every label in plural before a list of what it labels: "Figs. 4 and 5",
# "phases 3, 5, 7, and 9", "Figures 3I and 3J", "columns 2 and 3", "Nos. 1 and 4", "lines 2–12"
_LABEL_LIST = re.compile(r"\b(?:" + _LABEL[3:] + r"|panel|column|stage|wave|lane|clone|sample|experiment|site|"
                         r"borehole|core|station|fraction|month|day|algorithm|listing|definition|theorem|lemma|proposition|"
                         r"corollary|numbered|complex|compound|scenario|figs?\s?\.|nos?\s?\.|eqs?\s?\.|tables|figures|"
                         r"sections|chapters|pages|phases|lines|rows|columns|panels|stages|waves|lanes|clones|samples|"
                         r"experiments|sites|stations|fractions|months|equations|steps|items|types|levels|codes?)"
                         r"\s+\(?(?:[A-Za-z]?\d+[A-Za-z]?\)?\s*"
                         r"(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|[–-]\s*|to\s+))*$", _I)
_CITATION = re.compile(r"[\d,–\s-]*\]")
_FUNCTION_AFTER = re.compile(r"\s*(?:$|[.,;:!?)\](]|(?:at|of|in|on|for|to|and|or|per|each|was|were|is|are|from|"
                             r"with|by|long|high|wide|deep|tall|away|above|below)\b)", _I)
# A day before its month: "on 25 December", "1 May 2010", "5 Dec." ("1 may be" is the verb).
_MONTH_AFTER = re.compile(r"\s+(?:(?i:january|february|march|april|june|july|august|september|october|november|"
                          r"december)|May|(?i:may)(?=\s*,?\s*\d{4})|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
                          r"\b\.?)(?![a-z])")
# A capitalised word inside a sentence (after a word or a comma, not after a full stop or a line break)
_NAME_BEFORE = re.compile(r"[^\s.!?:;\"“(]\x20+([A-Z][A-Za-z&.'-]*)\x20$")
_NOT_NAMES = {"The", "In", "Of", "At", "By", "For", "From", "On", "To", "With", "About", "Some", "Nearly", "Almost",
              "Over", "Under", "And", "Or", "But", "A", "An", "Between", "Since", "During", "Until", "Around",
              "Approximately", "Roughly", "Only", "Just", "Than", "Per", "All", "Top", "Its", "Their", "His", "Her",
              "I", "We", "They", "Most", "Least", "Up", "Down"}
_MONTH_BEFORE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s*\.?\s+$", _I)


def quantities(text: str) -> Iterator[Quantity]:
    """Every quantity stated in ``text``, in order; years used as dates and labels are left out."""
    urls = [(m.start(), m.end()) for m in [*_URL.finditer(text), *_ID_CHAIN.finditer(text),
                                           *_ID_SLASHED.finditer(text), *_CITED_NUMBERS.finditer(text),
                                           *_cited_numbers(text), *_ZERO_LED.finditer(text),
                                           *_COORDINATE.finditer(text)]]
    covered = bytearray(len(text) + 1)  # characters already taken by a URL, an identifier or a quantity
    for s, e in urls:
        covered[s:e] = b"\x01" * (e - s)
    found = [q for q in phrases(text) if not covered[q.start]]
    ends = sorted([q.end for q in found] + [e for _, e in urls])  # where each taken span ends
    for phrase in found:
        covered[phrase.start:phrase.end] = b"\x01" * (phrase.end - phrase.start)
    for numeral in numbers(text):
        if covered[numeral.start] or _NAME_COMPOUND.match(text, numeral.end):
            continue
        before = bisect.bisect_right(ends, numeral.start)
        q = _quantity(text, numeral, ends[before - 1] if before else 0)
        if q is not None:
            found.append(q)
            covered[q.start:q.end] = b"\x01" * (q.end - q.start)
            bisect.insort(ends, q.end)
    found.sort(key=lambda q: (q.start, -q.end))
    merged = list(_ranges(text, compounds(text, _dedupe(found))))
    yield from share_scales(text, merged)


def _cited_numbers(text: str) -> Iterator[re.Match[str]]:
    """The bracketed citation and equation numbers of :data:`_CITED_NUMBER` whose word before is no name."""
    for m in _CITED_NUMBER.finditer(text):
        word = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if word is None or not word.group(1)[:1].isupper():
            yield m


def _dedupe(found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out


def _quantity(text: str, n: Numeral, floor: int = 0) -> Quantity | None:
    """A numeral with what follows and precedes it; None for years, ordinals and labels.

    ``floor`` is where the previous quantity ends: a currency word it took ("50 dollar") is not also
    the prefix of the next number ("50 dollar 40 rmb").
    """
    # windows around the number: every pattern below ends at the number or starts right after it, and
    # slicing the whole text for each number would make a long line quadratic
    before, after = text[max(0, n.start - _WINDOW):n.start], text[n.end:n.end + _WINDOW]
    prefix = _CUR_PREFIX.search(text, max(floor, n.start - _WINDOW), n.start)
    if (re.search(r"[^\W\d_]$|(?<!\w)(?!(?:mid|pre|post|over|under|some|about|minus)-)[A-Za-z]\w*[-−]$"
                  r"|[a-z][A-Z]\w*\s$", before) and not prefix) \
            or _CITATION.match(text, n.end) and re.search(r"\[[\d,–\s-]*$", before):
        return None  # an identifier ("G7", "COVID-19", "iPhone 15"), an exponent ("mol−1") or a citation "[12]"
    if _formula_or_isotope(text, n, before):
        return None
    if re.search(r"(?<![\w])(?:F|t|χ2|χ²)\(\s?(?:\d+(?:\.\d+)?,\s?)?$", before):
        return None  # the degrees of freedom of a test statistic: "F(3, 8.9) = 4.1", "t(39) = 1.16"
    if before.endswith("^"):
        return None  # an exponent: "km^3", "J/m^2"
    if _TIME_OF_DAY.match(after) or re.search(r"\d:$", before):
        return None  # "at 6pm", "2:00 pm"
    if re.match(r"-[A-Z](?![\w-])", after) and not prefix:
        return None  # a form or model name: "Form 10-K", "an 8-K filing"
    minus = re.search(r"(?:minus[\s-]|(?<![\w\d])[-−])$", before, _I)  # "minus-130 degrees", "-4.2%"
    sign = -1.0 if minus and not re.search(r"[\d%]\s*[-−]$", before) else 1.0  # "5.25%-5.5%" is a range
    end, scale, currency, unit = n.end, 1.0, "", ""
    start = prefix.start(1) if prefix else n.start - len(before) + minus.start() if minus and sign < 0 else n.start
    if prefix:
        currency = CURRENCY_PREFIXES[key(prefix.group(1))]
        scale = SUFFIX_SCALE.get(prefix.group(1).lower(), 1.0)  # "MAUD 60" is 60 million
    end, scale, currency, unit, unit_start = _after(text, n, end, scale, currency)
    written = text[unit_start:end].strip(" -()[]") if unit and not (currency and unit == currency) else ""
    if currency and not unit:
        unit = currency
    elif n.kind == "fraction" and not unit:
        unit = "ratio"  # "1/10 of US wages" is a share, whatever it is a share of
    if not unit and scale == 1.0 and not currency and _is_date_or_label(text, n):
        return None
    if not currency and re.match(r"[A-Za-z](?![A-Za-z])", text[n.end:n.end + 2]) and _labelled(text, n):
        return None  # "Figure 3B", "Figs. 1H and 3J": a panel's letter, not a scale or a joule
    if not unit and not currency and re.match(r"[A-Z][A-Za-z]|[α-ωΑ-Ω]|(?:sin|cos|tan|log|exp|ln)\b", text[end:]):
        return None  # a name or a term of a formula: "3DAP", "100Ti/Al", "2πt", "−2sin"
    if re.match(_ORDINAL_OR_LABEL, text[end:]) and not unit and scale == 1.0:
        return None  # "19th", "2004a", "3rd"
    hedge, _ = hedge_before(text, start)
    value = float(f"{sign * n.value * scale:.12g}")
    precision = float(f"{n.precision * scale:.12g}")
    one_in = re.fullmatch(r"1\s*/\s*(\d+)", text[n.start:n.end]) if unit == "ratio" else None
    if one_in and re.match(r"\s+(?:those|that|of\s+(?:\S+\s+){0,3}levels?)\b", text[end:]):
        # "wages at 1/7 those of the US" compares two levels as "1:7" does: one form, the times the other
        # side is (7); "1/40 of the wavelength" stays a fraction of one thing
        value, precision = float(one_in.group(1)), 0.0
    return Quantity(text=text[start:end], start=start, end=end, value=value, unit=unit, currency=currency,
                    scale=scale, hedge=hedge[0], approx=hedge[1], precision=precision, kind=n.kind,
                    unit_written=written)


def _formula_or_isotope(text: str, n: Numeral, before: str) -> bool:
    """A subscript of a chemical formula ("Ca(ClO4)2", "(NH4)2SO4") or an isotope's mass ("δ13C", "[11C]",
    "14C ages")."""
    if re.search(r"[A-Za-z]\w*\)$", before) and "(" in before[-12:]:
        return True
    if re.search(r"[A-Za-z]\($", before) and text[n.end:n.end + 1] in {"-", ","}:
        return True  # a locant of a chemical name: "poly(3-hexylthiophene)", "poly(3,4-ethylenedioxythiophene)"
    iso = _ISOTOPE.match(text, n.start)
    return iso is not None and (re.search(r"[δΔ\[(]$", before) is not None or _ISOTOPE_CONTEXT.match(text, iso.end())
                                is not None or not iso.group(0).endswith("C"))


def _after(text: str, n: Numeral, end: int, scale: float, currency: str) -> tuple[int, float, str, str, int]:
    """What follows a numeral: scale word, then percent, currency, measure or fold; (end, scale, currency, unit,
    where the unit's words start)."""
    unit = ""
    m = _SCALE.match(text, end)
    glued_capital = m is not None and m.group(0) in {"M", "B"}  # "10M users", "2B users"; "100m" is a metre
    # "1.2m tons", "5m people": a glued "m" or "b" before a plural noun is a scale ("100m sprint", "2m tall":
    # a metre)
    counted = m is not None and m.group(1) in {"m", "b", "bn"} and m.group(0)[:1] != "-" \
        and _PLURAL_NEXT.match(text, m.end()) is not None
    # "7100 K" is kelvin: a spaced capital K is a thousand only of money ("$50 K", "50 K dollars")
    kelvin = m is not None and m.group(0) == " K" and not currency and not _CUR_SUFFIX.match(text, m.end())
    if m and not kelvin and (m.group(1).lower() not in CURRENCY_ONLY_SCALES or currency or glued_capital or counted
                             or _CUR_SUFFIX.match(text, m.end())):
        scale, end = scale * SCALES[key(m.group(1))], m.end()
    unit_start = end
    if (m := _PERCENT.match(text, end)) is not None:
        unit, end = ("percentage point" if "point" in m.group(1).lower() else "percent"), m.end()
    elif (m := _CUR_SUFFIX.match(text, end)) is not None and (not currency or m.group(1) in "$€£") \
            and _suffix_ok(text, m) and not _longer_measure(text, end, m):
        word = key(m.group(1))
        currency = currency or CURRENCY_SUFFIXES[word]
        unit, end = SUBUNITS.get(word, ""), m.end()
        scale *= SUFFIX_SCALE.get(word, 1.0)
        if scale == 1.0 and (s := _SCALE.match(text, end)) is not None:
            scale, end = SCALES[key(s.group(1))], s.end()  # "75 USD million"
    elif not currency and n.kind == "digits" and abs(n.value) <= 200 and (m := _GLUED_DEGREES.match(text, end)) \
            and not _labelled(text, n):
        unit, end = ("degree celsius" if m.group(1) == "C" else "degree fahrenheit"), m.end()
    elif not currency and (m := _MOLAR.match(text, end)) is not None:
        unit, end = MOLAR[fold(m.group(1))], m.end()
    elif not currency and (sci := _science_unit(text, end, n)) is not None:
        unit, end = sci.name, sci.end  # "80 mV m−1", "56 Ma", "0.5‰": symbols no word list has
    elif not currency and (m := _MEASURE.match(text, end)) is not None and _measure_ok(m, n):
        # "450 Nm" is a newton metre, "450 nm" a nanometre: the one unit whose case tells them apart
        unit, end = ("newton meter" if m.group(3) == "Nm" else MEASURES[key(m.group(3))]), m.end()
        if " per " not in unit and (r := _RATE.match(text, end)) is not None:
            unit, end = f"{unit} per {RATE_TIMES[key(r.group(1))]}", r.end()
    elif (m := _FOLD.match(text, end)) is not None:
        unit, end = "fold", end + len(m.group(0).rstrip())
    return end, scale, currency, unit, unit_start


def _science_unit(text: str, end: int, n: Numeral) -> SciUnit | None:
    """A unit of science symbols that reads further than any word of the measure list ("10 km s−1" is a speed,
    "50 K" kelvin where "50 k" is a thousand), None where the measure list reads as far."""
    sci = sci_unit(text, end)
    if sci is None or n.kind != "digits":
        return None
    m = _MEASURE.match(text, end)
    listed_end = m.end() if m is not None and _measure_ok(m, n) else -1
    if listed_end > 0 and (r := _RATE.match(text, listed_end)) is not None:
        listed_end = r.end()  # "3 km/s": the list's unit and its rate
    if listed_end >= sci.end:
        return None
    if len(sci.written) == 1 and sci.written.isascii() and (
            sci.end == end + 1 or sci.written in "mgsh" and _FUNCTION_AFTER.match(text, sci.end) is None):
        # a letter glued to digits is the measure list's to read ("the 1990s", "5G"), and a spaced "m", "g",
        # "s" or "h" is a unit only before a function word, as there
        return None
    return sci


def _longer_measure(text: str, end: int, currency: re.Match[str]) -> bool:
    """A measure that reads further than the currency word it starts with: "275 pound-feet" of torque."""
    m = _MEASURE.match(text, end)
    return m is not None and m.end() > currency.end()


def _suffix_ok(text: str, m: re.Match[str]) -> bool:
    """A currency word right before another number is that number's prefix ("3 USD50", "$ 20.00 $ 37.97"),
    unless the next number is itself marked as a price ("10 $ 30 cent", "10 $ 30 $")."""
    nxt = _NEXT_NUMBER.match(text, m.end())
    if nxt is None:
        return True
    if text[m.end():m.end() + 1].isdigit():
        return False
    if m.group(1) not in "$€£¥":
        return True  # "15 dollars 50": a word is the first number's; the second may be its cents
    return _PRICE_MARK.match(text, nxt.end()) is not None \
        and not re.search(r"[$€£]\s?[\d,.]+\s?[$€£]\s?$", text[max(0, m.end() - _WINDOW):m.end()])


def _measure_ok(m: re.Match[str], n: Numeral) -> bool:
    glued = m.group(1) == ""
    word = m.group(3).lower()
    if word == "s" and glued:
        return False  # "the 1990s", "in their 40s"
    if glued and m.group(3) in {"G", "K", "S"}:
        return False  # "5G networks", "a 10K race": a capital glued to digits is a name, not a gram
    if word == "in" and not glued:
        return n.kind in {"digits", "fraction"} and _INCH_AFTER.match(m.string, m.end()) is not None
    if word in {'"', "t", "l", "g", "m", "w", "s", "h", "j"} and not glued:
        # a spaced "m" or "s" is a metre or second before a function word or the end ("25 g at the start"), and
        # a spaced "m", "g" or "h" before a word that is no plural it could count ("at 2609–2613 m the
        # claystone", "after 48 h incubation"; "1.2 m tons" is a scale)
        return word in {"m", "g", "w", "s", "h", "l", "j"} and n.kind == "digits" \
            and (_FUNCTION_AFTER.match(m.string, m.end()) is not None
                 or m.group(3) in {"m", "g", "h"} and _SPACED_UNIT_NEXT.match(m.string, m.end()) is not None)
    return not glued or word in GLUED_OK


def _is_date_or_label(text: str, n: Numeral) -> bool:
    """A bare four-digit year, a season "2012-13", or a number labelled Table/Figure/page/No./H.R."""
    surface = text[n.start:n.end]
    if n.kind == "digits" and re.fullmatch(r"1[5-9]\d\d|20\d\d", surface):
        # "2000 - 2500 Calories": the low end of a range whose high end is no year is a number too
        other = re.match(r"\s*[-–]\s*(\d{4,5})(?![\d,.])", text[n.end:n.end + 12])
        return other is None or 1500 <= int(other.group(1)) <= 2100
    before = text[max(0, n.start - 14):n.start]
    if n.kind == "written" and n.value == 1:
        return True  # "one of the", "on the one hand": a bare written one is a pronoun, not a count
    if (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(text, n.end)) and n.value <= 31 and n.kind == "digits":
        return True  # a day of a month: "March 25", "sept . 30", "25 December"
    if re.search(r"\b(1[5-9]|20)\d\d[-–/]$", before):
        return True  # the second year of "2012-13" or "1970-2004"
    if n.kind == "digits" and n.value < 30 and _enumerator(text, n):
        return True
    return _labelled(text, n) or _name_number(text, n)


def labelled_before(prefix: str) -> bool:
    """Whether ``prefix`` ends with a label word that names the number after it ("Fig. ", "Figs. 2 and "): for
    a number that the sentence splitter cut from its label ("... in Fig. | 5 shows ...")."""
    return _LABEL_WORDS.search(prefix[-14:]) is not None or _LABEL_LIST.search(prefix[-60:]) is not None


def _labelled(text: str, n: Numeral) -> bool:
    """A number named by the word before it: "Table 2", "Figure 3C", "room 204", "H.R. 4437", and each number
    of a list that a label word in the plural names: "Figs. 4 and 5", "phases 3, 5, 7, and 9"."""
    if _LABEL_WORDS.search(text, max(0, n.start - 14), n.start) is not None:
        return True
    m = _LABEL_LIST.search(text, max(0, n.start - 60), n.start) if n.kind == "digits" else None
    # right after its label word a number is the label ("Column 1 gives"); further down the list, a number
    # before a plural is a count ("... lines 2–12, and 10 samples")
    return m is not None and (not re.search(r"\d", m.group(0)) or _PLURAL_AFTER.match(text, n.end) is None)


def _name_number(text: str, n: Numeral) -> bool:
    """A number that is part of a name: after a capitalised word inside a sentence ("the S&P 500 fell",
    "Apollo 11 mission", "the 1 de Mayo"), unless a plural noun follows that it counts ("in Texas 300 clubs")."""
    m = _NAME_BEFORE.search(text, max(0, n.start - 40), n.start)  # a word and its name, not the whole line
    if n.kind != "digits" or not re.fullmatch(r"\d{1,4}", text[n.start:n.end]) or m is None:
        return False
    if m.group(1) in _NOT_NAMES or m.group(1).lower() in CURRENCY_PREFIXES or _MONTH_BEFORE.search(m.group(1) + " "):
        return False
    return _PLURAL_AFTER.match(text, n.end) is None


def _enumerator(text: str, n: Numeral) -> bool:
    """An inline list enumerator: "it's what 1) explains ...; 2) cautions ...", "; (iii)" style "(2) the",
    "projects: 1. Highways, ..., 2. Drinking Water"."""
    before = text[max(0, n.start - 4 * _WINDOW):n.start]
    if re.search(r"(?:[:;,]|\band|\bor)\s*$", before) and (
            re.match(r"\.\s+[A-Z]", text[n.end:n.end + 3])
            or re.match(r"\.\s*$", text[n.end:]) and re.search(rf"\b{n.value - 1:g}\.\s+[A-Z]", before)
            or re.match(r"\.\s+[^\W\d_]", text[n.end:n.end + 3]) and any(
                re.search(rf"(?:[:;,]|\band|\bor)\s*{k:g}\.\s+[^\W\d_]", text) for k in (n.value - 1, n.value + 1))):
        # a run-in list: "projects: 1. Highways, roads and streets, 2. Drinking Water, and 4. ...", also where
        # the sentence splitter cut the list after "2.", and one of lower-case items beside the marker of the
        # number before or after it ("through: 1. distribution of information, 2. bilingual campaigns")
        return True
    if re.match(r"\s?\)", text[n.end:n.end + 2]) and before.rfind("(") <= before.rfind(")") \
            and n.value == int(n.value):  # none open; "4.88)" is no enumerator
        return True
    return re.search(r"(?:^|[;:]\s?)\($", before) is not None and re.match(r"\)\s", text[n.end:n.end + 2]) is not None


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


_CHANGE_BEFORE = re.compile(
    r"\b(?:ris|rose|fall|fell|increas|decreas|grow|grew|declin|drop|climb|jump|reduc|cut|rais|went|gone|go|goes|"
    r"chang|mov|expand|shrink|shrank|doubl|tripl|soar|plung|slip|slid|edg|surg|swell|swoll|tumbl|sank|sink|dip|"
    r"boost|lower|narrow|widen|improv|worsen|shift|turn|convert|upgrad|downgrad|revis|accelerat|slow)\w*\b"
    r"[^.;:!?]{0,50}\bfrom\s*$", re.IGNORECASE)


def _is_range(text: str, a: Quantity, b: Quantity) -> bool:
    gap = text[a.end:b.start]
    joiner = re.sub(r"^[-–]\s+(?=to|and|or)", "", gap.strip().lower())  # "8- to 16-meter", "5- or 6-year"
    if joiner not in {"-", "–", "—", "to", "and", "or"} or len(gap) > 7:
        return False
    if a.unit and b.unit and a.unit != b.unit:
        return False
    if a.unit and not b.unit and not a.currency:
        return False  # "fell 1.2% to 4,500.21": a range writes its unit last ("1 to 2%"), if once
    before = text[max(0, a.start - 16):a.start].lower()
    if joiner == "and":
        return bool(re.search(r"between\s*$", before))
    ranging = re.search(r"\brang(?:e|es|ed|ing)\s+from\s*$", before) is not None
    # "rose from 648,300 to 1.16 million" is two values, a change; "homes priced from $750,000 to $1 million"
    # is one range
    changed = re.search(r"from\s*$", before) and _CHANGE_BEFORE.search(text[max(0, a.start - 70):a.start])
    if changed or {a.kind, b.kind} & {"phrase", "vague"}:
        return False
    if joiner == "or":
        return not a.unit and bool(b.unit)
    if ranging:  # "ranged from -18 °C to -34 °C" runs either way
        return a.value * shared_scale(a, b) != b.value
    # δ values run down from zero: "∼−25.9 to −26.5‰" is a range of magnitudes
    return a.value * shared_scale(a, b) < b.value or a.value < 0 and b.value < 0 and abs(a.value) < abs(b.value)


def _merge(text: str, a: Quantity, b: Quantity) -> Quantity:
    scale = shared_scale(a, b)
    low, high = sorted((a.value * scale, b.value))
    hedge, _ = hedge_before(text, a.start)
    return Quantity(text=text[a.start:b.end], start=a.start, end=b.end, value=(low + high) / 2,
                    value_low=low, value_high=high, unit=b.unit or a.unit, currency=b.currency or a.currency,
                    scale=b.scale, hedge=hedge[0], approx=hedge[1], precision=max(a.precision * scale, b.precision),
                    kind="range", unit_written=b.unit_written or a.unit_written)
