"""The ``claimledger`` command line: thin Typer commands over one library call each.

Errors of claimledger become one line on stderr here, in one place. Listings speak ``--json`` (and ``--csv``
where they are tables); terminal views follow the terminal's width.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import typer

from claimledger.models.errors import ClaimledgerError, shown
from claimledger.outputs.ledger import neutralised_row
from claimledger.outputs.version import tool_version

# Every command imports what it needs inside its own body: `run` needs spaCy (which brings torch through
# thinc), search the embedding model, the others only the ledger's files; `--help`, `audit`, `tables`,
# `citations`, `factsheet` and `diff` start in well under a second (issue 13). tests/outputs/test_startup.py
# checks that importing this module brings in no model library.

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Turn research papers into an auditable ledger of numeric claims.")
tables_app = typer.Typer(help="List the tables of a finished run, or `tables show TABLE_ID` to print one.")
app.add_typer(tables_app, name="tables")
QUIET, NORMAL, VERBOSE = 0, 1, 2
CACHE_NAME = ".claimledger-cache"  # the extraction cache's folder, beside --out unless --cache moves it


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {shown(message)}", err=True)  # a file name with a newline must not split the line
    raise typer.Exit(code)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"claimledger {tool_version()}")
        raise typer.Exit()


def _level(ctx: typer.Context, quiet: bool, verbose: bool) -> int:
    """How much to print: a command's own -q/-v over the global ones."""
    inherited = ctx.obj if isinstance(ctx.obj, int) else NORMAL
    return QUIET if quiet else VERBOSE if verbose else inherited


@app.callback()
def main_options(ctx: typer.Context,
                 version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                              help="Print the version and exit."),
                 quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
                 verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print each document as it is "
                                              "read and each file written.")) -> None:
    """Turn research papers into an auditable ledger of numeric claims."""
    ctx.obj = _level(ctx, quiet, verbose)


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def _echo_csv(rows: list[dict[str, Any]], columns: list[str]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: "" if r.get(k) is None else neutralised_row([r.get(k)])[0] for k in columns} for r in rows)
    typer.echo(buf.getvalue(), nl=False)


def _fit(line: str) -> str:
    """A listing line cut to the terminal's width when printing to a terminal (pipes get it whole)."""
    if not sys.stdout.isatty():
        return line
    width = shutil.get_terminal_size().columns
    return line if len(line.expandtabs()) <= width else line.expandtabs()[:max(width - 1, 10)] + "…"


@app.command("run")
def run_cmd(ctx: typer.Context,
            paths: list[Path] = typer.Argument(None, help="Text, Markdown or PDF files or folders "
                                                            "(default: the bundled papers)."),
            out: Path = typer.Option(Path("ledger"), "--out", help="Output folder."),
            password: str | None = typer.Option(None, "--password", help="Password for encrypted PDFs."),
            timeout: float | None = typer.Option(None, "--timeout", help="Seconds allowed to read and "
                                                 "extract one document, text or PDF (default 120)."),
            memory_mb: int | None = typer.Option(None, "--memory-mb", help="Memory allowed to read and "
                                                 "extract one document (MB, default 2048)."),
            strict: bool | None = typer.Option(None, "--strict/--no-strict", help="Any unreadable document is "
                                               "fatal (default: no)."),
            policy: str | None = typer.Option(None, "--policy", help="Reconciled-value policy: recent-cited "
                                              "(default), most-precise or earliest."),
            max_text_mb: float | None = typer.Option(None, "--max-text-mb", help="Largest text one document may "
                                                     "hold, in MB (default 20)."),
            max_paragraph_chars: int | None = typer.Option(None, "--max-paragraph-chars", help="Longest paragraph "
                                                           "(characters, default 100000)."),
            max_numbers: int | None = typer.Option(None, "--max-numbers", help="Most numbers one document may "
                                                   "hold (default 20000)."),
            catalog: Path | None = typer.Option(None, "--catalog", help="CSV (doc_id, title, authors, year, venue) "
                                                "or BibTeX file naming the documents' titles, authors and years."),
            jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes for the "
                                            "per-document work (default: one per core; 1 runs in this process)."),
            cache: Path | None = typer.Option(None, "--cache", help="Extraction cache folder (default: "
                                              ".claimledger-cache beside --out)."),
            no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
            engine: str | None = typer.Option(None, "--engine", help="Where the per-document work runs: local "
                                              "(worker processes, default) or ray (claimledger[ray])."),
            ray_address: str | None = typer.Option(None, "--ray-address", help="A running Ray cluster to use "
                                                   "with --engine ray (default: start a local one of --jobs CPUs)."),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
            verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print each document as it is "
                                         "read and each file written.")
            ) -> None:
    """Read documents, extract every numeric claim, write the ledger into --out. Settings not given as flags
    come from claimledger.toml, or [tool.claimledger] in pyproject.toml, in the working folder."""
    from dataclasses import replace

    from claimledger.outputs.progress import Shown
    from claimledger.outputs.run import run
    from claimledger.outputs.settings import load_options

    try:
        options = load_options(Path.cwd(), password=password, timeout=timeout, memory_mb=memory_mb,
                               strict=strict, policy=policy, catalog=str(catalog) if catalog else None,
                               jobs=jobs, cache=str(cache) if cache else None, engine=engine,
                               ray_address=ray_address, max_text_mb=max_text_mb,
                               max_paragraph_chars=max_paragraph_chars, max_numbers=max_numbers)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    options = replace(options, cache=None if no_cache else options.cache or str(out.parent / CACHE_NAME))
    level = _level(ctx, quiet, verbose)
    try:
        with Shown(level != QUIET) as shown_progress:
            def progress(stage: str, done: int, total: int, what: str) -> None:
                shown_progress(stage, done, total, what)
                if level == VERBOSE and stage == "reading":
                    typer.echo(f"reading {what}", err=True)
            result = run(paths or None, out, options, progress=progress)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    for error in result.errors:
        typer.echo(f"error: {shown(error.message)}", err=True)
    if not result.documents:
        _fail("no document could be read")
    if level == QUIET:
        return
    pages = sum(len(d.pages) for d in result.documents)
    typer.echo(f"{len(result.documents)} documents, {pages} pages, {len(result.claims)} claims, "
               f"{len(result.errors)} errors -> {out}/")
    for doc in result.documents:
        typer.echo(f"  {doc.id}: {sum(1 for c in result.claims if c.doc_id == doc.id)} claims")
    if level == VERBOSE:
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            typer.echo(f"wrote {path}", err=True)


@app.command("quantities")
def quantities_cmd(file: Path | None = typer.Argument(None, help="Text file, one input per line (default: stdin)."),
                   jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per input line.")) -> None:
    """Extract quantities from arbitrary text, one input line at a time."""
    from claimledger.extract.lines import line_quantities

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


_LEDGER = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run.")
_DOC = typer.Option(None, "--doc", help="Only this document (id or its prefix, e.g. 002).")
_JSON = typer.Option(False, "--json", help="Print JSON instead of text.")
_CSV = typer.Option(False, "--csv", help="Print CSV instead of text.")


@tables_app.callback(invoke_without_command=True)
def tables_cmd(ctx: typer.Context, ledger: Path = _LEDGER, doc: str | None = _DOC, as_json: bool = _JSON,
               as_csv: bool = _CSV) -> None:
    """List the tables of a finished run, or `tables show TABLE_ID` to print one."""
    from claimledger.outputs.tables import TABLE_COLUMNS, read_tables

    if ctx.invoked_subcommand is not None:
        return
    try:
        found = read_tables(ledger, doc)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json({"tables": [{**t, "header": json.loads(t["header"] or "[]")} for t in found]})
    elif as_csv:
        _echo_csv(found, TABLE_COLUMNS[:11])
    else:
        for t in found:
            same = f"  (same as {t['same_as']})" if t["same_as"] else ""
            typer.echo(_fit(f"{t['table_id']}\t{t['n_rows']}x{t['n_cols']}\t{t['layout']}\t{t['title'] or ''}{same}"))


@tables_app.command("show")
def tables_show_cmd(table_id: str = typer.Argument(..., help="The table to show (see `claimledger tables`)."),
                    ledger: Path = _LEDGER, as_json: bool = _JSON, as_csv: bool = _CSV) -> None:
    """Print one table as it reads: title, header rows, body, source and notes."""
    from rich.console import Console

    from claimledger.outputs.tables import read_table, render, rows_of

    try:
        row, cells = read_table(ledger, table_id)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json({"table": {**row, "header": json.loads(row["header"] or "[]")}, "cells": cells})
    elif as_csv:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(map(neutralised_row, rows_of(row, cells)))
        typer.echo(buf.getvalue(), nl=False)
    else:
        render(row, cells, Console(highlight=False))


@app.command("citations")
def citations_cmd(ledger: Path = _LEDGER, doc: str | None = _DOC,
                  only_dangling: bool = typer.Option(False, "--dangling",
                                                     help="Only citations that resolve to no entry, and uncited "
                                                          "entries."),
                  as_json: bool = _JSON, as_csv: bool = _CSV) -> None:
    """List the in-text citations of a finished run and the reference each resolves to."""
    from claimledger.outputs.citations import CITATION_COLUMNS, dangling, read_citations, render

    try:
        cites, refs = read_citations(ledger, doc)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    if only_dangling:
        loose, uncited = dangling(cites, refs)
    if as_json:
        _echo_json({"dangling": loose, "uncited": uncited} if only_dangling
                   else {"citations": cites, "references": refs})
    elif as_csv:
        _echo_csv(loose if only_dangling else cites, CITATION_COLUMNS)
    else:
        typer.echo(render(cites, refs, only_dangling))


@app.command("search")
def search_cmd(query: str = typer.Argument(..., help="What to look for, e.g. \"remittances 2005\"."),
               ledger: Path = _LEDGER,
               k: int = typer.Option(10, "--k", min=1, help="Number of hits."),
               doc: str | None = _DOC,
               unit: str | None = typer.Option(None, "--unit", help="Only this unit (person, percent, USD, ...)."),
               year_from: int | None = typer.Option(None, "--year-from", help="Period ends in or after this year."),
               year_to: int | None = typer.Option(None, "--year-to", help="Period starts in or before this year."),
               verdict: str | None = typer.Option(None, "--verdict", help="Only claims in groups with this verdict."),
               as_json: bool = typer.Option(False, "--json", help="Print {\"hits\": [...]} as JSON.")) -> None:
    """Search the claims of a finished run (hybrid: embeddings + TF-IDF), filters applied first."""
    from rich.console import Console

    from claimledger.models.search import hit_records, open_ledger
    from claimledger.outputs.index import render_hits

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
def factsheet_cmd(ctx: typer.Context,
                  ledger: Path = typer.Option(Path("ledger"), "--ledger", help="Folder of a finished run.")) -> None:
    """Write factsheet.md and factsheet.html (reconciled quantities by topic) into the ledger folder."""
    from claimledger.outputs.factsheet import write_factsheet

    try:
        paths = write_factsheet(ledger)
    except ClaimledgerError as exc:
        _fail(str(exc))
        return
    level = _level(ctx, False, False)
    if level == QUIET:
        return
    typer.echo(" ".join(str(p) for p in paths))
    if level == VERBOSE:  # as `run -v` names what it wrote
        for path in paths:
            typer.echo(f"wrote {path}", err=True)


@app.command("audit")
def audit_cmd(ledger: Path = _LEDGER,
              verdict: str | None = typer.Option(None, "--verdict",
                                                    help="Only groups of this verdict (conflict, time_series, ...)."),
              doc: str | None = typer.Option(None, "--doc", help="Only groups with a claim of this document "
                                                                    "(id or its prefix, e.g. 002)."),
              as_json: bool = typer.Option(False, "--json", help="The groups with their claims, and the failed "
                                                                 "checks, as JSON.")) -> None:
    """Print the contradiction audit of a finished run: conflicts first, each with why."""
    from claimledger.outputs.audit import audit_records, read_audit

    try:
        if as_json:
            _echo_json(audit_records(ledger, verdict, doc))
        else:
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
    from claimledger.outputs.diff import diff, render_text, write_diff_html

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


@app.command("browse")
def browse_cmd(ledger: Path = _LEDGER,
               host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (this machine only by "
                                        "default)."),
               port: int = typer.Option(8001, "--port", help="Port to listen on.")) -> None:
    """Serve the ledger's SQLite file with Datasette (needs the extra: pip install 'claimledger[browse]')."""
    from claimledger.outputs.browse import serve

    try:
        serve(ledger, host, port)
    except ClaimledgerError as exc:
        _fail(str(exc))


def main() -> None:
    """Entry point for ``python -m claimledger.outputs.cli``."""
    app()


if __name__ == "__main__":
    main()
