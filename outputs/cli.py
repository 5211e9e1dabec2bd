"""The ``claimledger`` command line: thin Typer commands over one library call each.

Errors of claimledger become one line on stderr here, in one place.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress

from models.errors import ClaimledgerError
from outputs.run import RunOptions, run

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn research papers into an auditable ledger of numeric claims.")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command("run")
def run_cmd(paths: list[Path] = typer.Argument(None, help="Text, Markdown or PDF files or folders (default: the bundled papers)."),
            out: Path = typer.Option(Path("ledger"), "--out", help="Output folder."),
            password: Optional[str] = typer.Option(None, "--password", help="Password for encrypted PDFs."),
            timeout: float = typer.Option(120.0, "--timeout", help="Seconds allowed to parse one PDF."),
            memory_mb: int = typer.Option(2048, "--memory-mb", help="Memory allowed to parse one PDF (MB)."),
            strict: bool = typer.Option(False, "--strict", help="Any unreadable document is fatal.")) -> None:
    """Read documents, extract every numeric claim, write the ledger into --out."""
    options = RunOptions(password=password, timeout=timeout, memory_mb=memory_mb, strict=strict)
    try:
        with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("reading", total=None)
            result = run(paths or None, out, options, progress=lambda name: bar.update(task, description=name))
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    for error in result.errors:
        typer.echo(f"error: {error.message}", err=True)
    pages = sum(len(d.pages) for d in result.documents)
    typer.echo(f"{len(result.documents)} documents, {pages} pages, {len(result.claims)} claims, "
               f"{len(result.errors)} errors -> {out}/")
    for doc in result.documents:
        typer.echo(f"  {doc.id}: {sum(1 for c in result.claims if c.doc_id == doc.id)} claims")
    if not result.documents:
        _fail("no document could be read")


@app.command("quantities")
def quantities_cmd(file: Optional[Path] = typer.Argument(None, help="Text file, one input per line (default: stdin)."),
                   jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per input line.")) -> None:
    """Extract quantities from arbitrary text, one input line at a time."""
    from extract.lines import line_quantities

    try:
        lines = (file.read_text(encoding="utf-8") if file else sys.stdin.read()).split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{file}: cannot be read ({exc})")
        return
    if lines and lines[-1] == "":
        lines.pop()
    for line, found in zip(lines, line_quantities(lines)):
        if jsonl:
            typer.echo(json.dumps({"quantities": found}, ensure_ascii=False))
        else:
            typer.echo("\t".join(f"{q['text']} = {q['value']:g} {q['unit']}".strip() for q in found))


def main() -> None:
    """Entry point for ``python -m outputs.cli``."""
    app()


if __name__ == "__main__":
    main()
