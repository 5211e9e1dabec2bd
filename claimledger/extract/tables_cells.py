"""Table cells as numbers: thousands written "1 291 232" or "88,402", decimal commas "6,14", footnote
letters "3.2 ^a" / "3.2a" / "2000*", and rows of single-space-separated numbers split back into cells.

Written by hand: no maintained library reads these mixed conventions of statistical tables in text.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from claimledger.extract.numbers import precision_of

_CELL = re.compile(
    r"^(?P<sign>[-–−]?)\s?(?P<cur>(?:US)?\$)?(?P<num>\d{1,3}(?: \d{3})+(?:[.,]\d+)?|\d[\d,.]*?)(?P<pct>\s?%)?"
    r"\s?\^?(?P<fn>[a-z*](?![a-z]))?\s*$")
# One token of a row of numbers: a number with an optional footnote letter or star.
NUMERIC_TOKEN = re.compile(r"^[-–−]?\(?\$?\d[\d,.]*%?\)?(?:\s?\^?[a-z*])?$")
_GROUP = re.compile(r"^\d{3}(?:\.\d+|,\d{1,2})?(?:\^?[a-z*])?$")
_LEAD = re.compile(r"^[-–−]?[1-9]\d{0,2}$")
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
YEAR_LABEL = re.compile(r"^(1[89]\d\d|20\d\d)\s?\^?[a-z*]?$")


@dataclass(frozen=True)
class Number:
    """A cell read as a number: ``value`` as written (no scale), ``precision`` (half the last written
    place), ``footnote`` (letter or "*", "" if none), ``start``/``end`` of the number in the cell text."""

    value: float
    precision: float
    footnote: str
    start: int
    end: int
    percent: bool = False


def parse_cell(text: str) -> Number | None:
    """The number a table cell states, or None for a text cell ("Mexico", "n.a.")."""
    stripped = text.strip()
    m = _CELL.match(stripped)
    if m is None:
        return None
    digits = _plain(m.group("num"))
    if digits is None:
        return None
    sign = -1.0 if m.group("sign") else 1.0
    lead = len(text) - len(text.lstrip())
    end = m.end("pct") if m.group("pct") else m.end("num")
    return Number(sign * float(digits), _precision(m.group("num"), digits), m.group("fn") or "",
                  lead + m.start(), lead + end, bool(m.group("pct")))


def _plain(num: str) -> str | None:
    """Digits with the thousands marks removed and a decimal point: "88,402" -> "88402", "6,14" -> "6.14"."""
    num = num.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", num):
        return num.replace(",", "")
    if re.fullmatch(r"\d+,\d{1,2}", num):
        return num.replace(",", ".")  # a decimal comma: "6,14", "0,65"
    if re.fullmatch(r"\d+(\.\d+)?", num):
        return num
    return None


def _precision(written: str, digits: str) -> float:
    """Half the last written place; a table's plain integers are exact counts (0.5), round thousands
    written with separators ("104,000", "104 000") count to the thousand, as in running text."""
    if "." in digits or not re.search(r"[ ,]", written):
        return precision_of(digits)  if "." in digits else 0.5
    return precision_of(f"{int(digits):,}")


def is_numeric(token: str) -> bool:
    """Whether a whitespace-free token is a number (with an optional footnote letter)."""
    return bool(NUMERIC_TOKEN.match(token)) and parse_cell(token) is not None


def min_cells(tokens: list[str]) -> int:
    """The fewest cells a run of single-space tokens can be read as (space thousands joined greedily)."""
    best = _partitions(tokens)
    return min((len(p) for p in best), default=len(tokens))


def readings(tokens: list[str], k: int) -> int:
    """How many ways ``tokens`` can be read as ``k`` cells."""
    return sum(1 for p in _partitions(tokens) if len(p) == k)


def segment(tokens: list[str], k: int, columns: list[list[float]] | None = None) -> list[tuple[int, int]] | None:
    """Split single-space ``tokens`` into ``k`` cells ([start, end) token ranges), choosing, where space
    thousands make it ambiguous, the reading whose magnitudes fit the row and the other rows' columns."""
    options = [p for p in _partitions(tokens) if len(p) == k]
    if not options:
        return None
    return min(options, key=lambda p: _cost(tokens, p, columns or []))


def _partitions(tokens: list[str]) -> list[list[tuple[int, int]]]:
    n = len(tokens)
    if n > 14:
        return [[(i, i + 1) for i in range(n)]]
    out = []
    for cuts in itertools.product((0, 1), repeat=max(0, n - 1)):
        bounds = [0] + [i + 1 for i, c in enumerate(cuts) if c] + [n]
        cells = list(zip(bounds, bounds[1:]))
        if all(_valid(tokens[a:b]) for a, b in cells):
            out.append(cells)
    return out


def _valid(run: list[str]) -> bool:
    if len(run) == 1:
        return True
    return len(run) <= 4 and bool(_LEAD.match(run[0])) and all(_GROUP.match(t) for t in run[1:]) \
        and all(re.fullmatch(r"\d{3}", t) for t in run[1:-1])


def _cost(tokens: list[str], cells: list[tuple[int, int]], columns: list[list[float]]) -> float:
    logs = [_log(" ".join(tokens[a:b])) for a, b in cells]
    mean = sum(logs) / len(logs)
    spread = sum((x - mean) ** 2 for x in logs) / len(logs)
    fit = 0.0
    for i, x in enumerate(logs):
        known = [_log10(v) for v in columns[i]] if i < len(columns) else []
        if len(known) >= 2:
            mu = sum(known) / len(known)
            sd = max(1.0, math.sqrt(sum((y - mu) ** 2 for y in known) / len(known)))
            fit += ((x - mu) / sd) ** 2
    return fit + spread


def _log(text: str) -> float:
    n = parse_cell(text)
    return _log10(n.value) if n else 0.0


def _log10(v: float) -> float:
    return math.log10(abs(v)) if v else 0.0
