"""Server-side SVG bar charts (no JavaScript); each goes with a data table in the page."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

WIDTH = 620
LABEL_WIDTH = 230
BAR_MAX = 300
ROW = 30


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, float]], unit: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value); the title names the chart for screen readers."""
    peak = max((value for _label, value in rows), default=0) or 1
    height = max(ROW * len(rows), ROW) + 8
    bars = []
    for index, (label, value) in enumerate(rows):
        top = index * ROW + 4
        width = max(round(BAR_MAX * value / peak), 1 if value else 0)
        decimals = 1 if unit == "%" else 0
        text = number_format(value, decimals, force_grouping=True) + (f" {unit}" if unit else "")
        bars.append((
            LABEL_WIDTH - 8, top + 19, Truncator(label).chars(28),
            LABEL_WIDTH, top + 5, width,
            LABEL_WIDTH + width + 6, top + 19, text,
        ))  # fmt: skip
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="obs-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="20" class="obs-bar"></rect>'
        '<text x="{}" y="{}" class="obs-value">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="obs-chart" role="img" aria-labelledby="{}-title" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id, WIDTH, height, chart_id, title, body,
    )  # fmt: skip
