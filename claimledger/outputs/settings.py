"""Run settings: a validated dataclass with defaults, read from ``claimledger.toml`` (top-level keys) or the
``[tool.claimledger]`` table of ``pyproject.toml`` in the working folder, each overridden by a flag given on
the command line (pdfplumber's ``TableSettings`` is the model: defaults, a file, then the caller's values)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.corpus.readers import SPACY_MAX_LENGTH, Limits
from claimledger.models.errors import BadSettings
from claimledger.models.reconcile import DEFAULT_POLICY, POLICIES

MAX_TIMEOUT = 86400.0  # a day per document
MIN_MEMORY_MB, MAX_MEMORY_MB = 64, 1 << 20  # a terabyte
MAX_JOBS = 1024  # worker processes: more than any machine this runs on has cores
MAX_TEXT_MB = 4096.0
MIN_PARAGRAPH_CHARS = 1000
MAX_NUMBERS = 10_000_000
ENGINES = ("local", "ray")


@dataclass(frozen=True)
class RunOptions:
    """How a run reads documents and reconciles claims: ``password`` (encrypted PDFs), ``timeout`` (seconds
    one document, text or PDF, may take to be read and extracted), ``memory_mb`` (MB of memory it may
    take), ``strict`` (any unreadable document is fatal), ``policy`` (how a group's reconciled value is
    chosen), ``catalog`` (a CSV or BibTeX file of the documents' titles, authors and years), ``jobs``
    (worker processes for the per-document work; None: one per core this process may use), ``cache`` (the
    extraction cache's folder; None: no cache), ``engine`` (``local``: a pool of processes here; ``ray``: Ray
    actors, on the cluster at ``ray_address`` or a local one of ``jobs`` CPUs); none of these four changes a
    byte of the ledger;
    ``max_text_mb``, ``max_paragraph_chars``, ``max_numbers``: what one document may hold
    (:class:`claimledger.corpus.readers.Limits`)."""

    password: str | None = None
    timeout: float = 120.0
    memory_mb: int = 2048
    strict: bool = False
    policy: str = DEFAULT_POLICY
    catalog: str | None = None
    jobs: int | None = None
    cache: str | None = None
    engine: str = "local"
    ray_address: str | None = None
    max_text_mb: float = Limits.max_text_mb
    max_paragraph_chars: int = Limits.max_paragraph_chars
    max_numbers: int = Limits.max_numbers

    def __post_init__(self) -> None:
        # "not 0 < x <= MAX" also refuses NaN; inf and huge values would overflow setrlimit and timers later
        if not 0 < self.timeout <= MAX_TIMEOUT:
            raise ValueError(f"timeout must be a positive number of seconds up to {MAX_TIMEOUT:g}, "
                             f"not {self.timeout!r}")
        if not MIN_MEMORY_MB <= self.memory_mb <= MAX_MEMORY_MB:
            raise ValueError(f"memory_mb must be from {MIN_MEMORY_MB} to {MAX_MEMORY_MB}, not {self.memory_mb!r}")
        if self.jobs is not None and not 1 <= self.jobs <= MAX_JOBS:
            raise ValueError(f"jobs must be from 1 to {MAX_JOBS}, not {self.jobs!r}")
        if not 0 < self.max_text_mb <= MAX_TEXT_MB:
            raise ValueError(f"max_text_mb must be a positive number up to {MAX_TEXT_MB:g}, not {self.max_text_mb!r}")
        if not MIN_PARAGRAPH_CHARS <= self.max_paragraph_chars <= SPACY_MAX_LENGTH:  # spaCy refuses longer (E088)
            raise ValueError(f"max_paragraph_chars must be from {MIN_PARAGRAPH_CHARS} to {SPACY_MAX_LENGTH}, "
                             f"not {self.max_paragraph_chars!r}")
        if not 1 <= self.max_numbers <= MAX_NUMBERS:
            raise ValueError(f"max_numbers must be from 1 to {MAX_NUMBERS}, not {self.max_numbers!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"engine {self.engine!r}: choose one of {', '.join(ENGINES)}")
        if self.policy not in POLICIES:
            raise ValueError(f"policy {self.policy!r}: choose one of {', '.join(sorted(POLICIES))}")

    @property
    def limits(self) -> Limits:
        """What one document may hold, for the reader."""
        return Limits(self.max_text_mb, self.max_paragraph_chars, self.max_numbers)


# Each setting's TOML types and how a message names them.
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "password": ((str,), "a string"), "timeout": ((int, float), "a number"), "memory_mb": ((int,), "an integer"),
    "strict": ((bool,), "true or false"), "policy": ((str,), "a string"),
    "catalog": ((str,), "a path"), "jobs": ((int,), "an integer"), "cache": ((str,), "a path"),
    "engine": ((str,), "a string"), "ray_address": ((str,), "a string"),
    "max_text_mb": ((int, float), "a number"), "max_paragraph_chars": ((int,), "an integer"),
    "max_numbers": ((int,), "an integer")}


def settings_file(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The settings found in ``folder``: claimledger.toml first, else pyproject.toml's [tool.claimledger]."""
    own, project = folder / "claimledger.toml", folder / "pyproject.toml"
    if own.is_file():
        return own, _read(own)
    if project.is_file():
        table = _read(project).get("tool", {}).get("claimledger")
        if table is not None:
            return project, table
    return None


def load_options(folder: Path, **flags: Any) -> RunOptions:
    """RunOptions from the defaults, then the settings file of ``folder``, then the ``flags`` that were given
    (None means not given); raises BadSettings naming the file and the key."""
    values: dict[str, Any] = {}
    found = settings_file(folder)
    if found is not None:
        path, table = found
        for key, value in table.items():
            if key not in _TYPES:
                raise BadSettings(str(path), f"unknown setting {key!r} (known: {', '.join(_TYPES)})")
            types, name = _TYPES[key]
            if isinstance(value, bool) and bool not in types or not isinstance(value, types):
                raise BadSettings(str(path), f"{key} = {value!r} is not {name}")
            values[key] = value
    values.update({k: v for k, v in flags.items() if v is not None})
    try:
        return RunOptions(**values)
    except ValueError as exc:
        raise BadSettings(str(found[0]) if found else "command line", str(exc)) from None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadSettings(str(path), f"not valid TOML ({exc})") from None

