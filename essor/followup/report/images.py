"""The report's charts as PNG images, drawn with Pillow (already installed with reportlab
and python-pptx): one image per indicator (the geometry of the dashboard's SVG chart,
``charts.build_chart``) and one of the budget planned against spent per axis.

Pillow draws a 1,000-pixel chart in a few milliseconds; matplotlib would add a large
dependency and about a second of import for charts this simple.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from essor.core.french_numbers import format_money
from essor.followup.charts import IndicatorChart
from essor.followup.report.fonts import font_path

SCALE = 2  # drawn at twice the SVG's size: sharp once printed
EXPECTED, MEASURED, PLANNED, SPENT = "#6b6b6b", "#0b5fa5", "#9bbcd9", "#0b5fa5"
INK, GRID = "#222222", "#d0d0d0"


@cache
def _font(size: int):
    path = font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _dashed(draw, points, fill, width, dash=10) -> None:
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
        steps = int(length // dash)
        for i in range(0, steps, 2):
            a, b = i / steps, min((i + 1) / steps, 1)
            start = (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a)
            end = (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)
            draw.line([start, end], fill=fill, width=width)


def _pairs(path: str) -> list[tuple[float, float]]:
    return [
        (float(x) * SCALE, float(y) * SCALE) for x, y in (p.split(",") for p in path.split() if p)
    ]


def indicator_png(chart: IndicatorChart) -> bytes:
    """Expected path dashed, measured values solid with a dot each (hollow: an estimate)."""
    image = Image.new("RGB", ((chart.width + 24) * SCALE, (chart.height + 24) * SCALE), "white")
    draw = ImageDraw.Draw(image)
    small = _font(11 * SCALE)
    right = (chart.width - 16) * SCALE
    for y, label in chart.y_labels:
        draw.line([(64 * SCALE, y * SCALE), (right, y * SCALE)], fill=GRID, width=SCALE)
        draw.text((58 * SCALE, y * SCALE), label, fill=INK, font=small, anchor="rm")
    for x, year in chart.x_labels:
        draw.text((x * SCALE, (chart.bottom_y + 16) * SCALE), str(year), fill=INK, font=small,
                  anchor="mm")  # fmt: skip
    _dashed(draw, _pairs(chart.expected_path), EXPECTED, 2 * SCALE)
    measured = _pairs(chart.measured_path)
    if len(measured) > 1:
        draw.line(measured, fill=MEASURED, width=3 * SCALE)
    radius = 4 * SCALE
    for point in chart.points:
        box = [
            (point.x * SCALE - radius, point.y * SCALE - radius),
            (point.x * SCALE + radius, point.y * SCALE + radius),
        ]
        draw.ellipse(box, fill="white" if point.estimate else MEASURED, outline=MEASURED,
                     width=SCALE)  # fmt: skip
    legend = [(EXPECTED, _("expected")), (MEASURED, _("measured"))]
    _legend(draw, (chart.height + 8) * SCALE, legend)
    return _png(image)


def _legend(draw, y: float, entries) -> None:
    x = 64 * SCALE
    font = _font(11 * SCALE)
    for colour, label in entries:
        draw.rectangle([(x, y - 5 * SCALE), (x + 14 * SCALE, y + 5 * SCALE)], fill=colour)
        draw.text((x + 20 * SCALE, y), label, fill=INK, font=font, anchor="lm")
        x += (40 + 7 * len(label)) * SCALE


def budget_png(rows: list[tuple[str, Decimal, Decimal]]) -> bytes:
    """Horizontal bars per axis: planned (light) and spent (dark), in euros."""
    width, bar, gap, label_width = 640, 12, 14, 200
    height = 16 + len(rows) * (2 * bar + gap) + 30
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    font = _font(11 * SCALE)
    top = max([Decimal(1), *(max(p, s) for _label, p, s in rows)])
    span = width - label_width - 110
    y = 16
    for label, planned, spent in rows:
        text = label if len(label) <= 30 else label[:29] + "…"
        draw.text(((label_width - 8) * SCALE, (y + bar) * SCALE), text, fill=INK, font=font,
                  anchor="rm")  # fmt: skip
        for offset, amount, colour in ((0, planned, PLANNED), (bar, spent, SPENT)):
            length = float(amount / top) * span
            y0 = (y + offset) * SCALE
            x0 = label_width * SCALE
            draw.rectangle([(x0, y0), (x0 + max(length, 1) * SCALE, y0 + (bar - 1) * SCALE)],
                           fill=colour)  # fmt: skip
            draw.text((x0 + (length + 6) * SCALE, y0 + bar / 2 * SCALE),
                      f"{format_money(amount)} €", fill=INK, font=font, anchor="lm")  # fmt: skip
        y += 2 * bar + gap
    _legend(draw, (y + 6) * SCALE, [(PLANNED, _("planned")), (SPENT, _("spent"))])
    return _png(image)


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
