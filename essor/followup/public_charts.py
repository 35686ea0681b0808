"""An indicator's chart and data table for the public page, rendered in Python.

The same drawing as ``followup/includes/indicator_card.html``, built with format_html: a
plan of 300 actions may publish thousands of charts, and a template include per chart was
most of the page's time. Every text is escaped by format_html.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from essor.core.french_numbers import format_number
from essor.followup.charts import IndicatorChart


def _svg(pk: int, name: str, chart: IndicatorChart) -> str:
    title = _("%(name)s: measured values against the expected path") % {"name": name}
    y_labels = format_html_join(
        "",
        '<text x="56" y="{}" class="chart-label" text-anchor="end" '
        'dominant-baseline="middle">{}</text>',
        chart.y_labels,
    )
    x_labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
        ((x, chart.height - 12, year) for x, year in chart.x_labels),
    )
    lines = format_html_join(
        "",
        '<polyline points="{}" class="{}"/>',
        (
            (path, css)
            for path, css in ((chart.expected_path, "expected"), (chart.measured_path, "measured"))
            if path
        ),
    )
    points = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" class="point{}"/>',
        ((p.x, p.y, " estimate" if p.estimate else "") for p in chart.points),
    )
    return format_html(
        '<svg viewBox="0 0 {w} {h}" class="indicator-chart" role="img" '
        'aria-labelledby="public-chart-{pk}" focusable="false"><title id="public-chart-{pk}">'
        '{title}</title><line x1="60" x2="{w}" y1="{b}" y2="{b}" class="chart-axis"/>'
        "{y}{x}{lines}{points}</svg>",
        w=chart.width, h=chart.height, b=chart.bottom_y, pk=pk, title=title,
        y=y_labels, x=x_labels, lines=lines, points=points,
    )  # fmt: skip


def _table(name: str, chart: IndicatorChart) -> str:
    caption = _("Values of %(name)s") % {"name": name}
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="number">{}</td><td>{}</td></tr>',
        (
            (
                row.year,
                format_number(row.expected) or "—",
                f"{format_number(row.value)} ({row.kind_label})" if row.value is not None else "—",
            )
            for row in chart.rows
        ),
    )
    return format_html(
        '<div class="table-wrap" tabindex="0" role="region" aria-label="{c}"><table>'
        '<caption>{c}</caption><thead><tr><th scope="col">{year}</th>'
        '<th scope="col" class="number">{expected}</th><th scope="col">{measured}</th></tr>'
        "</thead><tbody>{rows}</tbody></table></div>",
        c=caption, year=_("Year"), expected=_("Expected"), measured=_("Measured"), rows=rows,
    )  # fmt: skip


def chart_html(indicator, chart: IndicatorChart, judgement, level: int = 4) -> str:
    """``level``: the heading level of the chart (one below its action's)."""
    name = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
    legend = format_html(
        '<ul class="chart-legend"><li><span class="legend-line expected" aria-hidden="true">'
        '</span>{}</li><li><span class="legend-line" aria-hidden="true"></span>{}</li></ul>',
        _("expected path"),
        _("measured (hollow dot: estimate)"),
    )
    return format_html(
        '<section class="indicator-card public-chart" aria-labelledby="public-indicator-{pk}">'
        '<h{level} id="public-indicator-{pk}">{name}</h{level}>'
        '<p><span class="track-{state}">{label}</span> — {explanation}</p>'
        '<div class="chart-and-table"><figure class="chart">{svg}<figcaption>{legend}'
        "</figcaption></figure>{table}</div></section>",
        pk=indicator.pk, level=level, name=name, state=judgement.state,
        label=judgement.label[:1].upper() + judgement.label[1:],
        explanation=judgement.explanation, svg=_svg(indicator.pk, name, chart), legend=legend,
        table=_table(name, chart),
    )  # fmt: skip
