"""The installed claimledger's version, for ``claimledger --version`` and the fact sheet's footer."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def tool_version() -> str:
    """The distribution's version ("0.1.0"), or "unknown" when run from a checkout that is not installed."""
    try:
        return version("claimledger")
    except PackageNotFoundError:
        return "unknown"
