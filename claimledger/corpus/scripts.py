"""Superscript and subscript digits of a PDF page, written as the Unicode forms they are.

A PDF sets a footnote marker, an exponent or an index as a smaller digit above or below the line; pdfplumber gives
it as a plain digit glued to its word, so "invoked⁵" read "invoked5", a footnote "¹It should be noted" read
"15Itshouldbenoted" as a number 15, "10¹⁰ records" read 1010 and "H₀" gave a claim 0. Written as ⁵, ¹⁰ and ₀, the
normaliser drops the marker after a word and labels the footnote (:mod:`claimledger.corpus.normalise`), and an
exponent keeps its meaning. A digit is a script when it is smaller than the letters of its line (at most
:data:`_SMALLER` of their size), sits above (its bottom) or below (its top) them by a fifth of their size, and
touches a letter of the line's size, as a marker or an index does; a line of small print on its own is not.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

_SMALLER = 0.85
_SHIFT = 0.2  # of the line's size
_TOUCH = 0.6  # em of the line's size: how near a script stands to the letter it belongs to
_SUPER = str.maketrans("0123456789+-\u2212", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻")
_SUB = str.maketrans("0123456789+-\u2212", "₀₁₂₃₄₅₆₇₈₉₊₋₋")
_DIGITS = "0123456789+-\u2212"
_ROW = 20.0  # points: characters are looked up among those of three rows this tall
SCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀₁₂₃₄₅₆₇₈₉₊₋"
_CHAIN = _DIGITS + SCRIPTS + ",.()"  # what a run of script characters between a digit and its word may hold


def mark_scripts(chars: list[dict[str, Any]]) -> int:
    """Write the superscript and subscript digits of ``chars`` (a page's, in place) in their Unicode forms;
    returns how many were."""
    upright = [c for c in chars if c.get("upright", True) and c["size"] > 0 and not c["text"].isspace()]
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in upright:
        rows[int(c["top"] // _ROW)].append(c)
    marked = 0
    for c in upright:
        if c["text"] in _DIGITS:
            near = [o for k in (-1, 0, 1) for o in rows[int(c["top"] // _ROW) + k]
                    if o is not c and _overlap(o, c) > 0.5 * (c["bottom"] - c["top"])]
            host = _host(c, near)
            marked += host is not None and _mark(c, host)
    return marked


def _host(c: dict[str, Any], near: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The nearest letter of a larger size that the run of small characters holding ``c`` touches, on either side."""
    hosts = []
    for side in (-1, 1):
        run = c
        while True:
            nxt = _next(run, near, side)
            if nxt is None:
                break
            if nxt["size"] * _SMALLER >= c["size"]:
                hosts.append(nxt)
                break
            if nxt["size"] > c["size"] + 0.25 or nxt["text"] not in _CHAIN:
                break
            run = nxt
    return min(hosts, key=lambda o: abs(o["x0"] - c["x0"])) if hosts else None


def _next(c: dict[str, Any], near: list[dict[str, Any]], side: int) -> dict[str, Any] | None:
    """The character beside ``c`` on ``side`` (-1 left, 1 right) within :data:`_TOUCH` em of its host's size."""
    if side < 0:
        found = [o for o in near if o["x1"] <= c["x0"] + 0.5 and c["x0"] - o["x1"] < _TOUCH * o["size"]]
        return max(found, key=lambda o: o["x1"]) if found else None
    found = [o for o in near if o["x0"] >= c["x1"] - 0.5 and o["x0"] - c["x1"] < _TOUCH * o["size"]]
    return min(found, key=lambda o: o["x0"]) if found else None


def _mark(c: dict[str, Any], host: dict[str, Any]) -> bool:
    size = host["size"]
    if c["bottom"] < host["bottom"] - _SHIFT * size:
        c["text"] = c["text"].translate(_SUPER)
    elif c["top"] > host["top"] + _SHIFT * size:
        c["text"] = c["text"].translate(_SUB)
    else:
        return False
    return True


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How far (in points) two characters' boxes overlap vertically: a script shares most of its height with
    its line, little with the line above or below."""
    return min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
