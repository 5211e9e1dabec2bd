"""Start-up (issue 13): the command line imports no model library until a command needs one, so `--help`,
`audit`, `tables`, `citations`, `factsheet` and `diff` start at once. Checked on the modules a fresh
interpreter holds, not by timing (bench/startup.py times it)."""
from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("torch", "spacy", "sentence_transformers", "transformers", "thinc", "sklearn", "matplotlib")


def _imported(code: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_importing_the_cli_brings_in_no_model_library() -> None:
    held = _imported("import claimledger.outputs.cli")
    assert not held & set(HEAVY), sorted(held & set(HEAVY))


def test_the_ledger_readers_behind_audit_tables_citations_and_diff_import_no_model_library() -> None:
    held = _imported("import claimledger.outputs.cli, claimledger.outputs.audit, claimledger.outputs.tables, "
                     "claimledger.outputs.citations, claimledger.outputs.diff")
    assert not held & set(HEAVY), sorted(held & set(HEAVY))


def test_help_runs_without_a_model_library() -> None:
    probe = ("import sys\nfrom claimledger.outputs.cli import app\n"
             "try:\n    app(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n")
    held = _imported(probe)
    assert not held & set(HEAVY), sorted(held & set(HEAVY))


def test_audit_on_a_finished_ledger_reads_it_without_pandas_or_a_model(ledger) -> None:  # type: ignore[no-untyped-def]
    # the audit reads its claim columns from ledger.sqlite with sqlite3: pandas alone costs ~1 s to import
    probe = ("from claimledger.outputs.cli import app\n"
             f"try:\n    app(['audit', '--ledger', {str(ledger)!r}], standalone_mode=False)\n"
             "except SystemExit:\n    pass\n")
    held = _imported(probe)
    assert not held & {*HEAVY, "pandas", "pyarrow"}, sorted(held & {*HEAVY, "pandas", "pyarrow"})
