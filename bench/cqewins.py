"""What CQE gets and claimledger misses, by kind, for the engineer who works on the extractor.

A gold quantity counts here when CQE's output matches it on value and unit and claimledger's does not. Its
kind: **unit** when claimledger has the value but another unit (sub-kind: gold unit key -> claimledger's), else
**range** (two bounds, not joined into one range) or **open range** (a one-sided range of the specs), else
**value** (no output with that value), sub-kind by what the gold text holds: a number word, a scale word
("million", "bn", "k"), a negative sign, scientific notation, a fraction, or plain digits.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from bench.recognizers import matches
from bench.unitalign import predicted_key

_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                    r"hundred|half|quarter|third|dozen|a)\b", re.I)
_SCALE = re.compile(r"(\d\s*(k|m|mm|bn|b)\b|\b(thousand|million|billion|trillion|lakh|crore)s?\b)", re.I)
_KINDS = ((_SCALE, "scale word"), (_WORDS, "number word"), (re.compile(r"(^|[\s(])[-−–]\s*\d|minus", re.I), "negative"),
          (re.compile(r"×\s*10|10\s*[−^]|e[-+]?\d", re.I), "scientific notation"), (re.compile(r"\d\s*/\s*\d|[½¼¾⅓]"),
                                                                                     "fraction"))


def kind(gold: Any, claimledger_outputs: list[dict[str, Any]]) -> tuple[str, str]:
    """(kind, sub-kind) of a gold quantity claimledger missed on value+unit."""
    e = gold.expected
    with_value = [q for q in claimledger_outputs if matches(e.target, q)]
    if with_value:
        return "unit", f"{gold.key} read as {predicted_key(with_value[0])}"
    if e.target.is_range:
        two_sided = e.target.low is not None and e.target.high is not None
        return ("range" if two_sided else "open range"), e.model
    for pattern, name in _KINDS:
        if pattern.search(e.text):
            return "value", name
    return "value", "plain digits"


def _brief(q: dict[str, Any]) -> dict[str, Any]:
    keys = ("text", "start", "end", "value", "value_low", "value_high", "unit", "currency", "approx")
    return {k: q.get(k) for k in keys if q.get(k) not in (None, "")}


def collect(sets: list[Any], report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every gold quantity CQE matches on value and unit and claimledger does not, with its kind."""
    from bench.sidebyside import hits

    wins = []
    for tset in sets:
        runs = report["sets"][tset.name]["extractors"]
        cl_out, cqe_out = runs["claimledger"]["outputs"], runs["cqe"]["outputs"]
        cl_hits, cqe_hits = hits(tset, cl_out, True), hits(tset, cqe_out, True)
        for i, golds in enumerate(tset.gold):
            for j, gold in enumerate(golds):
                if cqe_hits[i][j] is None or cl_hits[i][j] is not None:
                    continue
                k, sub = kind(gold, cl_out[i])
                wins.append({"set": tset.name, "kind": k, "sub": sub, "text": gold.expected.text,
                             "expected": gold.expected.raw, "unit": gold.key,
                             "span": [gold.expected.start, gold.expected.end], "sentence": tset.texts[i][:400],
                             "cqe": _brief(cqe_out[i][cqe_hits[i][j]]),
                             "claimledger": [_brief(q) for q in cl_out[i]][:8]})
    return wins


def summary(wins: list[dict[str, Any]], examples: int = 3) -> str:
    """Counts by set, kind and sub-kind, largest first, with a few examples each."""
    lines = [f"CQE right on value+unit where claimledger is not: {len(wins)}"]
    for name in sorted({w["set"] for w in wins}):
        mine = [w for w in wins if w["set"] == name]
        lines.append(f"{name}: {len(mine)}")
        for k, n in Counter(w["kind"] for w in mine).most_common():
            lines.append(f"  {k}: {n}")
            of_kind = [w for w in mine if w["kind"] == k]
            for sub, m in Counter(w["sub"] for w in of_kind).most_common(8):
                shown = [w for w in of_kind if w["sub"] == sub][:examples]
                said = "; ".join(f"{w['text']!r} (claimledger: {_said(w)})" for w in shown)
                lines.append(f"    {m:>3}  {sub}: {said}")
    return "\n".join(lines)


def _said(win: dict[str, Any]) -> str:
    """What claimledger output where the gold quantity is written (spans that overlap it)."""
    start, end = win["span"]
    got = [q for q in win["claimledger"] if min(end, q.get("end", 0)) > max(start, q.get("start", 0))]
    return ", ".join(f"{q.get('text')!r}={q.get('value', [q.get('value_low'), q.get('value_high')])} "
                     f"{q.get('currency') or q.get('unit') or ''}".strip() for q in got[:2]) or "nothing there"


def write(wins: list[dict[str, Any]], folder: Path) -> None:
    """``cqe-wins.json`` (every case) and ``cqe-wins.txt`` (the summary with all cases listed)."""
    (folder / "cqe-wins.json").write_text(json.dumps(wins, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [summary(wins), "", "every case:"]
    for w in sorted(wins, key=lambda w: (w["set"], w["kind"], w["sub"])):
        lines.append(f"[{w['set']}] {w['kind']} / {w['sub']}: {w['text']!r} = {w['expected']} {w['unit']}")
        lines.append(f"    CQE: {json.dumps(w['cqe'], ensure_ascii=False)}")
        lines.append(f"    claimledger: {json.dumps(w['claimledger'], ensure_ascii=False)}")
        lines.append(f"    in: {w['sentence']}")
    (folder / "cqe-wins.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
