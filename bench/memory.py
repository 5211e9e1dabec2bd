"""Peak resident memory of a stretch of code: this process by sampling, child processes by getrusage.

``resource.getrusage(RUSAGE_SELF).ru_maxrss`` only ever grows over the life of a process, so it cannot
give the peak of one phase after a bigger one; sampling this process's RSS can. A PDF is parsed in a
forked child (claimledger/corpus/pdf.py); walking the process table for children at every sample slowed PDF reading
by ~20 %, so children are measured by ``RUSAGE_CHILDREN``: the RSS peak of the largest child reaped so far.
"""
from __future__ import annotations

import resource
import threading
from types import TracebackType
from typing import Any

import psutil

METHOD = ("this process: psutil RSS sampled every 10 ms by a background thread; "
          "child processes (PDF parsing): getrusage(RUSAGE_CHILDREN).ru_maxrss, the largest child so far")


def _children_max_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux


class PeakRSS:
    """Context manager: RSS when entered (``baseline``), its sampled peak inside (``peak``), and the
    largest child's peak RSS if a child bigger than any before ran inside (``child_peak``, else 0)."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self._proc = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.baseline = self.peak = self.child_peak = self._children_before = 0

    def __enter__(self) -> PeakRSS:
        self._children_before = _children_max_bytes()
        self.baseline = self.peak = self._proc.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)
        after = _children_max_bytes()
        self.child_peak = after if after > self._children_before else 0

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self._proc.memory_info().rss)

    def result(self) -> dict[str, Any]:
        """In MB: baseline, peak, the peak's growth over the baseline, the largest child's peak (or None)."""
        mb = 2**20
        return {"baseline_mb": round(self.baseline / mb, 1), "peak_mb": round(self.peak / mb, 1),
                "growth_mb": round((self.peak - self.baseline) / mb, 1),
                "child_peak_mb": round(self.child_peak / mb, 1) if self.child_peak else None}
