"""Small server-side SVG charts: the geometry is computed here, drawn by a template.

Every chart is shown with a data table holding the same figures; each bar
also carries its value as text, so nothing is told by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bar:
    series: int
    value: int
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


@dataclass
class Group:
    label: str
    label_x: float
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    kind: str  # "columns" (over time) or "bars" (breakdowns)
    width: float
    height: float
    groups: list[Group]
    series: list[str]
    baseline: float = 0


def _scale(groups: list[tuple[str, list[int]]], length: float):
    top = max([max(values, default=0) for _label, values in groups] + [1])
    return lambda value: length * value / top


COLUMN_WIDTH, COLUMN_GAP, GROUP_GAP = 22, 4, 20
PLOT_TOP, PLOT_HEIGHT, LEFT = 24, 170, 12


def column_chart(groups: list[tuple[str, list[int]]], series: list[str]) -> Chart:
    """Vertical columns, one group per label (e.g. per meeting), one column per series."""
    scale = _scale(groups, PLOT_HEIGHT)
    group_width = len(series) * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP
    baseline = PLOT_TOP + PLOT_HEIGHT
    chart_groups = []
    for index, (label, values) in enumerate(groups):
        left = LEFT + index * (group_width + GROUP_GAP)
        group = Group(label=label, label_x=left + group_width / 2, label_y=baseline + 18)
        for number, value in enumerate(values):
            height = scale(value)
            x = left + number * (COLUMN_WIDTH + COLUMN_GAP)
            group.bars.append(
                Bar(number, value, x, baseline - height, COLUMN_WIDTH, height,
                    x + COLUMN_WIDTH / 2, baseline - height - 5)
            )  # fmt: skip
        chart_groups.append(group)
    width = LEFT * 2 + max(len(groups), 1) * (group_width + GROUP_GAP)
    return Chart("columns", width, baseline + 30, chart_groups, series, baseline)


BAR_HEIGHT, BAR_GAP, LABEL_HEIGHT, BAR_LENGTH, CHART_WIDTH = 14, 3, 18, 520, 600


def bar_chart(groups: list[tuple[str, list[int]]], series: list[str]) -> Chart:
    """Horizontal bars, the label above each group, one bar per series."""
    scale = _scale(groups, BAR_LENGTH)
    chart_groups = []
    y = 4
    for label, values in groups:
        group = Group(label=label, label_x=0, label_y=y + 13)
        y += LABEL_HEIGHT
        for number, value in enumerate(values):
            length = scale(value)
            group.bars.append(
                Bar(number, value, 0, y, length, BAR_HEIGHT, length + 5, y + BAR_HEIGHT - 3)
            )
            y += BAR_HEIGHT + BAR_GAP
        y += 8
        chart_groups.append(group)
    return Chart("bars", CHART_WIDTH, y, chart_groups, series)
