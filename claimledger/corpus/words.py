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
_ROW = 30.0  # points: words are looked up among those of three rows this tall
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
    """Words set off their line take the top and bottom of the words they stand beside, so that the reading
    order does not move them to a line of their own: script digits alone ("⁵", "¹⁰" apart from the word they
    mark) beside a word, and a number in a font of other metrics between two words of one line ("lost 36.0 Q5
    students", where 36.0 stood 3 pt lower by its font's box and was read on a line of its own)."""
    upright = [w for w in words if w["upright"] and w["text"]]
    rows: dict[int, list[dict[str, Any]]] = {}
    for w in upright:
        rows.setdefault(int(w["top"] // _ROW), []).append(w)
    for w in upright:
        scripted = all(ch in SCRIPTS for ch in w["text"])
        if not scripted and not any(ch in "0123456789" for ch in w["text"]):
            continue
        near = [o for k in (-1, 0, 1) for o in rows.get(int(w["top"] // _ROW) + k, [])]
        share = 0.0 if scripted else 0.6  # a raised marker may share little of its host's height
        left, right = _beside(w, near, -1, share), _beside(w, near, 1, share)
        if scripted and (left or right):
            host = min(filter(None, (left, right)), key=lambda o: _gap(w, o))
        elif left and right and abs(left["bottom"] - right["bottom"]) < 1 < abs(w["bottom"] - left["bottom"]):
            host = left
        else:
            continue
        w["top"], w["bottom"] = host["top"], host["bottom"]
    return words


def _beside(w: dict[str, Any], words: list[dict[str, Any]], side: int, share: float) -> dict[str, Any] | None:
    """The nearest word on ``side`` (-1 left, 1 right) of ``w`` within twice its height, sharing more than
    ``share`` of the height of the lower of the two."""
    height = w["bottom"] - w["top"]
    near = [o for o in words if o is not w and (o["x1"] <= w["x0"] + 0.5 if side < 0 else o["x0"] >= w["x1"] - 0.5)
            and _gap(w, o) < 2 * height
            and min(w["bottom"], o["bottom"]) - max(w["top"], o["top"]) > share * min(height, o["bottom"] - o["top"])]
    return min(near, key=lambda o: _gap(w, o)) if near else None


def _gap(a: dict[str, Any], b: dict[str, Any]) -> float:
    return max(b["x0"] - a["x1"], a["x0"] - b["x1"], 0.0)


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
