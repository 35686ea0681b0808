"""Right of access (JSON export) and right to erasure of a person of the directory."""

import json

import pytest
from django.urls import reverse

from essor.bodies.models import BodyMember
from essor.bodies.tests.data import make_governance
from essor.core.models import AuditEntry
from essor.meetings.models import Attendance
from essor.organisations.models import Person


@pytest.fixture
def gov(cast):
    return make_governance(cast)


def test_export_holds_everything_stored_about_the_person(client_as, cast, gov):
    alice = gov.alice
    alice.email = "alice.martin@example.org"
    alice.role_title = "Présidente de l’association"
    alice.issue_calendar_token()  # a secret, even hashed: not part of the export
    alice.save()
    response = client_as("facilitator").get(reverse("organisations:person_export", args=[alice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="essor-personne-{alice.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["person"] | {"created_at": None, "updated_at": None} == {
        "id": alice.pk, "first_name": "Alice", "last_name": "Martin",
        "email": "alice.martin@example.org", "role_title": "Présidente de l’association",
        "created_at": None, "updated_at": None,
    }  # fmt: skip
    assert data["organisation"] == {"id": gov.org.pk, "name": "Recyclerie du Clain", "siret": ""}
    assert data["account"] == {"email": "copil@example.org"}
    assert data["body_memberships"] == [
        {
            "process": "Plan ESS du Grand Poitiers",
            "body": "Comité de pilotage",
            "role": "Présidente",
        }
    ]
    assert data["meeting_attendances"] == [
        {"process": "Plan ESS du Grand Poitiers", "meeting": "COPIL n°1",
         "starts_at": "2026-01-15T13:00:00+00:00", "status": "present",
         "invited_at": None, "response": "none", "responded_at": None}
    ]  # fmt: skip
    # The apps built on the directory add their part (contributions, surveys).
    assert data["contributions"] == [] and data["surveys"] == []
    assert alice.calendar_token_hash not in response.content.decode()
    entry = AuditEntry.objects.get(verb="person.exported")
    assert entry.data == {"person": alice.pk} and entry.actor == cast.facilitator


def test_export_of_a_person_without_links(client_as, gov):
    response = client_as("admin").get(reverse("organisations:person_export", args=[gov.bob.pk]))
    data = json.loads(response.content)
    assert data["organisation"] is None and data["account"] is None
    assert data["body_memberships"] == []
    assert [a["meeting"] for a in data["meeting_attendances"]] == ["Atelier acteurs"]


def test_erase_removes_the_person_and_their_links_and_keeps_no_personal_data(client_as, gov):
    alice = gov.alice
    pk = alice.pk
    client = client_as("facilitator")
    edit = {"first_name": "Alice", "last_name": "Martin", "role_title": "Trésorière"}
    client.post(reverse("organisations:person_edit", args=[pk]), edit)
    page = client.get(reverse("organisations:person_erase", args=[pk])).content.decode()
    assert "1 participation à une instance supprimée" in page
    assert "1 invitation, réponse ou présence à une réunion supprimée" in page
    assert "le compte n’est pas supprimé ici" in page
    response = client.post(reverse("organisations:person_erase", args=[pk]))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists()
    assert not Attendance.objects.filter(person_id=pk).exists()
    assert not BodyMember.objects.filter(person_id=pk).exists()
    assert Attendance.objects.filter(person=gov.bob).exists()  # others are untouched
    entry = AuditEntry.objects.get(verb="person.erased")
    assert entry.data == {"person": pk}
    every_entry = json.dumps(list(AuditEntry.objects.values("target_repr", "data")))
    assert "Alice" not in every_entry and "Martin" not in every_entry
    gov.process.refresh_from_db()
    assert gov.process.memberships.filter(user__email="copil@example.org").exists()


def test_delete_is_refused_for_a_person_with_history(client_as, gov):
    url = reverse("organisations:person_delete", args=[gov.alice.pk])
    client = client_as("facilitator")
    page = client.get(url).content.decode()
    assert "siège dans une instance" in page
    response = client.post(url)
    assert response.status_code == 200
    assert Person.objects.filter(pk=gov.alice.pk).exists()


def test_delete_a_person_without_history(client_as, cast):
    person = Person.objects.create(workspace=cast.workspace, last_name="Doublon")
    response = client_as("facilitator").post(
        reverse("organisations:person_delete", args=[person.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:person_list")
    assert not Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.get(verb="person.deleted").data == {"person": person.pk}


def test_export_includes_the_contributions_the_person_authored(client_as, gov):
    from essor.contributions.services import add_contribution

    add_contribution(process=gov.process, text="Il manque un lieu", author_person=gov.alice)
    response = client_as("admin").get(reverse("organisations:person_export", args=[gov.alice.pk]))
    data = json.loads(response.content)
    assert [c["text"] for c in data["contributions"]] == ["Il manque un lieu"]
