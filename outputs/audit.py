"""The reconciliation on disk (``reconciliation.json``, SQLite rows) and the contradiction audit (``audit.md``)."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.errors import LedgerNotFound
from models.records import Check, Claim, Group
from outputs.atomic import write_text

GROUP_COLUMNS = ["group_id", "quantity", "unit", "verdict", "n_claims", "reconciled_value", "reconciled_claim_id",
                 "policy", "rationale", "explanation"]
MEMBER_COLUMNS = ["member_id", "group_id", "claim_id", "rank"]
PAIR_COLUMNS = ["pair_id", "group_id", "a", "b", "verdict", "finding"]
ORDER = {"conflict": 0, "time_series": 1, "rounding": 2, "agreement": 3}


def group_json(group: Group) -> dict[str, Any]:
    """One group in the contract of ``reconciliation.json``."""
    return {"group_id": group.group_id, "quantity": group.quantity, "unit": group.unit, "verdict": group.verdict,
            "claim_ids": list(group.claim_ids),
            "pairs": [{"a": p.a, "b": p.b, "verdict": p.verdict, "finding": p.finding} for p in group.pairs],
            "reconciled": {"value": group.reconciled_value, "claim_id": group.reconciled_claim_id,
                           "policy": group.policy, "rationale": group.rationale,
                           "alternatives": list(group.alternatives)},
            "explanation": group.explanation}


def write_reconciliation(out: Path, groups: Sequence[Group]) -> None:
    """``reconciliation.json``: every group of two or more claims, in a stable order."""
    text = json.dumps({"groups": [group_json(g) for g in groups]}, indent=1, ensure_ascii=False)
    write_text(out / "reconciliation.json", text + "\n")


def sqlite_tables(groups: Sequence[Group]) -> dict[str, tuple[list[dict[str, Any]], list[str], str]]:
    """The groups, their members and their pairs as SQLite tables for ``outputs.ledger.write_sqlite``."""
    rows = [{"group_id": g.group_id, "quantity": g.quantity, "unit": g.unit, "verdict": g.verdict,
             "n_claims": len(g.claim_ids), "reconciled_value": g.reconciled_value,
             "reconciled_claim_id": g.reconciled_claim_id, "policy": g.policy, "rationale": g.rationale,
             "explanation": g.explanation} for g in groups]
    members = [{"member_id": f"{g.group_id}:{cid}", "group_id": g.group_id, "claim_id": cid,
                "rank": ([g.reconciled_claim_id] + list(g.alternatives)).index(cid)}
               for g in groups for cid in g.claim_ids]
    pairs = [{"pair_id": f"{g.group_id}:{p.a}:{p.b}", "group_id": g.group_id, "a": p.a, "b": p.b,
              "verdict": p.verdict, "finding": p.finding} for g in groups for p in g.pairs]
    return {"groups": (rows, GROUP_COLUMNS, "group_id"), "group_members": (members, MEMBER_COLUMNS, "member_id"),
            "pairs": (pairs, PAIR_COLUMNS, "pair_id")}


def audit_markdown(groups: Sequence[dict[str, Any]], claims: dict[str, dict[str, Any]], verdict: str | None = None,
                   doc: str | None = None, failed: Sequence[dict[str, Any]] = ()) -> str:
    """The contradiction audit a person reads: conflicts first, each with its claims side by side (document,
    year, value, source, sentence), the explanation and the reconciled value; then failed arithmetic checks."""
    chosen = [g for g in groups if verdict in (None, g["verdict"])
              and (doc is None
                   or any(str(claims.get(c, {}).get("doc_id", "")).startswith(doc) for c in g["claim_ids"]))]
    chosen.sort(key=lambda g: (ORDER.get(g["verdict"], 9), g["group_id"]))
    counts = {v: sum(1 for g in groups if g["verdict"] == v) for v in ORDER}
    lines = ["# Contradiction audit", "",
             "Groups: " + ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items()), ""]
    for g in chosen:
        lines += [f"## {g['verdict'].replace('_', ' ')}: {g['quantity'] or '(unnamed quantity)'} [{g['unit']}]", ""]
        for cid in g["claim_ids"]:
            c = claims.get(cid, {})
            mark = " (reconciled)" if cid == g["reconciled"]["claim_id"] else ""
            year = c.get("year") or "?"
            lines.append(f"- `{cid}` {str(c.get('doc_id', ''))[:3]} ({year}) p.{c.get('page', '')}: "
                         f"**{c.get('text', '')}**{mark}, source: {c.get('source') or 'none cited'} — "
                         f"{' '.join(str(c.get('sentence', '')).split())[:240]}")
        lines += ["", f"Reconciled: {g['reconciled']['rationale']}", "", f"Why: {g['explanation']}", ""]
    bad = [f for f in failed if doc is None or str(f.get("doc_id", "")).startswith(doc)]
    if bad and verdict is None:
        lines += ["## Failed arithmetic checks", ""]
        lines += [f"- {str(f['doc_id'])[:3]} {f['kind']}: {f['explanation']}" for f in bad]
        lines.append("")
    return "\n".join(lines)


def write_audit(out: Path, groups: Sequence[Group], claims: Sequence[Claim], checks: Sequence[Check] = (),
                years: Mapping[str, int | None] | None = None) -> None:
    """``audit.md`` beside the ledger."""
    years = years or {}
    by_id = {c.claim_id: {"doc_id": c.doc_id, "page": c.page, "text": c.text, "sentence": c.sentence,
                          "source": c.source, "year": years.get(c.doc_id)} for c in claims}
    failed = [{"doc_id": k.doc_id, "kind": k.kind, "explanation": k.explanation} for k in checks if k.status == "fail"]
    write_text(out / "audit.md", audit_markdown([group_json(g) for g in groups], by_id, failed=failed) + "\n")


def read_audit(ledger: Path, verdict: str | None = None, doc: str | None = None) -> str:
    """The audit of a finished run, optionally of one verdict or document, from its files (documents are
    not re-read)."""
    import sqlite3

    from outputs.ledger import read_claims

    path = ledger / "reconciliation.json"
    if not path.exists():
        raise LedgerNotFound(f"{ledger}: no reconciliation.json; run `claimledger run` first")
    groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    frame = read_claims(ledger)
    with sqlite3.connect(ledger / "ledger.sqlite") as db:
        years = dict(db.execute("select doc_id, year from documents").fetchall())
        failed = [{"doc_id": d, "kind": k, "explanation": e} for d, k, e in
                  db.execute("select doc_id, kind, explanation from checks where status = 'fail' order by check_id")]
    rows = frame[["claim_id", "doc_id", "page", "text", "sentence", "source"]].to_dict("records")
    claims = {r["claim_id"]: {**r, "year": years.get(r["doc_id"])} for r in rows}
    return audit_markdown(groups, claims, verdict, doc, failed)
