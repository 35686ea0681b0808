"""The follow-up committee and the working groups set up per axis after the vote: a group
is linked to an axis of the validated plan and shown beside it, in the amended version too."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from essor.bodies.models import Body, BodyKind
from essor.meetings.models import Meeting
from essor.plans import scenarios, validation
from essor.plans.models import PlanKind


def _dashboard(client, plan):
    url = reverse("followup:dashboard", args=[plan.process_id, plan.pk])
    response = client.get(url + "?annee=2026")
    assert response.status_code == 200
    return response.content.decode()


def test_a_facilitator_links_a_working_group_to_an_axis(followed, cast, client_as):
    process = followed.plan.process
    axis = followed.place.axis
    client = client_as("facilitator")
    form = client.get(reverse("bodies:create", args=[process.pk])).content.decode()
    assert f"Plan adopté — {axis}" in form
    response = client.post(
        reverse("bodies:create", args=[process.pk]),
        {"kind": "working_group", "name": "Groupe coopération", "axis": axis.pk, "order": 1},
    )
    assert response.status_code == 302
    group = Body.objects.get(name="Groupe coopération")
    assert group.axis == axis
    detail = client.get(reverse("bodies:detail", args=[process.pk, group.pk])).content.decode()
    assert "Suit l’axe" in detail

    # An axis of another process's plan is no choice: refused, nothing written.
    refused = client.post(
        reverse("bodies:create", args=[process.pk]),
        {"kind": "working_group", "name": "Intrus", "axis": 999999, "order": 2},
    )
    assert refused.status_code == 200
    assert not Body.objects.filter(name="Intrus").exists()


def test_the_dashboard_shows_the_committee_and_each_axis_group(followed, cast, client_as):
    process = followed.plan.process
    axis = followed.place.axis
    committee = Body.objects.create(
        process=process, kind=BodyKind.FOLLOW_UP, name="Comité de suivi"
    )
    group = Body.objects.create(
        process=process, kind=BodyKind.WORKING_GROUP, name="Groupe coopération", axis=axis
    )
    Meeting.objects.create(
        process=process, body=committee, kind="follow_up", title="Comité annuel",
        starts_at=timezone.now() + dt.timedelta(days=30),
    )  # fmt: skip
    page = _dashboard(client_as("committee_member"), followed.plan)
    assert "Comité de suivi" in page and "Groupe coopération" in page
    assert "prochaine réunion le" in page
    row = next(r for r in page.split("<tr>") if str(axis) in r and "Groupe coopération" in r)
    assert reverse("bodies:detail", args=[process.pk, group.pk]) in row

    amended = scenarios.duplicate_plan(
        followed.plan, name="Plan amendé", kind=PlanKind.VERSION, actor=cast.facilitator
    )
    validation.record_prior_adoption(
        amended, adopted_on=dt.date(2026, 6, 1), actor=cast.facilitator
    )
    page = _dashboard(client_as("facilitator"), amended)
    row = next(r for r in page.split("<tr>") if "Groupe coopération" in r and "<th" in r)
    assert amended.axes.get(lineage=axis.lineage).title in row
