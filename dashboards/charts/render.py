"""Server-rendered SVG charts (pygal, no JavaScript, no CDN) and their CSV twins.

A chart is described once as `ChartData` (title, column names, rows); the page shows the same
rows as an accessible table, the SVG view draws them, the CSV view downloads them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext
from pygal.style import Style

from crowddo.spreadsheet import neutralise

STYLE = Style(
    background="#ffffff", plot_background="#ffffff", foreground="#1b1f24",
    foreground_strong="#1b1f24", foreground_subtle="#4d5561", colors=("#0b5cad", "#1d6b35",
                                                                      "#8a4b00", "#a3142b"),
    font_family="system-ui, sans-serif", label_font_size=13, major_label_font_size=13,
    title_font_size=16, legend_font_size=13, value_font_size=12,
)

SCRIPT = re.compile(rb"<script\b[^>]*?(/>|>.*?</script>)", re.S)


@dataclass
class ChartData:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    kind: str = "bar"  # "bar" (horizontal, label + value) or "line" (x + running total)
    value_column: int = 1


# Phones get a chart drawn for their width (`narrow`): the same 13 px labels, shown at about
# that size instead of shrunk to 6 px, and fewer of them on the time axis.
WIDE, NARROW = 760, 380


def _config(narrow: bool = False, **extra) -> dict:
    # js=[]: no script tags (the CSP forbids them, and the chart must work without them).
    return {"style": STYLE, "js": [], "width": NARROW if narrow else WIDE, "height": 360,
            "show_legend": False,
            "disable_xml_declaration": False, "explicit_size": True, "print_values": False,
            "no_data_text": gettext("No data yet"), **extra}


def day_label(value) -> str | None:
    """A day of a time series ("2026-09-10" in the data and the CSV) as the page's language
    writes a short date ("10 Sep 2026", "10 सित॰ 2026", "10/09/2026"); None for other labels."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return None
    return None


def few_ticks(top: float) -> list[float]:
    """0 and round steps (1, 2 or 5 × 10ⁿ) up to at least `top`: three or four ticks."""
    raw = max(top, 1) / 3
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(math.ceil(top / step) + 1)] if top > 0 else [0, step]


def render_svg(data: ChartData, *, narrow: bool = False) -> bytes:
    if data.kind == "line":
        chart = pygal.Line(**_config(narrow, x_label_rotation=30, show_minor_x_labels=False,
                                     x_labels_major_count=3 if narrow else 8, fill=True,
                                     show_dots=False))
        chart.x_labels = [day_label(r[0]) or str(r[0]) for r in data.rows]
    else:
        height = max(200, 48 + 34 * len(data.rows))
        chart = pygal.HorizontalBar(**_config(narrow, height=height, print_values=True,
                                              truncate_label=-1 if narrow else None))
        chart.x_labels = [str(r[0]) for r in data.rows]
        if narrow:  # beside long names, ten ticks shrink to "…": three or four round ones
            chart.y_labels = few_ticks(max((float(r[data.value_column] or 0)
                                            for r in data.rows), default=0))
    chart.title = data.title
    chart.add(data.columns[data.value_column],
              [float(r[data.value_column] or 0) for r in data.rows])
    # pygal always writes its config into a <script> (for tooltips); the chart needs none.
    return SCRIPT.sub(b"", chart.render())


def render_csv(data: ChartData) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(data.columns)
    for row in data.rows:
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()
