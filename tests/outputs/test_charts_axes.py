"""Charts of positive figures start at zero, so a gap or a rise looks as large as it is (issue 14)."""
from __future__ import annotations

import base64
import re
import urllib.parse

from claimledger.outputs.charts import Point, conflict_chart, series_chart


def _svg(uri: str) -> str:
    head, data = uri.split(",", 1)
    return base64.b64decode(data).decode() if ";base64" in head else urllib.parse.unquote(data)


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_a_conflict_of_two_positive_figures_is_drawn_from_zero() -> None:
    # 000 says 385,000 graduates, 002 261,000: on an axis from 250,000 the gap would fill the chart
    svg = _svg(conflict_chart([Point("000", 385000, 384500, 404250), Point("002", 261000, 260500, 274050)],
                              lambda v: f"{v:,.0f}"))
    assert "0" in _tick_labels(svg)


def test_a_series_of_positive_levels_is_drawn_from_zero() -> None:
    svg = _svg(series_chart([Point("004", 3.1, period=1995), Point("004", 3.5, period=2000)], lambda v: f"{v:g}"))
    assert "0" in _tick_labels(svg)
