"""Server-side SVG horizontal bar charts (no JavaScript, no CDN)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from essor.surveys.results import QuestionResult

register = template.Library()

WIDTH = 640
BAR_MAX = 460
ROW = 46


@register.inclusion_tag("surveys/includes/bar_chart.html")
def survey_chart(result: QuestionResult) -> dict:
    """A bar per row: percentage of respondents, or for a ranking how well it ranks."""
    choices = len(result.rows)
    bars = []
    for index, row in enumerate(result.rows):
        if result.chart_kind == "rank":
            share = 0.0 if row.value is None else (choices + 1 - row.value) / choices
            text = (
                _("average rank %(rank)s") % {"rank": number_format(row.value, 2)}
                if row.value is not None
                else _("not ranked")
            )
        else:
            share = row.percent / 100
            text = f"{number_format(row.percent, 1)} % ({row.count})"
        width = round(BAR_MAX * share)
        top = index * ROW
        bars.append(
            {
                "label": Truncator(row.label).chars(70),
                "label_y": top + 16,
                "bar_y": top + 22,
                "width": max(width, 1),
                "text_x": max(width, 1) + 8,
                "text_y": top + 34,
                "text": text,
            }
        )
    return {
        "bars": bars,
        "height": max(ROW * len(bars), ROW),
        "width": WIDTH,
        "chart_id": f"chart-{result.question.pk}",
        "title": _("Chart: %(question)s") % {"question": result.question.text},
    }
