"""Charts of positive figures start at zero, so a gap or a rise looks as large as it is, and their text does not
run into itself (issue 14)."""
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


def test_series_ticks_do_not_run_into_one_another_and_points_name_their_document() -> None:
    """Regression, the bundled fact sheet: 1993 and a 1993-94 period (drawn at 1993.5) were ticks "1993" and
    "1993.5" on top of each other, and two papers' points both read "(Delgado)", the first word of their labels."""
    points = [Point("Delgado Wise & Rodríguez Ramírez 2001 (004)", 25, period=1991),
              Point("Delgado Wise & Márquez 2006 (000)", 26, period=1993),
              Point("Delgado-Wise & Márquez Covarrubias 2007 (002)", 28, period=1993.5, chosen=True)]
    texts = _tick_labels(_svg(series_chart(points, lambda v: f"{v:g}")))
    assert {"1991", "1993", "1993–94"} <= set(texts) and "1993.5" not in texts
    assert {"25 (004)", "26 (000)", "28 (002)"} <= set(texts) and not [t for t in texts if "Delgado)" in t]
    close = [Point("000", 50, period=1993), Point("002", 50, period=1993.5), Point("004", 50, period=2000)]
    years = [t for t in _tick_labels(_svg(series_chart(close, lambda v: f"{v:g}%"))) if t[:2] in ("19", "20")]
    assert years == ["1993", "2000"]  # 1993.5 is a seventh of the span from 1993: its tick is left out


def test_a_conflict_chart_writes_each_document_above_its_bar_not_as_a_tick() -> None:
    """As y ticks, labels like "Delgado-Wise & Márquez Covarrubias 2007 (002)" took three quarters of the width."""
    points = [Point("Delgado Wise & Márquez 2006 (000)", 385000, 384500, 404250),
              Point("Delgado-Wise & Márquez Covarrubias 2007 (002)", 261000, 260500, 274050, chosen=True)]
    svg = _svg(conflict_chart(points, lambda v: f"{v:,.0f}"))
    texts = _tick_labels(svg)
    assert "Delgado Wise &amp; Márquez 2006 (000): 385,000" in texts
    assert "Delgado-Wise &amp; Márquez Covarrubias 2007 (002): 261,000" in texts
    assert 'id="ytick_1"' not in svg
