"""Words of a PDF page where the page separates them, by a gap learned from the page.

Many PDFs (pdfTeX's, a publisher's) hold no space characters: words are apart only by where their letters stand.
pdfplumber splits a word where the gap to the next letter passes a fixed ``x_tolerance`` (3 pt), wider than a word
space of 10-point Times set tight (1.6-2.5 pt): science-parse's map-reduce.pdf read "Therategraduallypicksupas
moremachines", and its two columns were not found since no line had words enough to look like prose. The gaps
between neighbouring letters of a page fall in two groups, kerning (about 0 em) and word spaces (from about 0.15
em); the widest empty band between them, in units of the font size, is where this page separates words. A page
whose words are apart by space characters shows no second group and keeps the fixed tolerance. A line set with
tracking (letter-spaced small capitals: "P A R T I C I P A N T S") separates words at its own tracking plus the
page's gap.
"""
from __future__ import annotations

import statistics
from collections.abc import Generator, Iterable
from typing import Any

from pdfplumber.utils.text import WordExtractor

from claimledger.corpus.scripts import SCRIPTS, mark_scripts
from claimledger.corpus.signs import join_signs, stack_signs

X_TOLERANCE = 3.0  # pdfplumber's default, for a page that separates its words by space characters
_BAND = (0.02, 0.35)  # where, in em, the gap between kerning and word spaces is looked for
_WIDEST_KERN = 0.5  # gaps wider than this many em are between columns or cells, not letters
_LEAST_BAND = 0.04  # an empty band narrower than this (em) is no valley: the page's gaps are one group
_MOST_TRACKING = 0.3  # em: a line whose median letter gap is wider is a row of cells, not tracking
_LEAST_SPACES = 0.08  # share of the gaps that must be word spaces for the page to separate words by position


def page_words(page: Any, **kwargs: Any) -> list[dict[str, Any]]:
    """pdfplumber's words of ``page`` (its ``extract_words`` with ``kwargs``), split where this page's letter
    gaps say a word ends (:func:`word_gap`), else at the fixed :data:`X_TOLERANCE`; superscript and subscript
    digits written as such (:mod:`claimledger.corpus.scripts`), and a word of them alone kept on its line; a minus
    kept with its number and a "+" over a "−" read "±" (:mod:`claimledger.corpus.signs`)."""
    stack_signs(page.chars)
    mark_scripts(page.chars)
    gap = word_gap(page.chars)
    if gap is None:
        words = WordExtractor(x_tolerance=X_TOLERANCE, **kwargs).extract_words(page.chars)
    else:
        words = _Tracked(gap, **kwargs).extract_words(page.chars)
    return join_signs(keep_on_line(list(words)))


def keep_on_line(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words of script digits alone ("⁵", "¹⁰" apart from the word they mark) take the top and bottom of the
    word they stand beside, so that a line is not split at a footnote marker or an exponent."""
    scripts = [w for w in words if w["upright"] and w["text"] and all(ch in SCRIPTS for ch in w["text"])]
    if not scripts:
        return words
    others = [w for w in words if w["upright"] and w not in scripts]
    for w in scripts:
        height = w["bottom"] - w["top"]
        near = [o for o in others if o["top"] < w["bottom"] and w["top"] < o["bottom"]
                and min(abs(w["x0"] - o["x1"]), abs(o["x0"] - w["x1"])) < 2 * height]
        if near:
            host = min(near, key=lambda o: min(abs(w["x0"] - o["x1"]), abs(o["x0"] - w["x1"])))
            w["top"], w["bottom"] = host["top"], host["bottom"]
    return words


def letter_gaps(chars: Iterable[dict[str, Any]]) -> list[float]:
    """The gap, in em of the font size, from each upright letter to the next on its baseline (spaces excluded:
    a gap beside a space character is that space's)."""
    rows: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        if c.get("upright", True) and c["size"] > 0:
            rows.setdefault(round(c["bottom"]), []).append(c)
    gaps = []
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        for a, b in zip(row, row[1:]):
            if a["text"].isspace() or b["text"].isspace() or abs(a["size"] - b["size"]) > 0.5:
                continue
            g = (b["x0"] - a["x1"]) / b["size"]
            if -0.2 < g < _WIDEST_KERN:
                gaps.append(g)
    return gaps


def word_gap(chars: Iterable[dict[str, Any]]) -> float | None:
    """The gap (in em) past which two letters of this page are in different words: the middle of the widest band
    of :data:`_BAND` that no letter gap falls in, where the gaps above it are word spaces enough; else None."""
    gaps = sorted(letter_gaps(chars))
    if len(gaps) < 50:
        return None
    best, width = None, _LEAST_BAND
    for a, b in zip(gaps, gaps[1:]):
        lo, hi = max(a, _BAND[0]), min(b, _BAND[1])
        if hi - lo > width:
            best, width = (lo + hi) / 2, hi - lo
    if best is None or sum(g > best for g in gaps) < _LEAST_SPACES * len(gaps):
        return None
    return best


class _Tracked(WordExtractor):
    """pdfplumber's word extractor with a tolerance per line: the page's word gap past the line's own tracking
    (its median letter gap), in proportion to each letter's size."""

    def __init__(self, gap: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gap = gap

    def iter_chars_to_words(self, ordered_chars: Iterable[dict[str, Any]],
                            direction: Any) -> Generator[list[dict[str, Any]], None, None]:
        chars = list(ordered_chars)
        gaps = [g for g in ((b["x0"] - a["x1"]) / b["size"] for a, b in zip(chars, chars[1:])
                            if not a["text"].isspace() and not b["text"].isspace() and b["size"] > 0)
                if -0.2 < g < _WIDEST_KERN]
        tracking = statistics.median(gaps) if len(gaps) >= 3 else 0.0
        self.x_tolerance_ratio = self.gap + min(max(tracking, 0.0), _MOST_TRACKING)
        yield from super().iter_chars_to_words(chars, direction)
