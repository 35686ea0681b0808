"""An action's progress on the public roadmap, rendered in Python with format_html.

The same markup a template would give, built here because the roadmap repeats it for
every action: a template include per action was a quarter of the page's time at 300
actions (as plans renders its indicator rows). Labels are translated once per page.
Every value is escaped by format_html.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.core.french_numbers import format_money


class ProgressHtml:
    """Renders the progress block of each action of one page."""

    def __init__(self, year: int):
        self.year = year
        self.implementation = _("Implementation")
        self.late = _("late")
        self.planned = _("Budget planned over the mandate")
        self.spent = _("Spent up to %(year)s") % {"year": year}
        self.indicators = _("Indicators")
        self.funding = _("Funding received")

    @staticmethod
    def money(money) -> str:
        return _("operating %(operating)s €, investment %(investment)s €") % {
            "operating": format_money(money.operating) or "0",
            "investment": format_money(money.investment) or "0",
        }

    @staticmethod
    def received(funding) -> str:
        """``funding``: public.Received items, one line each."""
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (_("%(funder)s, %(year)s: %(amount)s €") % {
                        "funder": item.funder, "year": item.year,
                        "amount": format_money(item.amount),
                    },)
                    for item in funding
                ),
            ),
        )  # fmt: skip

    def render(self, progress, title: str) -> str:
        """``progress``: a public.ActionProgress."""
        label = progress.status_label
        status = format_html("<strong>{}</strong>", label[:1].upper() + label[1:])
        if progress.late:
            status = format_html('{} — <strong class="late">{}</strong>', status, self.late)
        if progress.progress is not None:
            status = format_html("{} · {}\u202f%", status, progress.progress)
        rows = [(self.implementation, "", status)]
        if progress.note:
            note = _("Progress note of %(date)s") % {"date": f"{progress.note.date:%d/%m/%Y}"}
            rows.append((note, "pre", progress.note.text))
        if progress.planned is not None:
            rows.append((self.planned, "", self.money(progress.planned)))
            rows.append((self.spent, "", self.money(progress.spent)))
        if progress.funding:
            rows.append((self.funding, "", self.received(progress.funding)))
        counts = progress.indicators
        if counts:
            text = ngettext(
                "%(measured)s of %(total)s measured, %(on_track)s on track",
                "%(measured)s of %(total)s measured, %(on_track)s on track",
                counts.measured,
            ) % {"measured": counts.measured, "total": counts.total, "on_track": counts.on_track}
            charts = _("charts of the indicators of “%(title)s”") % {"title": title}
            link = format_html('{} — <a href="{}">{}</a>', text, progress.charts_url, charts)
            rows.append((self.indicators, "", link))
        items = format_html_join(
            "",
            "<dt>{}</dt><dd{}>{}</dd>",
            ((label, format_html(' class="{}"', css) if css else "", value)
             for label, css, value in rows),
        )  # fmt: skip
        return format_html('<div class="public-progress"><dl class="details">{}</dl></div>', items)
