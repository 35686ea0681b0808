"""The demo's story holds whatever the day it is loaded: dates, phases, plan, e-mails."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from essor.decisions.models import Decision
from essor.demo.builder import DEMO_TITLE, DEMO_USERS, demo_email
from essor.demo.second_workspace import SECOND_TITLE
from essor.meetings.models import Attendance, Meeting
from essor.organisations.models import Person
from essor.plans.models import Action, BudgetLine, Funding, Indicator, Milestone
from essor.processes.models import Process

# The reference day of the story, and a Monday almost two years earlier.
# Two days far apart, both already past: the demo records decisions at meetings held by
# then, and a decision at a meeting still to come (in real time) is refused.
DAYS = [dt.date(2026, 11, 16), dt.date(2025, 2, 3)]


@pytest.fixture
def reference_data(db):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_calendar_is_relative_to_the_day_it_is_loaded(reference_data, today):
    out = StringIO()
    call_command("load_demo", "--today", today.isoformat(), stdout=out)
    for email, _name, _role in DEMO_USERS:  # the printed logins do not change
        assert email in out.getvalue()
    process = Process.objects.get(title=DEMO_TITLE)
    phases = list(process.phases.order_by("order"))
    assert process.start_date == phases[0].start_date <= today <= process.end_date
    assert [p.end_date + dt.timedelta(days=1) for p in phases[:-1]] == [
        p.start_date for p in phases[1:]
    ]
    current = next(p for p in phases if p.start_date <= today <= p.end_date)
    assert current.order == 2  # the concertation phase
    # The second workspace's process has just started, whatever the day.
    second = Process.objects.get(title=SECOND_TITLE)
    assert second.start_date == today - dt.timedelta(weeks=4)

    for meeting in Meeting.objects.filter(process=process).select_related("phase"):
        phase = meeting.phase
        assert phase.start_date <= _local_day(meeting.starts_at) <= phase.end_date, meeting
        assert _local_day(meeting.ends_at) <= phase.end_date, meeting
    for workshop in process.workshops.select_related("meeting__phase"):
        if workshop.meeting_id:
            phase = workshop.meeting.phase
            assert phase.start_date <= workshop.date <= phase.end_date, workshop
        else:
            assert any(p.start_date <= workshop.date <= p.end_date for p in phases), workshop

    held = process.workshops.get(title__startswith="Atelier acteurs 1")
    to_come = process.workshops.get(title__startswith="Atelier acteurs 2")
    residents = process.workshops.get(title__startswith="Atelier habitants")
    assert held.date < today < to_come.date
    assert residents.date < today and held.vote_status == "closed"
    assert held.contributions.exists() and residents.contributions.exists()
    assert not to_come.contributions.exists()

    for decision in Decision.objects.filter(body__process=process).select_related("meeting"):
        assert decision.decided_on == _local_day(decision.meeting.starts_at) < today
    attended = Attendance.objects.filter(
        meeting__process=process, status=Attendance.Status.PRESENT
    ).select_related("meeting")
    assert attended and all(_local_day(a.meeting.starts_at) < today for a in attended)

    actions = Action.objects.filter(plan__process=process)
    for action in actions.filter(status="in_progress"):
        assert action.start_date <= today
    for milestone in Milestone.objects.filter(action__in=actions):
        assert milestone.done == (milestone.date <= today)
    assert Milestone.objects.filter(action__in=actions, done=True).exists()
    plan = process.plans.order_by("created_at").first()
    assert plan.mandate_start <= today.year <= plan.mandate_end


@pytest.mark.django_db
def test_budgets_funders_and_indicators_are_varied(reference_data):
    call_command("load_demo", "--today", "2026-11-16", stdout=StringIO())
    process = Process.objects.get(title=DEMO_TITLE)
    plan = process.plans.order_by("created_at").first()
    lines = BudgetLine.objects.filter(action__plan=plan)
    assert len(set(lines.values_list("planned", flat=True))) >= 10
    assert {"operating", "investment"} <= set(lines.values_list("nature", flat=True))
    assert lines.filter(actual__isnull=False).exists()
    funders = Funding.objects.filter(action__plan=plan)
    assert len(set(funders.values_list("funder", flat=True))) >= 8
    assert len(set(funders.values_list("amount", flat=True))) >= 6
    indicators = Indicator.objects.filter(action__plan=plan)
    assert len(set(indicators.values_list("name", flat=True))) >= 10
    assert len(set(indicators.values_list("unit", flat=True))) >= 6


def test_demo_emails_have_ascii_local_parts(reference_data):
    call_command("load_demo", "--today", "2026-11-16", stdout=StringIO())
    emails = list(Person.objects.exclude(email="").values_list("email", flat=True))
    assert len(emails) >= 10
    for email in emails:
        local, _at, domain = email.partition("@")
        assert re.fullmatch(r"[a-z0-9.-]+", local), email
    assert "helene.garnier@exemple.org" in emails
    assert demo_email("Inès", "Rivière-Dupré") == "ines.riviere-dupre@exemple.org"
