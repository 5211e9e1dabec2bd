"""The one exception hierarchy of claimledger; messages name the file and the cause."""
from __future__ import annotations


class ClaimledgerError(Exception):
    """Base of every error claimledger raises on purpose."""


class UnreadableDocument(ClaimledgerError, ValueError):
    """A document that cannot be read: empty, binary, truncated, encrypted, undecodable."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class DocumentTooCostly(UnreadableDocument):
    """A document whose parsing ran past its time or memory limit."""


class LedgerNotFound(ClaimledgerError, FileNotFoundError):
    """A command that reads a finished run was pointed at a folder that holds none."""


class BadSettings(ClaimledgerError, ValueError):
    """A settings file (claimledger.toml, or pyproject.toml's [tool.claimledger]) with an unknown key or a bad value."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause
