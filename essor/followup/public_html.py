"""An action's progress on the public roadmap, rendered in Python with format_html.

The same markup a template would give, built here because the roadmap repeats it for
every action: a template include per action was a quarter of the page's time at 300
actions (as plans renders its indicator rows). Every value is escaped by format_html.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.core.french_numbers import format_money


def _money(money) -> str:
    return _("operating %(operating)s €, investment %(investment)s €") % {
        "operating": format_money(money.operating) or "0",
        "investment": format_money(money.investment) or "0",
    }


def action_progress_html(progress, title: str, year: int) -> str:
    """``progress``: a public.ActionProgress."""
    rows = []
    status = format_html("<strong>{}</strong>", progress.status_label[:1].upper()
                         + progress.status_label[1:])  # fmt: skip
    if progress.late:
        status = format_html('{} — <strong class="late">{}</strong>', status, _("late"))
    if progress.progress is not None:
        status = format_html("{} · {}\u202f%", status, progress.progress)
    rows.append((_("Implementation"), "", status))
    if progress.note:
        label = _("Progress note of %(date)s") % {"date": f"{progress.note.date:%d/%m/%Y}"}
        rows.append((label, "pre", progress.note.text))
    if progress.planned is not None:
        rows.append((_("Budget planned over the mandate"), "", _money(progress.planned)))
        rows.append((_("Spent up to %(year)s") % {"year": year}, "", _money(progress.spent)))
    counts = progress.indicators
    if counts:
        text = ngettext(
            "%(measured)s of %(total)s measured, %(on_track)s on track",
            "%(measured)s of %(total)s measured, %(on_track)s on track",
            counts.measured,
        ) % {"measured": counts.measured, "total": counts.total, "on_track": counts.on_track}
        link = format_html(
            '{} — <a href="{}">{}</a>',
            text,
            progress.charts_url,
            _("charts of the indicators of “%(title)s”") % {"title": title},
        )
        rows.append((_("Indicators"), "", link))
    items = format_html_join(
        "",
        "<dt>{}</dt><dd{}>{}</dd>",
        ((label, format_html(' class="{}"', css) if css else "", value)
         for label, css, value in rows),
    )  # fmt: skip
    return format_html('<div class="public-progress"><dl class="details">{}</dl></div>', items)
