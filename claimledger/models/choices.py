"""A user's choice of verdict, unit or document checked against what is possible or what a ledger holds, so a
typo ("conflcit", "--doc 999") is a one-line error naming the choices, not an empty answer."""
from __future__ import annotations

from collections.abc import Iterable

from claimledger.models.errors import BadChoice, UnknownDocument

VERDICTS = ("agreement", "rounding", "time_series", "misdated", "conflict")  # mildest first


def choose(option: str, value: str, allowed: Iterable[str], *, fold_case: bool = False) -> str:
    """``value`` if it is one of ``allowed`` (any case when ``fold_case``), else a BadChoice naming them."""
    options = sorted(set(allowed))
    if value in options or (fold_case and value.lower() in {o.lower() for o in options}):
        return value
    shown = ", ".join(options[:30]) + (", ..." if len(options) > 30 else "")
    raise BadChoice(f"{option} {value!r}: choose one of {shown}")


def check_doc(value: str, doc_ids: Iterable[str]) -> str:
    """``value`` if it is a document id of the ledger or a prefix of one ("002"), else an UnknownDocument."""
    ids = sorted(doc_ids)
    if any(d.startswith(value) for d in ids):
        return value
    raise UnknownDocument(f"unknown document {value!r}: the ledger holds " + ", ".join(ids))
