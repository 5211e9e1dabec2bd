"""The ``claimledger`` command line: thin Typer commands over one library call each.

Errors of claimledger become one line on stderr here, in one place.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.progress import Progress

from models.errors import ClaimledgerError, shown
from outputs.run import run
from outputs.settings import load_options

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn research papers into an auditable ledger of numeric claims.")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {shown(message)}", err=True)  # a file name with a newline must not split the line
    raise typer.Exit(code)


@app.command("run")
def run_cmd(paths: list[Path] = typer.Argument(None, help="Text, Markdown or PDF files or folders "
                                                            "(default: the bundled papers)."),
            out: Path = typer.Option(Path("ledger"), "--out", help="Output folder."),
            password: str | None = typer.Option(None, "--password", help="Password for encrypted PDFs."),
            timeout: float | None = typer.Option(None, "--timeout", help="Seconds allowed to parse one PDF "
                                                 "(default 120)."),
            memory_mb: int | None = typer.Option(None, "--memory-mb", help="Memory allowed to parse one PDF "
                                                 "(MB, default 2048)."),
            strict: bool | None = typer.Option(None, "--strict/--no-strict", help="Any unreadable document is "
                                               "fatal (default: no)."),
            policy: str | None = typer.Option(None, "--policy", help="Reconciled-value policy: recent-cited "
                                              "(default), most-precise or earliest."),
            catalog: Path | None = typer.Option(None, "--catalog", help="CSV (doc_id, title, authors, year, venue) "
                                                "or BibTeX file naming the documents' titles, authors and years.")
            ) -> None:
    """Read documents, extract every numeric claim, write the ledger into --out. Settings not given as flags
    come from claimledger.toml, or [tool.claimledger] in pyproject.toml, in the working folder."""
    try:
        options = load_options(Path.cwd(), password=password, timeout=timeout, memory_mb=memory_mb,
                               strict=strict, policy=policy, catalog=str(catalog) if catalog else None)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    try:
        with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("reading", total=None)
            result = run(paths or None, out, options, progress=lambda name: bar.update(task, description=name))
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    for error in result.errors:
        typer.echo(f"error: {shown(error.message)}", err=True)
    pages = sum(len(d.pages) for d in result.documents)
    typer.echo(f"{len(result.documents)} documents, {pages} pages, {len(result.claims)} claims, "
               f"{len(result.errors)} errors -> {out}/")
    for doc in result.documents:
        typer.echo(f"  {doc.id}: {sum(1 for c in result.claims if c.doc_id == doc.id)} claims")
    if not result.documents:
        _fail("no document could be read")


@app.command("quantities")
def quantities_cmd(file: Path | None = typer.Argument(None, help="Text file, one input per line (default: stdin)."),
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
    for found in line_quantities(lines):
        if jsonl:
            typer.echo(json.dumps({"quantities": found}, ensure_ascii=False))
        else:
            typer.echo("\t".join(f"{q['text']} = {q['value']:g} {q['unit']}".strip() for q in found))


@app.command("tables")
def tables_cmd(action: str | None = typer.Argument(None, help="`show` to print one table."),
               table_id: str | None = typer.Argument(None, help="The table to show (see the list)."),
               ledger: Path = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run."),
               doc: str | None = typer.Option(None, "--doc", help="Only this document (id or its prefix).")) -> None:
    """List the tables of a finished run, or `tables show TABLE_ID` to print one."""
    from rich.console import Console

    from outputs.tables import read_table, read_tables, render

    try:
        if action is None:
            for t in read_tables(ledger, doc):
                same = f"  (same as {t['same_as']})" if t["same_as"] else ""
                typer.echo(f"{t['table_id']}\t{t['n_rows']}x{t['n_cols']}\t{t['layout']}\t{t['title']}{same}")
        elif action == "show" and table_id:
            row, cells = read_table(ledger, table_id)
            render(row, cells, Console(width=160))
        else:
            _fail(f"unknown action {action!r}: use `claimledger tables` or `claimledger tables show TABLE_ID`", 2)
    except ClaimledgerError as exc:
        _fail(str(exc))


@app.command("citations")
def citations_cmd(ledger: Path = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run."),
                  doc: str | None = typer.Option(None, "--doc", help="Only this document (id or its prefix)."),
                  only_dangling: bool = typer.Option(False, "--dangling",
                                                     help="Only citations that resolve to no entry, and uncited "
                                                          "entries.")) -> None:
    """List the in-text citations of a finished run and the reference each resolves to."""
    from outputs.citations import read_citations, render

    try:
        cites, refs = read_citations(ledger, doc)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    typer.echo(render(cites, refs, only_dangling))


@app.command("search")
def search_cmd(query: str = typer.Argument(..., help="What to look for, e.g. \"remittances 2005\"."),
               ledger: Path = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run."),
               k: int = typer.Option(10, "--k", min=1, help="Number of hits."),
               doc: str | None = typer.Option(None, "--doc", help="Only this document (id or its prefix)."),
               unit: str | None = typer.Option(None, "--unit", help="Only this unit (person, percent, USD, ...)."),
               year_from: int | None = typer.Option(None, "--year-from", help="Period ends in or after this year."),
               year_to: int | None = typer.Option(None, "--year-to", help="Period starts in or before this year."),
               verdict: str | None = typer.Option(None, "--verdict", help="Only claims in groups with this verdict."),
               as_json: bool = typer.Option(False, "--json", help="Print {\"hits\": [...]} as JSON.")) -> None:
    """Search the claims of a finished run (hybrid: embeddings + TF-IDF), filters applied first."""
    from rich.console import Console

    from models.search import hit_records, open_ledger
    from outputs.index import render_hits

    try:
        hits = open_ledger(ledger).search(query, k, doc=doc, unit=unit, year_from=year_from, year_to=year_to,
                                          verdict=verdict)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps({"hits": hit_records(hits)}, ensure_ascii=False))
    else:
        render_hits(hits, Console(highlight=False, soft_wrap=True))


@app.command("factsheet")
def factsheet_cmd(ledger: Path = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run.")) -> None:
    """Write factsheet.md and factsheet.html (reconciled quantities by topic) into the ledger folder."""
    from outputs.factsheet import write_factsheet

    try:
        paths = write_factsheet(ledger)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    typer.echo(" ".join(str(p) for p in paths))


@app.command("audit")
def audit_cmd(ledger: Path = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run."),
              verdict: str | None = typer.Option(None, "--verdict",
                                                    help="Only groups of this verdict (conflict, time_series, ...)."),
              doc: str | None = typer.Option(None, "--doc", help="Only groups with a claim of this document "
                                                                    "(id or its prefix, e.g. 002).")) -> None:
    """Print the contradiction audit of a finished run: conflicts first, each with why."""
    from outputs.audit import read_audit

    try:
        typer.echo(read_audit(ledger, verdict, doc))
    except ClaimledgerError as exc:
        _fail(str(exc))


@app.command("diff")
def diff_cmd(a: str = typer.Argument(..., help="The older version: a document id, its prefix (000) or its label."),
             b: str = typer.Argument(..., help="The newer version."),
             ledger: Path = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run."),
             numbers_only: bool = typer.Option(False, "--numbers-only", help="Only the changed figures."),
             as_json: bool = typer.Option(False, "--json", help="The same as JSON records."),
             html: Path | None = typer.Option(None, "--html", help="Also write a side-by-side page to this file.")
             ) -> None:
    """Show what version B changed of version A: a redline sentence by sentence, each changed number marked."""
    from outputs.diff import diff, render_text, write_diff_html

    try:
        found = diff(ledger, a, b)
        if html is not None:
            write_diff_html(html, found)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    if as_json:
        record = found.record()
        if numbers_only:
            record.pop("lines")
        typer.echo(json.dumps(record, ensure_ascii=False, indent=1))
    else:
        typer.echo(render_text(found, numbers_only), nl=False)


def main() -> None:
    """Entry point for ``python -m outputs.cli``."""
    app()


if __name__ == "__main__":
    main()
