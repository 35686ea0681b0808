"""Every public part of a process through the API: territories, meetings and their
calendar file, themes, the plan's versions, axes, actions with where they stand, indicator
values, and the observatory's diagnostic; each part only when the process shows it."""

import json
import uuid
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.followup import services as followup
from essor.plans.models import Action, Indicator
from essor.portal.models import PortalSettings

pytestmark = pytest.mark.django_db


def url(name, process, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(f"api:{name}", args=[process.pk]) + (f"?{query}" if query else "")


@pytest.fixture
def public(cast, heard, followed):
    cast.process.is_published = True
    cast.process.save()
    followup.record_report(
        followed.place, year=2025, status="in_progress", progress=40, actor=cast.facilitator,
        note="Les travaux ont commencé", note_is_public=True,
    )  # fmt: skip
    followup.record_report(
        followed.network, year=2025, status="blocked", actor=cast.facilitator,
        note="Désaccord entre partenaires", note_is_public=False,
    )  # fmt: skip
    followup.record_indicator_value(
        followed.jobs, year=2025, value=Decimal(22), actor=cast.facilitator
    )
    followup.record_indicator_value(
        followed.dropped_indicator if hasattr(followed, "dropped_indicator") else followed.waste,
        year=2025, value=Decimal(90), actor=cast.facilitator, comment="Commentaire interne",
    )  # fmt: skip
    return cast.process


def test_territories_of_a_process(public, cast, client):
    body = client.get(url("territories", public)).json()
    assert [t["key"] for t in body["results"]] == [cast.territory.key]
    assert client.get(url("territories", public, kind="commune")).json()["count"] == 0


def test_public_meetings_only_with_the_calendar_file(public, client):
    body = client.get(url("meetings", public)).json()
    assert [m["title"] for m in body["results"]] == ["Atelier ouvert"]
    assert body["results"][0]["calendar_url"].endswith(
        f"/api/v1/processes/{public.pk}/meetings.ics"
    )
    calendar = client.get(url("calendar", public))
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"Atelier ouvert" in calendar.content and b"services" not in calendar.content
    PortalSettings.objects.create(process=public, show_calendar=False)
    assert client.get(url("meetings", public)).json()["count"] == 0
    assert b"Atelier ouvert" not in client.get(url("calendar", public)).content


def test_themes_only_when_the_process_shows_them(public, client):
    assert client.get(url("themes", public)).json()["count"] == 0
    PortalSettings.objects.create(process=public, show_themes=True)
    themes = client.get(url("themes", public)).json()["results"]
    assert [(t["letter"], t["title"], t["contribution_count"]) for t in themes] == [
        ("A", "Mobilités", 2), ("B", "Financement", 1),
    ]  # fmt: skip
    ordered = client.get(url("themes", public, ordering="-contribution_count")).json()
    assert ordered["results"][0]["title"] == "Mobilités"


def test_actions_say_where_they_stand_with_the_fiches_action_vocabulary(public, followed, client):
    actions = {a["title"]: a for a in client.get(url("actions", public)).json()["results"]}
    assert "Une monnaie locale" not in actions  # not retained: internal
    place = actions["Un tiers-lieu de l'ESS"]["implementation"]
    assert place["status"] == "in_progress" and place["progress"] == 40
    assert place["late"] and place["fiche_action_status"] == "En retard"  # planned to end in 2025
    assert place["last_public_note"]["text"] == "Les travaux ont commencé"
    network = actions["Un réseau des recycleries"]["implementation"]
    assert network["fiche_action_status"] == "Bloqué" and network["last_public_note"] is None
    text = client.get(url("actions", public)).content.decode()
    assert "Désaccord" not in text
    training = actions["Former les élus"]["implementation"]
    assert training["fiche_action_status"] in ("À venir", "En retard")


def test_axes_versions_and_indicator_values(public, followed, client):
    axes = client.get(url("axes", public)).json()["results"]
    assert [a["number"] for a in axes] == ["1", "2", "2.1"]
    versions = client.get(url("plan_versions", public)).json()["results"]
    assert [(v["id"], v["is_current"]) for v in versions] == [(followed.plan.pk, True)]
    values = client.get(url("indicator_values", public)).json()["results"]
    assert sorted(v["value"] for v in values) == [22, 90]
    assert "Commentaire interne" not in json.dumps(values, ensure_ascii=False)
    jobs = client.get(url("indicator_values", public, indicator=followed.jobs.lineage)).json()
    assert [v["value"] for v in jobs["results"]] == [22]
    assert client.get(url("indicator_values", public, year="abc")).status_code == 400


def test_a_hidden_roadmap_hides_plan_axes_actions_and_values(public, client):
    PortalSettings.objects.create(process=public, show_roadmap=False)
    for name in ("plan", "plan_versions", "axes", "actions", "indicator_values"):
        response = client.get(url(name, public))
        assert response.status_code == 404, name
        assert "detail" in response.json()


def test_nothing_of_an_unpublished_process(cast, heard, followed, client):
    for name in ("territories", "meetings", "calendar", "themes", "axes", "indicator_values"):
        assert client.get(url(name, cast.process)).status_code == 404, name


def test_the_diagnostic_of_any_territory_is_the_command_contract(
    cast,
    imported,
    france,
    client,
):
    response = client.get(reverse("api:diagnostic", args=["commune:86194"]))
    assert response.status_code == 200
    out = StringIO()
    call_command("ess_diagnostic", "commune:86194", stdout=out)
    assert response.json() == json.loads(out.getvalue())
    unknown = client.get(reverse("api:diagnostic", args=["epci:20006985"]))
    assert unknown.status_code == 404
    assert "epci:200069854" in unknown.json()["detail"]


def test_list_query_counts_do_not_grow_with_the_plan(
    public,
    followed,
    cast,
    client,
    django_assert_max_num_queries,
):
    PortalSettings.objects.create(process=public, show_themes=True)
    counts = {}
    for name in ("territories", "meetings", "themes", "axes", "actions", "indicator_values"):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url(name, public))
        counts[name] = len(ctx.captured_queries)
    # Ten times more actions, indicators and values: the same number of queries.
    for index in range(30):
        action = Action.objects.get(pk=followed.place.pk)
        action.pk = None
        action.lineage = uuid.uuid4()
        action.title = f"Copie {index}"
        action.save()
        indicator = Indicator.objects.get(pk=followed.jobs.pk)
        indicator.pk = None
        indicator.lineage = uuid.uuid4()
        indicator.action = action
        indicator.save()
        followup.record_indicator_value(
            indicator, year=2025, value=Decimal(index), actor=cast.facilitator
        )
    for name, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(url(name, public)).status_code == 200


@pytest.mark.parametrize(
    "status,late,label",
    [("not_started", False, "À venir"), ("not_started", True, "En retard"),
     ("in_progress", False, "En cours"), ("in_progress", True, "En retard"),
     ("paused", True, "En pause"), ("blocked", False, "Bloqué"),
     ("abandoned", False, "Abandonné"), ("done", False, "Terminé")],
)  # fmt: skip
def test_the_fiches_action_vocabulary(status, late, label):
    from essor.followup.fiches_action import fiche_action_status

    assert fiche_action_status(status, late) == label
