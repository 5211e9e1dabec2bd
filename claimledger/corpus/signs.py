"""Signs a PDF sets as glyphs of their own, kept with their number.

A minus set from a math font stands apart from its digits by the glyph's side bearing, so a page that separates
words by position reads "− 0.035", a number without its sign, in text and in table cells. A minus is the sign of
the number after it when it stands nearer that number than whatever comes before it on the line (a table cell,
an opening bracket, "=") and no farther than a third of its height; a minus between two operands spaced alike
("a − b", "1994 – 2004") is left as it is, and so is an en dash after a word (a range's, however it is
spaced). A "±" drawn as "+" over "−" (CERMINE's example3: "11.21 + − 0.74 nM") is one sign.
"""
from __future__ import annotations

import re
from typing import Any

MINUS = frozenset("−-–‒")
_OPENING = tuple("(=<>≤≥±,:;[")
_NEAR = 0.35  # of the minus's height: how far its number may stand


def stack_signs(chars: list[dict[str, Any]]) -> int:
    """Make each "+" set over a "−" (in ``chars``, a page's, in place) one "±"; returns how many."""
    pluses = [c for c in chars if c["text"] == "+" and c.get("upright", True)]
    if not pluses:
        return 0
    minuses = [c for c in chars if c["text"] in MINUS and c.get("upright", True)]
    stacked = []
    for plus in pluses:
        below = [m for m in minuses if _overlap_x(plus, m) > 0.5 * min(plus["x1"] - plus["x0"], m["x1"] - m["x0"])
                 and 0 < m["top"] - plus["top"] < plus["bottom"] - plus["top"] and m not in stacked]
        if below:
            plus["text"] = "±"
            stacked.append(below[0])
    for m in stacked:
        chars.remove(m)
    return len(stacked)


def join_signs(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``words`` (pdfplumber's, of one page) with each minus that is its number's sign joined to that number."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for w in words:
        lines.setdefault(round(w["bottom"]), []).append(w)
    dropped: set[int] = set()
    for line in lines.values():
        line.sort(key=lambda w: w["x0"])
        for i, (w, nxt) in enumerate(zip(line, line[1:])):
            if w["text"] in MINUS and _is_sign(line[i - 1] if i else None, w, nxt):
                nxt["text"], nxt["x0"] = w["text"] + nxt["text"], w["x0"]
                dropped.add(id(w))
    return [w for w in words if id(w) not in dropped]


def _is_sign(before: dict[str, Any] | None, minus: dict[str, Any], number: dict[str, Any]) -> bool:
    text = number["text"]
    if not re.match(r"\.?[0-9]", text):
        return False
    after = number["x0"] - minus["x1"]
    if after > _NEAR * (minus["bottom"] - minus["top"]):
        return False
    if before is None or before["text"].endswith(_OPENING):
        return True
    return minus["text"] != "–" and minus["x0"] - before["x1"] > 2 * max(after, 0.0) + 0.5


def _overlap_x(a: dict[str, Any], b: dict[str, Any]) -> float:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
