"""The reconciliation on disk (``reconciliation.json``, SQLite rows) and the contradiction audit (``audit.md``)."""
from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimledger.models.choices import VERDICTS, check_doc, choose
from claimledger.models.errors import LedgerNotFound, reading
from claimledger.models.records import Group
from claimledger.outputs.atomic import write_text
from claimledger.outputs.templating import md_escape

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
    """The groups, their members and their pairs as SQLite tables for ``claimledger.outputs.ledger.write_sqlite``."""
    rows = [{"group_id": g.group_id, "quantity": g.quantity, "unit": g.unit, "verdict": g.verdict,
             "n_claims": len(g.claim_ids), "reconciled_value": g.reconciled_value,
             "reconciled_claim_id": g.reconciled_claim_id, "policy": g.policy, "rationale": g.rationale,
             "explanation": g.explanation} for g in groups]
    members = [{"member_id": f"{g.group_id}:{cid}", "group_id": g.group_id, "claim_id": cid,
                "rank": ([g.reconciled_claim_id] + list(g.alternatives)).index(cid)}
               for g in groups for cid in g.claim_ids]
    pairs = [{"pair_id": f"{g.group_id}:{p.a}:{p.b}", "group_id": g.group_id, "a": p.a, "b": p.b,
              "verdict": p.verdict, "finding": p.finding} for g in groups for p in g.pairs]
    return {"claim_groups": (rows, GROUP_COLUMNS, "group_id"), "group_members": (members, MEMBER_COLUMNS, "member_id"),
            "pairs": (pairs, PAIR_COLUMNS, "pair_id")}


def select_groups(groups: Sequence[dict[str, Any]], claims: dict[str, dict[str, Any]], verdict: str | None = None,
                  doc: str | None = None) -> list[dict[str, Any]]:
    """The groups of one verdict and/or with a claim of one document (id or prefix), conflicts first."""
    chosen = [g for g in groups if verdict in (None, g["verdict"])
              and (doc is None
                   or any(str(claims.get(c, {}).get("doc_id", "")).startswith(doc) for c in g["claim_ids"]))]
    return sorted(chosen, key=lambda g: (ORDER.get(g["verdict"], 9), g["group_id"]))


def audit_markdown(groups: Sequence[dict[str, Any]], claims: dict[str, dict[str, Any]], verdict: str | None = None,
                   doc: str | None = None, failed: Sequence[dict[str, Any]] = (), versions: Sequence[str] = ()) -> str:
    """The contradiction audit a person reads: conflicts first, each with its claims side by side (document,
    year, value, source, sentence), the explanation and the reconciled value; then failed arithmetic checks
    and what changed between versions. Every text from a document is Markdown-escaped."""
    chosen = select_groups(groups, claims, verdict, doc)
    counts = {v: sum(1 for g in groups if g["verdict"] == v) for v in ORDER}
    lines = ["# Contradiction audit", "",
             "Groups: " + ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items()), ""]
    for g in chosen:
        lines += [f"## {g['verdict'].replace('_', ' ')}: {md_escape(g['quantity'] or '(unnamed quantity)')} "
                  f"[{md_escape(g['unit'])}]", ""]
        for cid in g["claim_ids"]:
            c = claims.get(cid, {})
            mark = " (reconciled)" if cid == g["reconciled"]["claim_id"] else ""
            page = f" p.{c['page']}" if c.get("paged") else ""
            source = md_escape(c.get("source") or "none cited")
            lines.append(f"- `{cid}` {md_escape(c.get('label') or c.get('doc_id', ''))}{page}: "
                         f"**{md_escape(c.get('text', ''))}**{mark}, source: {source}"
                         f" — {md_escape(' '.join(str(c.get('sentence', '')).split())[:240])}")
        lines += ["", f"Reconciled: {md_escape(g['reconciled']['rationale'])}", "",
                  f"Why: {md_escape(g['explanation'])}", ""]
    bad = [f for f in failed if doc is None or str(f.get("doc_id", "")).startswith(doc)]
    if bad and verdict is None:
        lines += ["## Failed arithmetic checks", ""]
        lines += [f"- {md_escape(f['label'])} {f['kind']}: {md_escape(f['explanation'])}" for f in bad]
        lines.append("")
    if versions and verdict is None:
        lines += ["## What changed between versions", "", *versions]
    return "\n".join(lines)


def version_changes(ledger: Path, doc: str | None = None, limit: int = 25) -> list[str]:
    """For each version family, the figures each later version changed of the earlier version it carries
    most sentences from, largest change first (at most ``limit`` per version), as Markdown lines."""
    from claimledger.outputs.diff import diff, percent
    from claimledger.outputs.ledger import connect_ledger

    with contextlib.closing(connect_ledger(ledger, ("documents", "versions", "alignments"))) as db:
        labels = dict(db.execute("select doc_id, label from documents"))
        members = db.execute('select family_id, doc_id, "order" from versions where family_id is not null '
                             'order by family_id, "order"').fetchall()
        shared = {(a, b): n for a, b, n in db.execute(
            "select doc_a, doc_b, count(*) from alignments group by doc_a, doc_b")}
    lines: list[str] = []
    families: dict[str, list[str]] = {}
    for family, doc_id, _ in members:
        families.setdefault(family, []).append(doc_id)
    for family, docs in families.items():
        lines += [f"### Family {family}: " + " < ".join(md_escape(labels[d]) for d in docs), ""]
        for k, later in enumerate(docs[1:], start=1):
            if doc is not None and not later.startswith(doc):
                continue
            parent = max(docs[:k], key=lambda d: (shared.get(tuple(sorted((d, later))), 0), d))  # type: ignore[arg-type]
            if not shared.get(tuple(sorted((parent, later)))):  # type: ignore[arg-type]
                continue
            found = diff(ledger, parent, later)
            lines.append(f"{md_escape(labels[later])} against {md_escape(labels[parent])}: "
                         f"{len(found.changes)} figure(s) changed")
            lines.append("")
            for c in found.changes[:limit]:
                also = f" ({md_escape(c.also)})" if c.also else ""
                lines.append(f"- **{md_escape(c.old)} → {md_escape(c.new)}** {percent(c.relative)}{also}: "
                             f"{md_escape(c.sentence_b[:200])}")
            lines.append("")
    return lines


def write_audit(out: Path) -> None:
    """``audit.md`` beside the ledger, from the finished ledger files (the same text ``claimledger audit``
    prints)."""
    write_text(out / "audit.md", read_audit(out) + "\n")


def read_audit(ledger: Path, verdict: str | None = None, doc: str | None = None) -> str:
    """The audit of a finished run, optionally of one verdict or document, from its files (documents are
    not re-read)."""
    groups, claims, failed = _read(ledger, verdict, doc)
    return audit_markdown(groups, claims, verdict, doc, failed, version_changes(ledger, doc))


def audit_records(ledger: Path, verdict: str | None = None, doc: str | None = None) -> dict[str, Any]:
    """The same audit as JSON-ready records: the chosen groups (``reconciliation.json``'s contract) each with
    its claims, and the failed arithmetic checks."""
    groups, claims, failed = _read(ledger, verdict, doc)
    chosen = select_groups(groups, claims, verdict, doc)
    fields = ("claim_id", "doc_id", "label", "page", "text", "source", "sentence")
    return {"groups": [{**g, "claims": [{f: claims.get(c, {}).get(f) for f in fields} for c in g["claim_ids"]]}
                       for g in chosen],
            "failed_checks": [f for f in failed if doc is None or str(f["doc_id"]).startswith(doc)]}


def _read(ledger: Path, verdict: str | None, doc: str | None
          ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Groups, claims by id (with document label) and failed checks of a finished run; the verdict and
    document asked for are checked against what it can hold."""
    from claimledger.outputs.ledger import connect_ledger

    path = ledger / "reconciliation.json"
    if not path.exists():
        raise LedgerNotFound(f"{ledger}: no reconciliation.json; run `claimledger run` first")
    if verdict is not None:
        choose("verdict", verdict, VERDICTS)
    groups = read_groups(path)
    with contextlib.closing(connect_ledger(ledger, ("documents", "checks", "claims"))) as db:
        docs = {d: (label, kind) for d, label, kind in db.execute("select doc_id, label, kind from documents")}
        failed = [{"doc_id": d, "label": docs.get(d, (d, ""))[0], "kind": k, "explanation": e} for d, k, e in
                  db.execute("select doc_id, kind, explanation from checks where status = 'fail' order by check_id")]
        rows = _claim_rows(db)
    if doc is not None:
        check_doc(doc, docs)
    claims = {r["claim_id"]: {**r, "label": docs.get(r["doc_id"], (r["doc_id"], ""))[0],
                              "paged": docs.get(r["doc_id"], ("", ""))[1] == "pdf"} for r in rows}
    return groups, claims, failed


def _claim_rows(db: Any) -> list[dict[str, Any]]:
    """The claim columns the audit shows, from ``ledger.sqlite`` (which holds the rows of claims.parquet):
    the standard library's sqlite3 reads them without importing pandas, so `claimledger audit` starts at
    once (issue 13). Missing text is "", as :func:`claimledger.outputs.ledger.read_claims` gives it."""
    columns = ("claim_id", "doc_id", "page", "text", "sentence", "source")
    return [{k: ("" if v is None and k != "page" else v) for k, v in zip(columns, row)}
            for row in db.execute(f"select {', '.join(columns)} from claims")]


def read_groups(path: Path) -> list[dict[str, Any]]:
    """The groups of a ``reconciliation.json``, each checked for the keys the readers use."""
    with reading(path):
        groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
        for g in groups:
            g["group_id"], g["verdict"], g["claim_ids"], g["reconciled"]["claim_id"]  # noqa: B018
    return list(groups)
