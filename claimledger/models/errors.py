"""The one exception hierarchy of claimledger; messages name the file and the cause."""
from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` (a file name, a path) safe to show on one line of a terminal, a page or a chart: control
    characters, line breaks and bidirectional overrides as ``\\xNN``/``\\uNNNN`` escapes, the rest as is."""
    return _UNSAFE.sub(lambda m: _escape(m.group(0)), text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class ClaimledgerError(Exception):
    """Base of every error claimledger raises on purpose."""


class FileError(ClaimledgerError):
    """An error about one file: its message is ``PATH: cause``."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{shown(path)}: {shown(cause)}")
        self.path = path
        self.cause = cause


class UnreadableDocument(FileError, ValueError):
    """A document that cannot be read: empty, binary, truncated, encrypted, undecodable."""


class DocumentTooCostly(UnreadableDocument):
    """A document whose parsing ran past its time or memory limit."""


class DocumentFailed(ClaimledgerError):
    """A document's error met in a worker, raised again in the run under ``strict`` (its one-line message as
    the worker gave it: ``PATH: cause``)."""


class LedgerNotFound(ClaimledgerError, FileNotFoundError):
    """A command that reads a finished run was pointed at a folder that holds none."""


class BadSettings(FileError, ValueError):
    """A settings file (claimledger.toml, or pyproject.toml's [tool.claimledger]) with an unknown key or a bad value."""


class BadCatalog(FileError, ValueError):
    """A catalog file given with ``--catalog`` that cannot be read or has a bad value."""


class UnknownDocument(ClaimledgerError, KeyError):
    """A document id asked for (``diff A B``, ``--doc``) that the ledger does not hold."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class BadChoice(ClaimledgerError, ValueError):
    """A filter value (``--verdict``, ``--unit``) that is none of the values it may take in this ledger."""


class MissingExtra(ClaimledgerError, ImportError):
    """A command whose optional dependency (an extra such as ``claimledger[browse]``) is not installed."""


class LedgerBusy(FileError):
    """A run into an ``--out`` that another run is writing (its lock is held)."""


class UnwritableLedger(FileError):
    """An ``--out`` a run cannot write or replace: read-only, full, not a folder, a folder that holds no ledger."""


class CorruptLedger(FileError, ValueError):
    """A file of a finished run that cannot be read back: damaged, truncated, or not what the run writes."""


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """Turn what a damaged file of a finished run raises while it is read (bytes of another format, a
    truncated file, a JSON or table of another shape) into a :class:`CorruptLedger` naming it. Meant for a
    few lines of loading, not for the work done with what was loaded."""
    try:
        yield
    except ClaimledgerError:
        raise
    except (OSError, ValueError, LookupError, TypeError, AttributeError, EOFError, sqlite3.DatabaseError) as exc:
        text = " ".join(str(exc).split())[:160]
        plain = text and not isinstance(exc, LookupError | TypeError | AttributeError)  # their text needs a name
        cause = text if plain else f"{type(exc).__name__}: {text}"
        raise CorruptLedger(str(path), f"damaged or not written by claimledger ({cause}); "
                                       "run `claimledger run` again") from exc
