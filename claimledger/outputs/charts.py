"""Charts of the fact sheet (matplotlib, Agg): a time series as value over period, a conflict as values by
document.

Charts are SVG, returned as ``data:`` URIs that the page shows in ``<img>``: an image cannot run script or
carry markup into the page, and the page stays one self-contained file. The SVG is byte-identical for the
same input: a fixed ``svg.hashsalt`` for element ids, no date in the metadata, the DejaVu font that ships
with matplotlib drawn as paths.
"""
from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib import transforms  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

RC: dict[RcKeyType, Any] = {
    # text stays text (not glyph paths): a chart weighs a few kilobytes, not fifty, and a phone renders it sharp
    "svg.hashsalt": "claimledger", "svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 11,
    "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#888888",
    "axes.labelcolor": "#333333", "xtick.color": "#555555", "ytick.color": "#555555"}
METADATA = {"Date": None, "Creator": "claimledger"}
INK, ACCENT, MUTED = "#1f4e79", "#b03a2e", "#9aa7b4"


@dataclass(frozen=True)
class Point:
    """One reported value: its label (document and year), value, the interval it allows, its period, and
    whether it is the reconciled one."""

    label: str
    value: float
    low: float | None = None
    high: float | None = None
    period: float | None = None
    chosen: bool = False


def conflict_chart(points: Sequence[Point], fmt: Callable[[float], str]) -> str:
    """Values by document, each with the interval its precision and hedge allow: non-overlapping bars are the
    conflict. The reconciled value is drawn in the accent colour. Each document's label stands above its bar,
    not as a y tick: as ticks, labels like "Delgado-Wise & Márquez Covarrubias 2007 (002)" took three quarters
    of the width and left the values a strip whose x ticks ran into one another."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(5.2, 0.75 * len(points) + 0.9))
        labels = transforms.blended_transform_factory(ax.transAxes, ax.transData)
        for y, p in enumerate(points):
            colour = ACCENT if p.chosen else INK
            if p.low is not None and p.high is not None:
                ax.hlines(y, p.low, p.high, colors=MUTED, linewidth=6, alpha=0.6)
            ax.plot([p.value], [y], "o", color=colour, markersize=7)
            ax.text(0.0, y - 0.28, f"{p.label}: {fmt(p.value)}", transform=labels, ha="left", va="bottom",
                    fontsize=10, color=colour)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(-0.8, len(points) - 0.4)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))  # few ticks: the value labels must not overlap
        ax.margins(x=0.05)
        if all(p.value >= 0 and (p.low is None or p.low >= 0) for p in points):
            ax.set_xlim(left=0)  # from zero, so the gap between two figures looks as large as it is
        ax.set_xlabel("reported value (bar: what precision and hedge allow)")
        return _finish(fig)


def series_chart(points: Sequence[Point], fmt: Callable[[float], str]) -> str:
    """Value over period, one marker per claim labelled with its value (and document when several); the line
    joins the periods in order."""
    dated = sorted(((p.period, p) for p in points if p.period is not None),
                   key=lambda d: (d[0], d[1].value, d[1].label))
    one_doc = len({p.label for _, p in dated}) == 1  # then the value alone labels a point
    span = (dated[-1][0] - dated[0][0]) or 1.0 if dated else 1.0
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(5.2, 3.0))
        ax.plot([x for x, _ in dated], [p.value for _, p in dated], "-", color=MUTED, linewidth=1.5,
                zorder=1)
        below, last = False, None
        for x, p in dated:
            colour = ACCENT if p.chosen else INK
            ax.plot([x], [p.value], "o", color=colour, markersize=7, zorder=2)
            text = fmt(p.value) if one_doc else f"{fmt(p.value)} ({_doc_tag(p.label)})"
            # a label close to the one before goes on the other side of its point, so the two do not overlap
            below = last is not None and x - last < span / 4 and not below
            last = x
            ax.annotate(text, (x, p.value), xytext=(0, -16 if below else 8), textcoords="offset points",
                        ha="center", fontsize=10, color=colour)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
        # one labelled tick per stated period, thinned so that no two labels run into one another (1993 and a
        # 1993-94 period at 1993.5 did); a two-year period reads "1993-94"
        ax.set_xticks(_spread(sorted({x for x, _ in dated}), span / 6))
        ax.xaxis.set_major_formatter(FuncFormatter(_period_tick))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.margins(x=0.2, y=0.25)
        if all(p.value >= 0 for _, p in dated):
            ax.set_ylim(bottom=0)  # a level drawn from zero: a rise from 3.1 to 3.5 does not fill the chart
        ax.set_xlabel("reference period (year)")
        return _finish(fig)


def _doc_tag(label: str) -> str:
    """A document's short tag for a point label: the id in brackets ("... 2006 (000)" -> "000"), else the label's
    first word ("001 2007" -> "001"); an author's first name ("Delgado") tells two versions apart from nothing."""
    found = re.search(r"\(([^()]+)\)\s*$", label)
    return found.group(1) if found else label.split(" ")[0]


def _spread(ticks: list[float], gap: float) -> list[float]:
    """Ticks at least ``gap`` apart, the first and the last kept."""
    kept: list[float] = []
    for t in ticks:
        if not kept or t - kept[-1] >= gap:
            kept.append(t)
        elif t == ticks[-1]:
            kept[-1] = t
    return kept


def _period_tick(v: float, _: object = None) -> str:
    """A year as a tick label; a two-year period's midpoint (1993.5) as "1993-94"."""
    if v == int(v):
        return f"{v:.0f}"
    return f"{int(v)}–{(int(v) + 1) % 100:02d}" if v - int(v) == 0.5 else f"{v:.1f}"


def _finish(fig: plt.Figure) -> str:
    """The figure as an SVG ``data:`` URI; the figure is closed so charts do not pile up in memory."""
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="svg", metadata=METADATA)
    plt.close(fig)
    # a tenth of a point is finer than any screen shows: coordinates and whitespace are half of matplotlib's SVG
    svg = re.sub(r"(\d+\.\d)\d+", r"\1", buf.getvalue().decode("utf-8"))
    svg = re.sub(r">\s+<", "><", svg)
    # the XML prolog, DOCTYPE and RDF metadata draw nothing: an image read from a data: URI needs none of them
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*\n\s*", " ", svg)  # path data is broken into lines of one command each
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
