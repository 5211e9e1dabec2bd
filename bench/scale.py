"""Incremental and parallel runs (issue 13): the bundled corpus cold, warm and with one document added; the
corpus replicated N times (ids made unique) with --jobs 1 and --jobs 2.

    python -m bench.scale [--times 20] [--jobs 1 2] [--full] [--skip-incremental] [--baseline SRC ...]

Every run is ``claimledger run`` in a fresh subprocess, as a user types it. Its stderr progress lines (plain,
stderr being a pipe) are time-stamped as they arrive: the per-document stage is from the start to the
``extracted`` line, the cross-document stages (align, group, write) from there to the end. Peak memory is
the largest sum of RSS over the process and its children (the workers), sampled every 20 ms with psutil.
Replicated runs time the per-document stage only (the run is stopped at ``extracted``) unless ``--full``.
``--baseline SRC ...`` also runs the bundled corpus cold from other source trees (e.g. ``git archive`` of the
commit before issue 13 and of main), side by side, each as a ratio of this tree's cold run. The warm and
one-added ledgers are compared byte for byte with the cold one.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
PAPERS = ROOT / "claimledger" / "corpus" / "papers"
CLI = "from claimledger.outputs.cli import main; main()"


@dataclass
class Timed:
    """One run: wall seconds, per-document stage seconds, peak tree RSS (MB), and the progress lines."""

    seconds: float = 0.0
    per_document: float = 0.0
    peak_mb: float = 0.0
    lines: list[str] = field(default_factory=list)


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        tree = [proc, *proc.children(recursive=True)]
    except psutil.Error:  # a child that ended while it was listed
        tree = [proc]
    for p in tree:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed_run(args: list[str], source: Path = ROOT, stop_after_documents: bool = False) -> Timed:
    """``claimledger run ARGS`` in a subprocess from ``source``, timed stage by stage."""
    env = {**os.environ, "PYTHONPATH": str(source), "HF_HUB_OFFLINE": "1"}
    out = Timed()
    t0 = perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CLI, "run", *args], env=env, cwd=source, text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc, peak, done = psutil.Process(child.pid), [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(proc))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert child.stderr is not None
    for line in child.stderr:
        out.lines.append(f"{perf_counter() - t0:8.1f}s {line.rstrip()}")
        if line.startswith("extracted"):
            out.per_document = perf_counter() - t0
            if stop_after_documents:
                child.kill()
                break
    child.wait()
    out.seconds = perf_counter() - t0
    done.set()
    sampler.join()
    out.peak_mb = round(peak[0] / 2**20, 1)
    return out


def replicate(folder: Path, times: int) -> Path:
    """``times`` copies of each bundled paper with distinct stems (a document's id is its stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(times):
        for paper in sorted(PAPERS.glob("*.txt")):
            shutil.copyfile(paper, folder / f"{paper.stem}-copy{i:03d}.txt")
    return folder


def _show(name: str, t: Timed, cold: float | None = None) -> str:
    ratio = f"  {t.seconds / cold:5.1%} of cold" if cold else ""
    return (f"{name:34} {t.seconds:7.1f} s  per-document stage {t.per_document:7.1f} s  "
            f"peak {t.peak_mb:7.0f} MB{ratio}")


def ledger_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a finished ledger by its relative path (the staging lock and the cache left out)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and not p.name.startswith(".")}


def incremental(scratch: Path, baselines: list[Path]) -> list[str]:
    """Cold, warm and one-added on the bundled corpus, and each baseline tree cold between them. One added
    is the warm cache without the last paper's entry: what a run finds after four papers ran and a fifth
    came."""
    from claimledger.outputs.cache import Cache, fingerprint
    from claimledger.outputs.settings import RunOptions

    papers = sorted(PAPERS.glob("*.txt"))
    cache, out = scratch / "cache", scratch / "ledger"
    args = [*[str(p) for p in papers], "--cache", str(cache), "--out", str(out)]
    report = []
    cold = timed_run(args)
    report.append(_show("bundled (5), cold", cold))
    print(report[-1], "\n  stages:", " | ".join(cold.lines), flush=True)
    cold_files = ledger_bytes(out)
    for n, source in enumerate(baselines):
        base = timed_run([*[str(p) for p in papers], "--out", str(scratch / f"base{n}")], source)
        report.append(_show(f"baseline {source.name}, cold", base) + f"  this tree's cold is "
                      f"{cold.seconds / base.seconds:5.1%} of it")
        print(report[-1], flush=True)
    warm = timed_run(args)
    report.append(_show("bundled (5), warm", warm, cold.seconds) + _same(ledger_bytes(out), cold_files))
    print(report[-1], flush=True)
    key = Cache(cache, fingerprint(RunOptions())).key(papers[-1])
    assert key is not None
    Cache(cache, "").entry(key).unlink()
    added = timed_run(args)
    report.append(_show("4 warm + 1 added", added, cold.seconds) + _same(ledger_bytes(out), cold_files))
    print(report[-1], flush=True)
    report.append("  cold run's stages: " + " | ".join(cold.lines))
    report.append("  one-added stages:  " + " | ".join(added.lines))
    return report


def _same(files: dict[str, bytes], cold: dict[str, bytes]) -> str:
    differ = sorted(k for k in files.keys() | cold.keys() if files.get(k) != cold.get(k))
    return "  ledger = cold's, byte for byte" if not differ else f"  ledger DIFFERS from cold's: {differ}"


def parallel(scratch: Path, times: int, jobs: list[int], full: bool) -> list[str]:
    folder = replicate(scratch / f"x{times}", times)
    report, first = [], None
    for n in jobs:
        t = timed_run([str(folder), "--no-cache", "--jobs", str(n), "--out", str(scratch / f"out{n}")],
                      stop_after_documents=not full)
        first = first or t.per_document
        report.append(_show(f"x{times} ({times * 5} docs), --jobs {n}", t) +
                      f"  speed-up {first / t.per_document:4.2f}x")
        print(report[-1], flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=int, default=20)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--full", action="store_true", help="replicated runs end to end, not only the per-document stage")
    ap.add_argument("--skip-incremental", action="store_true")
    ap.add_argument("--baseline", type=Path, nargs="*", default=[])
    args = ap.parse_args(argv)
    info: dict[str, Any] = {"cpus": len(os.sched_getaffinity(0)), "load": os.getloadavg()[0]}
    print(f"{platform_line()}; {info['cpus']} CPUs for this process; load average {info['load']:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="claimledger-scale-") as scratch:
        lines = [] if args.skip_incremental else incremental(Path(scratch), args.baseline)
        lines += parallel(Path(scratch), args.times, args.jobs, args.full) if args.times else []
    print("summary:\n" + "\n".join(lines))
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    return 0


def platform_line() -> str:
    import platform

    return f"{platform.machine()} {platform.processor() or ''} Python {platform.python_version()}".strip()


if __name__ == "__main__":
    sys.exit(main())
