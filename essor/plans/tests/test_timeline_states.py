"""What a screen reader hears in the plan's timeline: "en cours" only for this year."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from essor.plans.timeline import build_timeline


def _club(setup):
    """The club, the only action of the plan with a schedule."""
    setup.plan.actions.exclude(title="Créer un club ESS").update(start_date=None, end_date=None)
    return setup.plan.actions.get(title="Créer un club ESS")


def test_years_are_past_current_or_future(setup):
    plan, action = setup.plan, _club(setup)
    plan.mandate_start, plan.mandate_end = 2026, 2029
    action.start_date, action.end_date = dt.date(2026, 1, 1), dt.date(2029, 12, 31)
    action.save()
    (row,) = build_timeline(plan, [action], today=dt.date(2027, 6, 1)).rows
    assert [(c.on, c.when) for c in row.cells] == [
        (True, "past"), (True, "current"), (True, "future"), (True, "future"),
    ]  # fmt: skip


def test_timeline_page_says_past_under_way_and_to_come(setup, client_as):
    year = timezone.localdate().year
    plan, action = setup.plan, _club(setup)
    plan.mandate_start, plan.mandate_end = year - 1, year + 1
    plan.save()
    action.start_date, action.end_date = dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)
    action.save()
    url = reverse("plans:timeline", args=[setup.process.pk, plan.pk])
    html = client_as("contributor").get(url).content.decode()
    for text in ("prévue, année passée", "en cours cette année", "prévue, à venir"):
        assert html.count(f'<span class="visually-hidden">{text}</span>') == 1, text
