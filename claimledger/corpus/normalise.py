"""Normalise raw document text so that sentences read as written and offsets stay meaningful.

What this corpus throws at a reader, each undone here: Markdown markup and escapes (``USD \\$16.6 bn``,
``**T**his``, links), footnote markers (``<sup>3</sup>``, ``^{1.}``, superscript digits, ``return3``),
words broken at a line end by a hyphen or a replacement character (``imple\\ufffd\\nmentation``),
hard-wrapped lines and page breaks inside sentences (footnotes that fall in the middle of a sentence are
moved after it), and page furniture (running heads repeated on every page).
The normalised text is what the ledger stores; every offset points into it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARKER_LINE = re.compile(r"^\s*(?:<sup>\s*\w{1,3}\s*</sup>|\^\{[^}]{1,4}\}|\^[a-z*]|["
                          + _SUPERSCRIPTS + r"]+|\d{1,2}\s(?=[A-Z]))")
_INLINE_MARKUP = [
    (re.compile(r"<sup>\s*[\w*]{1,3}\s*</sup>"), ""),
    (re.compile(r"\^\{[^}]{1,4}\}"), ""),
    # a superscript after a word is a marker; after a number ("10¹⁰", "10⁶") it is a power, kept whole
    (re.compile(r"(?<=[^\s\d" + _SUPERSCRIPTS + r"])[" + _SUPERSCRIPTS + r"]+"), ""),
    (re.compile(r"\[([^\]]+)\]\((?:mailto:|https?:)[^)]*\)"), r"\1"),
    (re.compile(r"\\([$*_#&%\[\]()<>-])"), r"\1"),
    (re.compile(r"\*\*|__"), ""),
    (re.compile(r"(?<![\w*])\*(?=\w)([^*\n]{1,80}?)(?<=\w)\*(?![\w*])"), r"\1"),
    # a footnote number glued to a lowercase word or after its punctuation: "return3 open", "abroad.3 The"
    (re.compile(r"(?<=[a-z]{3}[.,;:)”\"])\d{1,2}(?=\s)|(?<=[a-z]{4})\d{1,2}(?=[\s.,;:])"), ""),
]
_TERMINAL = re.compile(r"[.!?:;]['\"”’)]*$")
# second parts that keep their hyphen when a compound is broken at a line end
_COMPOUND_TAILS = {"born", "based", "led", "oriented", "term", "level", "scale", "related", "owned", "wide",
                   "class", "income", "skilled", "qualified", "making", "type", "free", "like", "run"}
_HEADING = re.compile(r"^([IVX]+\.\s|[A-Z][A-Z\s–-]{3,}$)")
_ABBREVIATION = re.compile(r"(\b[A-Z]\.[A-Z]\.|\be\.g\.|\bi\.e\.|\betc\.|\bet al\.|\bvs\.|\bcf\.)$")
_LIST_ITEM = re.compile(r"^(•|-\s|\*\s|\(\w{1,4}\)\s|\d{1,2}\.\s)")


_KEPT_FORMS = ("<super>", "<sub>", "<fraction>")  # "km²", "10⁶", "½" keep their meaning only as written
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """``text`` in one Unicode form for units, signs and letters: NFC, then NFKC for each character whose
    compatibility form means the same (the micro sign µ is the Greek μ, "ﬁ" is "fi", full-width digits are
    digits); superscripts, subscripts and vulgar fractions are kept, and so are spacing accents."""
    text = unicodedata.normalize("NFC", text)
    return text if text.isascii() else _NON_ASCII.sub(lambda m: _fold_char(m.group(0)), text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    tag = unicodedata.decomposition(ch).split(" ", 1)[0]
    folded = unicodedata.normalize("NFKC", ch)
    return ch if tag in _KEPT_FORMS or folded[:1].isspace() else folded


def normalise(raw: str) -> str:
    """Return the normalised text of a raw document (see the module docstring for what is undone)."""
    text = fold(raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    kept = _drop_furniture(text.split("\n"))
    lines = [_clean_line(line, i == 0 or not kept[i - 1].strip()) for i, line in enumerate(kept)]
    return _join(lines).strip() + "\n"


def _clean_line(line: str, starts_paragraph: bool) -> str:
    marker = _MARKER_LINE.match(line)
    head = ""
    line = re.sub(r"^#{1,6}\s+", "", line)
    if marker and not is_table_line(line) and (starts_paragraph or not marker.group(0)[-1:].isspace()):
        head, line = _footnote_label(marker.group(0)), line[marker.end():]
    for pattern, repl in _INLINE_MARKUP:
        line = pattern.sub(repl, line)
    return (head + line.lstrip()).rstrip() if head else line.rstrip()


def _footnote_label(marker: str) -> str:
    """Footnotes keep their label as plain text ("3 "), so a table note "^b2003" reads "b 2003"."""
    label = re.sub(r"[<>/{}^.\s]|sup", "", marker)
    label = label.translate(str.maketrans(_SUPERSCRIPTS, "0123456789"))
    return f"\x00{label} " if label else "\x00"


def _drop_furniture(lines: list[str]) -> list[str]:
    """Drop running heads: short lines that recur (digits aside) three or more times in a document."""
    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())
    counts = Counter(shape(line) for line in lines if line.strip())
    def furniture(line: str, following: str) -> bool:
        s = shape(line)
        # An author line over a year line ("Cepal" / "2002 ...") is a reference entry, however often it recurs.
        return (counts[s] >= 3 and len(s) < 90 and re.search(r"[a-z]{3}", s) is not None
                and not is_table_line(line) and not re.match(r"^(source|note|table|fuente)", s)
                and not _YEAR_LINE.match(following))
    nexts, following = [], ""
    for line in reversed(lines):
        nexts.append(following)
        following = line if line.strip() else following
    nexts.reverse()
    return [line for line, following in zip(lines, nexts) if not furniture(line, following)]


_YEAR_LINE = re.compile(r"^\s*[*_]*(?:19|20)\d\d[a-z]?\b")


_ROW_NUMBER = re.compile(r"[-–(]?\$?\d(?:[\d.,]*\d)?%?\)?(?:\s?\^?[a-z*])?")
_FOOTNOTE_YEARS = re.compile(r"^(?:[a-z*]\s(?:19|20)\d\d\s*)+$")


def is_table_line(line: str) -> bool:
    """A line of a table: tab- or pipe-separated cells, two or more numbers ending the line after a short
    label ("Very high 162 6.63 2 201 710"), or footnote years ("a 1995 b 2003"). A prose line that only
    holds many numbers ("7% in 1979 (ENEFNEU), 3% in 1984") is not; ``claimledger.extract.tables`` decides the rest."""
    s = line.strip()
    if "\t" in line or s.startswith("|") or _FOOTNOTE_YEARS.match(s):
        return True
    tokens = re.findall(r"\S+(?: \^[a-z*](?!\S))?", s)
    k = len(tokens)
    while k and _ROW_NUMBER.fullmatch(tokens[k - 1]):
        k -= 1
    label = tokens[:k]
    return len(tokens) - k >= 2 and len(label) <= 14 and not re.search(r"[.;:!?,]$", label[-1] if label else "")


def _join(lines: list[str]) -> str:
    """Rebuild paragraphs: join hard-wrapped lines, mend broken words, move mid-sentence footnotes after."""
    out: list[str] = []
    pending_notes: list[str] = []
    printed = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("\x00"):
            note, i = _take_paragraph(lines, i)
            (pending_notes if out and _open(out[-1]) else out).append(note)
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # the last printed line above, as the page set it: a long line cut after a word carries on, a short
        # one ends its paragraph (a heading, however long once its lines are joined)
        if out and _open(out[-1]) and _continues(line, following, printed) and not is_table_line(line) \
                and not _above_table(lines, i):
            para, i = _take_paragraph(lines, i)
            out[-1] = _glue(out[-1], para)
            printed = lines[i - 1]
            continue
        out.extend(_flush(pending_notes))
        para, i = _take_paragraph(lines, i)
        out.append(para)
        printed = lines[i - 1]
    out.extend(_flush(pending_notes))
    return "\n\n".join(p.replace("\x00", "") for p in out)


def _above_table(lines: list[str], i: int) -> bool:
    """Whether the short lines from ``i`` to the next blank line stand right above a table row: a table's
    column names ("asymmetry" / "mexico united states" over "1994 2004 1994 2004"), not the sentence left
    open above them, which carries on after the table."""
    j = i
    while j < len(lines) and lines[j].strip():
        if len(lines[j].strip()) > 40 or j - i >= 3:
            return False
        j += 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j < len(lines) and is_table_line(lines[j])


def _flush(notes: list[str]) -> list[str]:
    taken = list(notes)
    notes.clear()
    return taken


def _take_paragraph(lines: list[str], i: int) -> tuple[str, int]:
    """Take lines up to a blank line; a list item, heading or table row starts its own line."""
    para = lines[i].strip() if not is_table_line(lines[i]) else lines[i].rstrip()
    i += 1
    while i < len(lines) and lines[i].strip() and not lines[i].startswith("\x00"):
        nxt = lines[i]
        if is_table_line(nxt) or is_table_line(para.split("\n")[-1]) or _LIST_ITEM.match(nxt.strip()) \
                or _heading(para.split("\n")[-1]) or _heading(nxt):
            para += "\n" + (nxt.rstrip() if is_table_line(nxt) else nxt.strip())
        else:
            para = _glue(para, nxt.strip())
        i += 1
    return para, i


def _open(para: str) -> bool:
    """A paragraph that stops mid-sentence (no terminal punctuation, or a broken word)."""
    last = para.rstrip().split("\n")[-1]
    if is_table_line(last) or _heading(last) or last.startswith("\x00"):
        return False
    return not _TERMINAL.search(last) or _ABBREVIATION.search(last) is not None


def _heading(line: str) -> bool:
    """A short line set apart as a title: Roman-numbered, or mostly capitals, or in title case without
    punctuation ("Principal Programs Directed Towards the Mexican Migrant Population")."""
    s = line.strip()
    letters = [c for c in s if c.isalpha()]
    if not letters or _HEADING.match(s):
        return bool(letters)
    upper = sum(c.isupper() for c in letters) / len(letters)
    if len(s.split()) <= 8 and upper >= 0.6:
        return True
    long_words = [w for w in s.split() if len(w) >= 4]
    return (3 <= len(s.split()) <= 12 and len(long_words) >= 3 and not re.search(r"[.,;!?\d]", s)
            and all(w[0].isupper() for w in long_words))


def _continues(line: str, following: str, above: str = "") -> bool:
    """Whether a line carries on the sentence left open above it (not a lone lowercase heading): it starts in
    lower case, or the open line above is a long one cut after a lower-case word (text converted with a blank
    line after every printed line: "Whereas in 1994 per capita" / "GDP in the US was 2.6 times ..."), and
    this line is no heading, no label ("Source: ...") and no footnote."""
    s = line.strip()
    lone = not following.strip() and len(s.split()) <= 4 and not _TERMINAL.search(s)
    if not s or lone:
        return False
    if s[0].islower() or s[0] in "(–—-":
        return True
    last = above.rstrip().split("\n")[-1]
    cut = len(last) >= 50 and bool(re.search(r"(?:^|\s)[a-z][\w’'-]*,?$", last))
    return cut and s[0].isalpha() and not _heading(s) and not re.match(r"[^\W\d_]+:", s)


def _glue(left: str, right: str) -> str:
    """Join two pieces of one sentence, mending a word broken at the line end."""
    left = left.rstrip()
    if left.endswith("\ufffd"):
        return left[:-1] + right
    if left.endswith("-") and right[:1].islower():
        head = re.search(r"(\w+)-$", left)
        tail = re.match(r"\w+", right)
        keep = head is not None and (head.group(1)[0].isupper()
                                     or (tail is not None and tail.group(0) in _COMPOUND_TAILS))
        return (left if keep else left[:-1]) + right
    if left.endswith(("–", "—")):
        return left + right
    return left + " " + right
