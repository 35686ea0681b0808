"""An indicator's chart, drawn on the server as SVG coordinates (no JavaScript library).

The expected path (baseline to target, through the yearly targets) is a dashed line, the
measured values a solid line with a dot per year (hollow for an estimate). The template
shows the same figures in a table next to the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from essor.core.french_numbers import format_number
from essor.followup.indicators import baseline_year, expected_value

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36


@dataclass
class Point:
    x: float
    y: float
    estimate: bool = False


@dataclass
class ChartRow:
    year: int
    expected: Decimal | None
    value: Decimal | None
    kind: str = ""
    kind_label: str = ""


@dataclass
class IndicatorChart:
    width: int = WIDTH
    height: int = HEIGHT
    bottom_y: float = HEIGHT - BOTTOM
    expected_path: str = ""
    measured_path: str = ""
    points: list[Point] = field(default_factory=list)
    x_labels: list[tuple[float, int]] = field(default_factory=list)
    y_labels: list[tuple[float, str]] = field(default_factory=list)
    rows: list[ChartRow] = field(default_factory=list)


def build_chart(indicator, plan, values: dict[int, object]) -> IndicatorChart:
    """``values``: the current IndicatorValue of each year measured."""
    first = min([baseline_year(indicator, plan), plan.mandate_start, *values])
    last = max([plan.mandate_end, indicator.target_year or first, *values])
    years = list(range(first, last + 1))
    rows = [
        ChartRow(
            year=year,
            expected=expected_value(indicator, year, plan),
            value=values[year].value if year in values else None,
            kind=values[year].kind if year in values else "",
            kind_label=values[year].get_kind_display() if year in values else "",
        )
        for year in years
    ]
    numbers = [n for r in rows for n in (r.expected, r.value) if n is not None]
    low = min([Decimal(0), *numbers])
    high = max([Decimal(1), *numbers])
    span = float(high - low) or 1.0
    step = (WIDTH - LEFT - RIGHT) / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return round(LEFT + (year - first) * step, 1)

    def y(number) -> float:
        return round(TOP + (float(high) - float(number)) / span * (HEIGHT - TOP - BOTTOM), 1)

    expected = [(x(r.year), y(r.expected)) for r in rows if r.expected is not None]
    measured = [
        Point(x(r.year), y(r.value), r.kind == "estimate") for r in rows if r.value is not None
    ]
    return IndicatorChart(
        expected_path=" ".join(f"{px},{py}" for px, py in expected),
        measured_path=" ".join(f"{p.x},{p.y}" for p in measured),
        points=measured,
        x_labels=[(x(year), year) for year in years],
        y_labels=[(y(n), format_number(n)) for n in (low, (low + high) / 2, high)],
        rows=rows,
    )
