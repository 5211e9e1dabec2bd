"""Where a long run is, on stderr (issue 13): stage by stage (reading n/N, extracting n/N, aligning, grouping,
writing), as a live bar (rich, which Typer brings) when stderr is a terminal, else as plain lines that a log
keeps. Plain lines are one per stage and, inside a counted stage, at most one every few seconds, so a run of
a hundred thousand documents does not write a hundred thousand lines.
"""
from __future__ import annotations

import sys
from time import monotonic
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

PLAIN_EVERY = 5.0  # seconds between two plain lines of one stage


class Shown:
    """A run's progress callback ``(stage, done, total, what)``, shown as a bar or as lines, or not at all."""

    def __init__(self, enabled: bool, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.live = self.stream.isatty() if live is None else live
        self.stage = ""
        self.last = 0.0
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Shown:
        if self.enabled and self.live:
            self.bar = Progress(TextColumn("{task.description:<11}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[what]}"), TimeElapsedColumn(),
                                console=Console(file=self.stream), transient=True)
            self.bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, stage: str, done: int, total: int, what: str) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self._bar(stage, done, total, what)
        else:
            self._line(stage, done, total, what)

    def _bar(self, stage: str, done: int, total: int, what: str) -> None:
        assert self.bar is not None
        if stage != self.stage or self.task is None:
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(stage, total=total or None, what=what)
            self.stage = stage
        self.bar.update(self.task, completed=done, what=what)

    def _line(self, stage: str, done: int, total: int, what: str) -> None:
        now = monotonic()
        new = stage != self.stage
        if not (new or done == total or now - self.last >= PLAIN_EVERY):
            return
        self.stage, self.last = stage, now
        count = f" {done}/{total}" if total else ""
        print(f"{stage}{count}{' ' + what if what else ''}", file=self.stream, flush=True)
