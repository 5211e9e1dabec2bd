"""``claimledger browse``: the SQLite ledger served by Datasette on this machine, with the metadata ``run``
writes beside it (titles, column descriptions, label columns, full-text search). Datasette is the optional
``claimledger[browse]`` extra and is imported only here."""
from __future__ import annotations

from pathlib import Path

from claimledger.models.errors import MissingExtra


def datasette_args(ledger: Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The ``datasette serve`` arguments for a finished ledger folder."""
    from claimledger.outputs.ledger import connect_ledger

    db, meta = ledger / "ledger.sqlite", ledger / "metadata.json"
    connect_ledger(ledger).close()  # missing or damaged: one line here, not a traceback from Datasette
    args = ["serve", str(db), "--host", host, "--port", str(port)]
    return args + (["--metadata", str(meta)] if meta.is_file() else [])


def serve(ledger: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the ledger until interrupted."""
    args = datasette_args(ledger, host, port)
    try:
        from datasette.cli import cli
    except ImportError:
        raise MissingExtra("Datasette is not installed: pip install 'claimledger[browse]'") from None
    cli.main(args=args, prog_name="datasette", standalone_mode=False)
