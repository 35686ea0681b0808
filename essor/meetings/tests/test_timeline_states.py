"""What a screen reader hears in the timeline: past months of a phase are past, only the
current month is "en cours", later months are "à venir"."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from essor.meetings.timeline import build_timeline
from essor.processes.models import Phase


def test_cells_of_a_phase_are_past_current_or_future_relative_to_today(gov):
    timeline = build_timeline(gov.process, "Sans phase", today=dt.date(2026, 2, 10))
    internal, external, _without = timeline.rows  # January–March, April–June 2026
    assert [c.when for c in internal.cells if c.in_phase] == ["past", "current", "future"]
    assert {c.when for c in external.cells if c.in_phase} == {"future"}
    later = build_timeline(gov.process, "Sans phase", today=dt.date(2026, 12, 4))
    assert {c.when for row in later.rows for c in row.cells} == {"past"}


def _hidden(html: str, text: str) -> int:
    return html.count(f'<span class="visually-hidden">{text}</span>')


def test_timeline_page_says_past_under_way_and_to_come(client_as, cast):
    today = timezone.localdate()
    Phase.objects.create(
        process=cast.process, order=1, name="Diagnostic",
        start_date=today.replace(year=today.year - 2, day=1),
        end_date=today.replace(year=today.year - 2, day=1),
    )  # fmt: skip
    Phase.objects.create(process=cast.process, order=2, name="Concertation",
                         start_date=today, end_date=today)  # fmt: skip
    Phase.objects.create(
        process=cast.process, order=3, name="Vote",
        start_date=today.replace(year=today.year + 2, day=1),
        end_date=today.replace(year=today.year + 2, day=1),
    )  # fmt: skip
    html = client_as("contributor").get(reverse("meetings:timeline", args=[cast.process.pk]))
    html = html.content.decode()
    assert _hidden(html, "Phase, mois passé") == 1
    assert _hidden(html, "Phase en cours") == 1
    assert _hidden(html, "Phase à venir") == 1
