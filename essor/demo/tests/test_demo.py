from io import StringIO

import pytest
from django.core.management import call_command

from essor.bodies.models import BodyKind
from essor.decisions.models import Decision
from essor.demo.builder import DEMO_TITLE
from essor.meetings.models import Meeting, MeetingKind
from essor.processes.models import Process


@pytest.fixture
def reference_data(db):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())


def test_load_demo_builds_a_living_process_and_is_idempotent(reference_data, client):
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "animatrice@essor.demo" in text
    assert "essor-demo" in text

    process = Process.objects.get(title=DEMO_TITLE)
    assert process.is_published
    assert {t.key for t in process.territories.all()} == {"epci:200069854", "commune:86194"}
    assert process.phases.count() == 3
    kinds = set(process.bodies.values_list("kind", flat=True))
    assert {BodyKind.STEERING, BodyKind.TECHNICAL} <= kinds
    for body in process.bodies.filter(kind__in=[BodyKind.STEERING, BodyKind.TECHNICAL]):
        assert body.members.count() >= 4
    meeting_kinds = set(Meeting.objects.filter(process=process).values_list("kind", flat=True))
    assert {
        MeetingKind.LAUNCH,
        MeetingKind.WORKSHOP,
        MeetingKind.BODY_MEETING,
        MeetingKind.REPORT_BACK,
        MeetingKind.COUNCIL_VOTE,
    } <= meeting_kinds
    assert Meeting.objects.filter(process=process, phase__isnull=True).count() == 0
    assert Decision.objects.filter(body__process=process).count() == 2

    # Concertation: a workshop held with contributions and a closed dot vote, a survey.
    held = process.workshops.get(meeting__title__startswith="Atelier acteurs 1")
    assert held.vote_status == "closed"
    ranked = list(held.contributions.with_votes().order_by("-vote_points", "id")[:2])
    assert [c.vote_points for c in ranked] == [6, 3]
    assert "lieu pour se croiser" in ranked[0].text
    assert process.workshops.count() == 3  # + the residents’ workshop of the synthesis demo
    survey = process.surveys.get()
    assert survey.responses.count() == 12

    call_command("load_demo", stdout=StringIO())
    assert Process.objects.filter(title=DEMO_TITLE).count() == 1
    assert Meeting.objects.filter(process=process).count() == 16

    assert client.login(username="animatrice@essor.demo", password="essor-demo")
    assert client.get(f"/demarches/{process.pk}/").status_code == 200


def test_the_demo_workspaces_keep_their_directories_apart(reference_data, client):
    from essor.demo.second_workspace import SECOND_TITLE
    from essor.organisations.models import Person

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "animateur.chatellerault@essor.demo" in out.getvalue()
    first = Process.objects.get(title=DEMO_TITLE)
    second = Process.objects.get(title=SECOND_TITLE)
    assert first.workspace != second.workspace
    theirs = Person.objects.get(last_name="Texier")
    ours = Person.objects.get(last_name="Garnier")
    assert (ours.workspace, theirs.workspace) == (first.workspace, second.workspace)

    assert client.login(username="animatrice@essor.demo", password="essor-demo")
    people = client.get("/organisations/personnes/").content.decode()
    assert "Garnier" in people and "Texier" not in people
    assert client.get(f"/organisations/personnes/{theirs.pk}/").status_code == 404
    assert client.get(f"/organisations/personnes/{theirs.pk}/export/").status_code == 404
    assert client.get(f"/demarches/{second.pk}/").status_code == 404

    assert client.login(username="animateur.chatellerault@essor.demo", password="essor-demo")
    people = client.get("/organisations/personnes/").content.decode()
    assert "Texier" in people and "Garnier" not in people
    assert client.get(f"/organisations/personnes/{ours.pk}/").status_code == 404
    assert client.get(f"/demarches/{second.pk}/").status_code == 200
