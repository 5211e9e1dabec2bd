"""The ledger folder changes as a whole or not at all: a run locks ``--out``, writes every file into a staging
folder beside it (same file system) and swaps that folder in with one rename at the end.

The swap is ``renameat2(RENAME_EXCHANGE)`` (Linux 3.15+, glibc 2.28+, through ctypes: the standard library
has no binding): ``--out`` holds a whole ledger at every instant, the old one or the new one; the old one,
left where the staging folder was, is then removed. Where the exchange is not available (another system, a
file system that refuses it) two renames do it: ``--out`` to ``.NAME.old-PID``, then the staging folder to
``--out``. Between those two renames ``--out`` is absent; a run killed there leaves the old ledger whole as
``.NAME.old-PID``, and the next run into ``--out`` puts it back before anything else.

Beside ``--out`` live ``.NAME.lock`` (kept: removing a lock file races with whoever opens it next), the
staging folder ``.NAME.staging-XXXX`` while a run writes, and for a moment ``.NAME.old-PID``. A run that
holds the lock owns every staging and old folder of its ``--out``: any it finds was left by a killed run.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from claimledger.models.errors import LedgerBusy, UnwritableLedger
from claimledger.outputs.atomic import _umask

# What a run writes at the top of --out (a test keeps this list whole); anything else in an old ledger folder
# was put there by someone else and is carried into the new ledger, not deleted with the old one.
OUTPUT_NAMES = frozenset({
    "alignments.csv", "audit.md", "checks.csv", "citations.csv", "claims.csv", "claims.parquet", "factsheet.html",
    "factsheet.md", "index", "ledger.sqlite", "metadata.json", "number_changes.csv", "reconciliation.json",
    "references.bib", "references.csv", "run.json", "run.log", "tables", "tables.csv", "versions.csv"})
LEDGER_MARKS = ("run.json", "ledger.sqlite")  # a folder holding one of these is a ledger a run may replace
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


class Staging:
    """``with Staging(out) as stage:`` locks ``out``, checks it can be replaced and creates the staging folder
    ``stage.path`` (so an unwritable ``out`` fails here, before any work); ``stage.commit()`` swaps it in.
    Leaving the block without a commit removes the staging folder and keeps the old ledger."""

    def __init__(self, out: Path) -> None:
        self.shown = str(out)
        # a symlinked --out: the folder it points to is replaced and the link kept
        self.out = Path(os.path.realpath(out))
        self.parent = self.out.parent
        self.path = self.parent / f".{self.out.name}.staging-unopened"
        self._lock: int | None = None
        self._committed = False

    def __enter__(self) -> Staging:
        with self._unwritable("cannot be written"):
            self.parent.mkdir(parents=True, exist_ok=True)
            self._acquire()
        try:
            with self._unwritable("cannot be written"):
                self._clean()
                self._check_out()
                self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.parent))
                # mkdtemp's folder is private (0700); the ledger keeps the old one's mode, else a new folder's
                os.chmod(self.path, self.out.stat().st_mode & 0o7777 if self.out.is_dir() else 0o777 & ~_umask())
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if not self._committed:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            self._release()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Turn what a write into the staging folder raises (a full disk, a folder gone) into one line."""
        with self._unwritable("cannot write the ledger", "; the previous ledger is kept"):
            yield

    def commit(self) -> None:
        """Swap the staging folder in for ``out`` (durably: files and folders synced first), then remove the
        old ledger."""
        with self.writing():
            if self.out.exists():
                self._carry_foreign()
            _sync_tree(self.path)
            if not self.out.exists():
                os.rename(self.path, self.out)
            elif not exchange(self.path, self.out):
                self._swap_by_two_renames()
            self._committed = True
            _sync_dir(self.parent)
        shutil.rmtree(self.path, ignore_errors=True)  # the old ledger; a leftover is cleaned by the next run

    def _swap_by_two_renames(self) -> None:
        old = self.parent / f".{self.out.name}.old-{os.getpid()}"
        os.rename(self.out, old)
        os.rename(self.path, self.out)  # killed before this line: the next run restores ``old`` (see _clean)
        self.path = old

    def _acquire(self) -> None:
        lock = self.parent / f".{self.out.name}.lock"
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise LedgerBusy(self.shown, f"another claimledger run (process {holder}) is writing this ledger; "
                                         f"wait for it to end or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock = fd

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the flock
            self._lock = None

    def _clean(self) -> None:
        """Remove what killed runs into ``out`` left (we hold the lock, so none of them is alive); put back an
        old ledger that the two-rename swap had moved aside when it was killed."""
        for stale in self.parent.glob(f".{glob.escape(self.out.name)}.staging-*"):
            shutil.rmtree(stale)
        olds = sorted(self.parent.glob(f".{glob.escape(self.out.name)}.old-*"), key=lambda p: p.stat().st_mtime)
        if olds and not self.out.exists():
            os.rename(olds.pop(), self.out)
        for stale in olds:
            shutil.rmtree(stale)

    def _check_out(self) -> None:
        """``out`` must be a folder this run may replace: absent, empty, or a ledger; on the same file system
        as its parent (a mount point cannot be swapped); writable."""
        if not self.out.exists():
            return
        if not self.out.is_dir():
            raise UnwritableLedger(self.shown, "not a folder")
        if self.out.stat().st_dev != self.parent.stat().st_dev:
            raise UnwritableLedger(self.shown, "a mount point: the ledger is swapped in by a rename beside it; "
                                               "give a folder inside it")
        if any(self.out.iterdir()) and not any((self.out / m).exists() for m in LEDGER_MARKS):
            raise UnwritableLedger(self.shown, "not empty and holds no ledger (no run.json); a run replaces "
                                               "its --out as a whole, so give a new or empty folder")
        if not os.access(self.out, os.W_OK | os.X_OK):
            raise UnwritableLedger(self.shown, "cannot be written (permission denied)")

    def _carry_foreign(self) -> None:
        """Entries of the old ledger folder that no run writes (a page saved there by hand) go into the new
        one, hard-linked (copied where links are refused), so the swap loses nothing of them."""
        for entry in sorted(self.out.iterdir()):
            if entry.name in OUTPUT_NAMES or (self.path / entry.name).exists() or _temp_name(entry.name):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, self.path / entry.name, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(self.path / entry.name))

    @contextlib.contextmanager
    def _unwritable(self, what: str, after: str = "") -> Iterator[None]:
        try:
            yield
        except (LedgerBusy, UnwritableLedger):
            raise
        except OSError as exc:
            raise UnwritableLedger(self.shown, f"{what} ({exc.strerror or exc}){after}") from exc
        except sqlite3.OperationalError as exc:  # SQLite's own "database or disk is full"
            raise UnwritableLedger(self.shown, f"{what} ({exc}){after}") from exc


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with renameat2(RENAME_EXCHANGE); False where the system or the file system
    offers no such call (the caller then falls back), an OSError for any other failure."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


def _renameat2():  # type: ignore[no-untyped-def]
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def _sync_tree(root: Path) -> None:
    """fsync every file and folder under ``root``: the swap must not publish files whose data a power cut
    could still lose."""
    for folder, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _sync_dir(Path(folder))


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(source: str, target: str) -> str:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
    return target


def _temp_name(name: str) -> bool:
    """A temp file of ``claimledger.outputs.atomic`` (".claims.csv.x1y2.tmp"), left by a killed writer."""
    return name.startswith(".") and name.endswith(".tmp")
