"""The follow-up demo loaded by `make run`: a plan adopted two years before the day it is
loaded, followed since, with its committee and groups, and an amended version."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from essor.bodies.models import BodyKind
from essor.decisions.models import Decision
from essor.followup.demo import FOLLOWUP_TITLE
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.summary import summary_contract
from essor.processes.models import Process, ProcessStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [dt.date(2026, 12, 4), dt.date(2026, 3, 31)])
def test_the_followed_plan_was_adopted_two_years_before_loading(today):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())
    call_command("load_demo", today=today, stdout=StringIO())

    process = Process.objects.get(title=FOLLOWUP_TITLE)
    assert (process.status, process.is_published) == (ProcessStatus.FOLLOW_UP, True)
    voted, amended = process.plans.order_by("id")
    assert voted.is_frozen and amended.is_frozen and amended.based_on == voted
    assert voted.council_vote_date.year == today.year - 2
    assert voted.council_vote_date <= today

    # Reports and values of every year since the adoption, none in the future.
    years = set(ProgressReport.objects.filter(process=process).values_list("year", flat=True))
    assert years == {today.year - 2, today.year - 1, today.year} or years == {
        today.year - 1,
        today.year,
    }
    assert IndicatorValue.objects.filter(process=process).count() >= 15
    figures = summary_contract(amended, today.year - 1, today=today)
    assert figures["actions"]["total"] == 9
    assert figures["budget"]["spent"]["operating"] > 0
    assert all(row["value"] is not None for row in figures["indicators"][:2])
    this_year = summary_contract(amended, today.year, today=today)
    assert this_year["actions"]["late"] >= 1  # the training ended, no report this year

    # Governance: the follow-up committee decided the amendment; a group per axis.
    kinds = list(process.bodies.values_list("kind", flat=True))
    assert kinds.count(BodyKind.FOLLOW_UP) == 1 and kinds.count(BodyKind.WORKING_GROUP) == 3
    assert process.bodies.filter(axis__plan=voted).count() == 3
    assert Decision.objects.filter(body__process=process).count() == 1
    incubator = amended.actions.get(title="Ouvrir un incubateur de l’ESS").indicators.get()
    assert incubator.target == 40

    # Two closed campaigns with their figures kept, this year's open and some pilots late.
    from essor.followup.campaign_models import Campaign
    from essor.followup.campaigns import board

    closed = Campaign.objects.filter(plan__process=process, closed_at__isnull=False)
    assert sorted(closed.values_list("year", flat=True)) == [today.year - 2, today.year - 1]
    assert all(c.snapshot["actions"]["total"] == 9 for c in closed)
    (current,) = Campaign.objects.filter(plan__process=process, closed_at__isnull=True)
    assert (current.plan, current.year) == (amended, today.year)
    assert current.deadline < today
    rows = board(current, today).rows
    assert {row.state for row in rows} >= {"answered", "late"}


def test_the_demo_follow_up_pages_answer(client):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    process = Process.objects.get(title=FOLLOWUP_TITLE)
    voted, amended = process.plans.order_by("id")
    assert client.login(username="animatrice@essor.demo", password="essor-demo")
    page = client.get(reverse("followup:dashboard", args=[process.pk, amended.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cette version amende" in text and "Groupe de travail de l’axe 1" in text
    compare = reverse("plans:compare", args=[process.pk, voted.pk]) + f"?avec={amended.pk}"
    assert "-&gt; 40" in client.get(compare).content.decode()
