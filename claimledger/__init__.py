"""claimledger: research papers into an auditable ledger of numeric claims.

Subpackages: ``corpus`` (reading documents), ``extract`` (claims, tables, citations), ``models``
(versions, grouping, verdicts, search) and ``outputs`` (ledger, audit, fact sheet, CLI).

The notebook API (``claimledger.outputs.api``), loaded on first use so that ``import claimledger`` stays light::

    import claimledger
    claimledger.run(["paper.md"], out="ledger")      # what `claimledger run paper.md --out ledger` does
    ledger = claimledger.open_ledger("ledger")       # .claims, .groups, .tables, .citations, ... DataFrames
    ledger.search("remittances 2005", k=5)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimledger.outputs.api import Ledger, open_ledger, run

__all__ = ["Ledger", "__version__", "open_ledger", "run"]


def __getattr__(name: str) -> Any:
    # PEP 562: pandas (and, for run, spaCy and torch) are imported only when a notebook first asks for them
    if name in ("Ledger", "open_ledger", "run"):
        from claimledger.outputs import api

        return getattr(api, name)
    if name == "__version__":
        from claimledger.outputs.version import tool_version

        return tool_version()
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
