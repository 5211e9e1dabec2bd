"""Numbered reference lists: "[12] A. Smith, ...", "12. Smith A, Jones B: Title. J 2003", "3. Smith, J. 2006. Title".

An entry starts at its number; the numbers are taken when they run 1, 2, 3, ... (each the first time it opens an
entry, so a two-column page that interleaves 10 with 29 still gives both), and an entry runs to the next number
taken. Its authors are the names before the year ("Bar-Haim, R. and Szpektor, I. 2006."), else before the first
colon or full stop that ends the name block (Vancouver "Kudsk KA, Fabian TC: Title"; ACM "Luiz A. Barroso and
Jeffrey Dean. Title"). Hand-written: no maintained library splits numbered lists without a trained model.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_YEAR = re.compile(r"(?<!\d)(?P<year>1[89]\d\d|20[0-4]\d)(?P<suffix>[a-z]?)(?!\d)")
# "[12] Name" anywhere, or "12. Name" at a line start or after an entry's last full stop
_BRACKET = re.compile(r"\[(?P<n>\d{1,3})\]\s*(?=[^\W\d_])")
_DOTTED = re.compile(r"(?:^|(?<=\s))(?P<n>\d{1,3})\.\s+(?=[^\W\d_])")
_INITIALS = re.compile(r"^(?:[A-ZÁÉÍÓÚÑ]\.?\s?-?){1,3}$")
_ET_AL = re.compile(r",?\s*et\s*al\.?", re.I)
_MIN_ENTRIES = 3
# between two names: a comma (", and"), "and"/"&", a semicolon; glued PDF text "andS.Soderland", "M Pand Hendry"
_SEPARATOR = r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+|;\s*|,?and(?=[A-Z]\.)|(?<=\s[A-Z])and\s+"


@dataclass(frozen=True)
class Numbered:
    """One entry of a numbered list: span in the section, number, authors, year, suffix, text after the authors."""

    start: int
    end: int
    number: str
    authors: tuple[str, ...]
    year: str
    suffix: str
    rest: str


def markers(section: str, bracketed: bool = False) -> list[tuple[int, int, int]]:
    """(number, start, body start) of each entry, by position; empty unless the numbers run 1, 2, 3 at least.

    The list starts at the last "1" that a "2" and a "3" follow (a "[1]" cited in the text before it is not an
    entry). Each number is then taken where it opens a line, else where it first stands after a space: a two-column
    page interleaves "10. Geerts WH, ... 29. Warkentin TE, ..." on one line."""
    for pattern in (_BRACKET,) if bracketed else (_BRACKET, _DOTTED):
        seen: dict[int, list[re.Match[str]]] = {}
        for m in pattern.finditer(section):
            seen.setdefault(int(m.group("n")), []).append(m)
        starts = [m.start() for m in seen.get(1, []) if all(any(o.start() > m.start() for o in seen.get(k, []))
                                                              for k in range(2, _MIN_ENTRIES + 1))]
        if not starts:
            continue
        first: dict[int, re.Match[str]] = {}
        for n, found in seen.items():
            after = [m for m in found if m.start() >= starts[-1]]
            if after:
                first[n] = next((m for m in after if _at_line(section, m)), after[0])
        count = 0
        while count + 1 in first:
            count += 1
        taken = sorted((first[k] for k in range(1, count + 1)), key=lambda m: m.start())
        return [(int(m.group("n")), m.start(), m.end()) for m in taken]
    return []


def _at_line(section: str, m: re.Match[str]) -> bool:
    return m.start() == 0 or section[m.start() - 1] == "\n"


def headless_list(text: str) -> int | None:
    """Where a "[1] ... [2] ... [3] ..." list without a heading starts: five entries at least, most with a year
    (a numbered list of findings is not one)."""
    found = markers(text, bracketed=True)
    ends = [b[1] for b in found[1:]] + [len(text)]
    dated = sum(bool(_YEAR.search(text[s:min(e, s + 600)])) for (_, s, _), e in zip(found, ends))
    return found[0][1] if len(found) >= 5 and dated >= 0.6 * len(found) else None


def numbered_entries(section: str) -> Iterator[Numbered]:
    """The entries of a numbered list, in the order they stand in the section."""
    found = markers(section)
    for i, (number, start, body) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else len(section)
        while end > start and section[end - 1].isspace():
            end -= 1
        text = " ".join(section[body:end].split())
        authors, rest = _author_block(text)
        year = _YEAR.search(text)
        yield Numbered(start, end, str(number), parse_names(authors), year.group("year") if year else "",
                       year.group("suffix") if year else "", rest)


def _author_block(text: str) -> tuple[str, str]:
    """The names at the start of an entry and the text after them (and after a year that follows them)."""
    year = _YEAR.search(text)
    if year and year.start() < 300:
        head = text[:year.start()].rstrip(" ,(")
        if head and not re.search(r"\d|[:\"“]", head) and _names_only(head):
            return head, text[year.end():].lstrip(" ).,")
    end = _block_end(text)
    return text[:end].strip(" ,."), text[end:].lstrip(" :.")


def _block_end(text: str) -> int:
    """Where the name block ends: a colon, or a full stop not after an initial ("A.") or "al"."""
    for m in re.finditer(r":|\.(?=\s|[A-Z]|$)", text):
        if m.group() == ":":
            return m.start()
        before = text[:m.start()].rsplit(maxsplit=1)[-1] if text[:m.start()].strip() else ""
        word = re.split(r"[.,\s]", before)[-1]
        glued = re.search(r"[a-z][A-Z]$", word)  # "DavidE.Culler": an initial glued to the given name
        if len(word) > 1 and word != "al" and not word.isupper() and not glued:
            return m.start()
    return len(text)


def _names_only(head: str) -> bool:
    """Whether text is a list of names: words capitalised, initials, "and", "et al.", particles."""
    words = re.findall(r"[^\s,]+", _ET_AL.sub("", head))
    return bool(words) and all(w[:1].isupper() or w in {"and", "&", "de", "van", "von", "der", "la", "del"}
                               for w in words)


def parse_names(block: str) -> tuple[str, ...]:
    """ "Bar-Haim, R., Dagan, I. and Szpektor, I." / "Kudsk KA, Fabian TC" / "Luiz A. Barroso, Jeffrey Dean" ->
    ("Bar-Haim, R.", ...): surname first, then initials or given names."""
    block = re.sub(r"(?<=[a-z]{2})\.$", "", _ET_AL.sub("", block).strip(" ,"))  # "Maly." but "Brill, E."
    chunks = [c.strip() for c in re.split(_SEPARATOR, block)]
    people: list[list[str]] = []
    for chunk in (c for c in chunks if c):
        if _INITIALS.match(chunk) and people and not people[-1][1]:
            people[-1][1] = chunk
            continue
        people.append(_person(chunk))
    return tuple(f"{surname}, {given}" if given else surname for surname, given in people)


def _person(chunk: str) -> list[str]:
    """[surname, given] of one name as written: "Kudsk KA", "KudskKA", "E. Agichtein", "Luiz A. Barroso"."""
    vancouver = re.match(r"^(.*[a-zà-ÿ'’¨ˆ´])((?:\s?[A-Z]){1,4})$", chunk)  # "Kudsk KA", "Ellis G F R"
    if vancouver:
        return [vancouver.group(1).strip(), vancouver.group(2).replace(" ", "")]
    initials = re.match(r"^((?:[A-ZÁÉÍÓÚÑ]\.\s?-?)+)\s*(\S.*)$", chunk)
    if initials:
        return [initials.group(2), initials.group(1).strip()]
    words = chunk.split()
    glued = re.match(r"^[A-Z][a-z]*[A-Z]\.(?:[A-Z]\.)*([A-Z][^\s.]+)$", chunk)  # "MichaelO.Rabin"
    if glued:
        return [glued.group(1), chunk[:glued.start(1)]]
    if len(words) > 1:  # natural order: the last word, with the particles before it, is the surname
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].islower():
            cut -= 1
        return [" ".join(words[cut:]), " ".join(words[:cut])]
    return [chunk, ""]
