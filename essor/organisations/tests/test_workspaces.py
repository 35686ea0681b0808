"""Each workspace keeps its directory: the leaks named by the "Trust" issue, one by one."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from conftest import PASSWORD
from essor.accounts.models import User
from essor.bodies.models import Body, BodyKind, BodyMember
from essor.meetings.models import Attendance, Meeting, MeetingKind
from essor.organisations.models import Organisation, OrganisationKind, Person
from essor.processes.models import Membership, Process, Role
from essor.workspaces.models import WorkspaceMember, WorkspaceRole

PARIS = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def two(cast, directory):
    """The cast's directory, another workspace's own directory, and a second, unpublished
    process of the cast's workspace that the plain facilitator does not belong to."""
    theirs_org = Organisation.objects.create(
        workspace=cast.elsewhere, name="Coopérative voisine", kind=OrganisationKind.ESS
    )
    theirs = Person.objects.create(
        workspace=cast.elsewhere, first_name="Victor", last_name="Voisin",
        email="victor@example.org", organisation=theirs_org,
    )  # fmt: skip
    confidential = Process.objects.create(
        workspace=cast.workspace, title="Démarche confidentielle du CCAS"
    )
    plain = User.objects.create_user("plain@example.org", PASSWORD, full_name="Paula Plain")
    Membership.objects.create(process=cast.process, user=plain, role=Role.FACILITATOR)
    WorkspaceMember.objects.create(workspace=cast.workspace, user=plain, role=WorkspaceRole.MEMBER)
    return directory, theirs_org, theirs, confidential, plain


def _login(client, user):
    client.force_login(user)
    return client


def _sit_in_a_body_of(process, person):
    body = Body.objects.create(process=process, kind=BodyKind.STEERING, name="COPIL")
    return BodyMember.objects.create(body=body, person=person, role="Membre")


def _attend_a_meeting_of(process, person):
    meeting = Meeting.objects.create(
        process=process, kind=MeetingKind.WORKSHOP, title="Réunion du CCAS",
        starts_at=dt.datetime(2026, 10, 1, 14, tzinfo=PARIS),
    )  # fmt: skip
    return Attendance.objects.create(meeting=meeting, person=person)


def test_the_other_workspace_cannot_export_a_person_of_this_one(client_as, two):
    directory, *_ = two
    url = reverse("organisations:person_export", args=[directory.person.pk])
    assert client_as("other_workspace").get(url).status_code == 404
    assert client_as("facilitator").get(url).status_code == 200


def test_export_lists_only_processes_the_requester_can_see(client, client_as, two):
    directory, _org, _theirs, confidential, plain = two
    _sit_in_a_body_of(directory.process, directory.person)
    _sit_in_a_body_of(confidential, directory.person)
    _attend_a_meeting_of(confidential, directory.person)
    url = reverse("organisations:person_export", args=[directory.person.pk])
    content = _login(client, plain).get(url).content.decode()
    data = json.loads(content)
    assert [m["process"] for m in data["body_memberships"]] == [directory.process.title]
    assert data["meeting_attendances"] == []
    assert "confidentielle" not in content and "CCAS" not in content
    # The workspace's administrator sees every process of the workspace.
    full = json.loads(client_as("facilitator").get(url).content)
    assert len(full["body_memberships"]) == 2 and len(full["meeting_attendances"]) == 1


def test_the_other_workspace_cannot_edit_this_ones_organisation(client_as, two):
    directory, *_ = two
    url = reverse("organisations:edit", args=[directory.org.pk])
    data = {"name": "Renommée", "kind": "business", "ess_family": "not_ess"}
    assert client_as("other_workspace").post(url, data).status_code == 404
    directory.org.refresh_from_db()
    assert (directory.org.name, directory.org.kind) == ("Recyclerie du Clain", "ess")
    assert client_as("facilitator").post(url, data).status_code == 302
    directory.org.refresh_from_db()
    assert directory.org.name == "Renommée"


def test_erasing_a_person_used_by_another_process_is_refused(client, client_as, two):
    directory, _org, _theirs, confidential, plain = two
    membership = _sit_in_a_body_of(confidential, directory.person)
    attendance = _attend_a_meeting_of(confidential, directory.person)
    url = reverse("organisations:person_erase", args=[directory.person.pk])
    client = _login(client, plain)
    page = client.get(url).content.decode()
    assert "1 autre démarche que vous ne voyez pas" in page
    assert "Effacer définitivement" not in page
    response = client.post(url)
    assert response.status_code == 403
    assert "Vous ne pouvez pas effacer cette personne" in response.content.decode()
    assert Person.objects.filter(pk=directory.person.pk).exists()
    assert BodyMember.objects.filter(pk=membership.pk).exists()
    assert Attendance.objects.filter(pk=attendance.pk).exists()
    # Once published, the blocking process is named.
    confidential.is_published = True
    confidential.save()
    assert confidential.title in client.get(url).content.decode()
    # The workspace's administrator answers for the whole workspace.
    assert client_as("facilitator").post(url).status_code == 302
    assert not Person.objects.filter(pk=directory.person.pk).exists()
    assert not BodyMember.objects.filter(pk=membership.pk).exists()


def test_erasing_a_person_used_only_by_my_process_is_allowed(client, two):
    directory, _org, _theirs, _confidential, plain = two
    _sit_in_a_body_of(directory.process, directory.person)
    url = reverse("organisations:person_erase", args=[directory.person.pk])
    assert _login(client, plain).post(url).status_code == 302
    assert not Person.objects.filter(pk=directory.person.pk).exists()


def test_directory_lists_show_only_the_users_workspaces(client_as, two):
    directory, theirs_org, theirs, *_ = two
    pages = {
        role: (
            client_as(role).get(reverse("organisations:list")).content.decode(),
            client_as(role).get(reverse("organisations:person_list")).content.decode(),
        )
        for role in ("facilitator", "other_workspace", "admin")
    }
    mine, their = directory.org.name, theirs_org.name
    assert mine in pages["facilitator"][0] and their not in pages["facilitator"][0]
    assert "Rivière" in pages["facilitator"][1] and "Voisin" not in pages["facilitator"][1]
    assert their in pages["other_workspace"][0] and mine not in pages["other_workspace"][0]
    assert "Voisin" in pages["other_workspace"][1] and "Rivière" not in pages["other_workspace"][1]
    # The platform admin sees both, with the workspace of each row, and may filter.
    assert mine in pages["admin"][0] and their in pages["admin"][0]
    assert "CRESS voisine" in pages["admin"][0] and "CRESS voisine" in pages["admin"][1]
    filtered = client_as("admin").get(
        reverse("organisations:list"), {"workspace": directory.other_workspace.pk}
    )
    assert their in filtered.content.decode() and mine not in filtered.content.decode()
    people = client_as("admin").get(
        reverse("organisations:person_list"), {"workspace": directory.other_workspace.pk}
    )
    assert "Voisin" in people.content.decode() and "Rivière" not in people.content.decode()


def test_a_person_cannot_join_another_workspaces_organisation(client_as, two):
    _directory, theirs_org, *_ = two
    before = Person.objects.count()
    response = client_as("facilitator").post(
        reverse("organisations:person_create"),
        {"last_name": "Durand", "organisation": theirs_org.pk},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert Person.objects.count() == before


def test_same_email_or_siret_may_live_in_two_workspaces(client_as, two):
    directory, *_ = two
    response = client_as("other_workspace").post(
        reverse("organisations:person_create"),
        {"last_name": "Rivière", "email": directory.person.email},
    )
    assert response.status_code == 302
    response = client_as("other_workspace").post(
        reverse("organisations:create"),
        {"name": "Recyclerie", "kind": "ess", "ess_family": "association",
         "siret": directory.org.siret},
    )  # fmt: skip
    assert response.status_code == 302
    assert Organisation.objects.filter(siret=directory.org.siret).count() == 2


def test_admin_with_several_workspaces_chooses_one(client_as, two):
    directory, *_ = two
    url = reverse("organisations:person_create")
    response = client_as("admin").post(url, {"last_name": "Sans-Espace"})
    assert "workspace" in response.context["form"].errors
    assert not Person.objects.filter(last_name="Sans-Espace").exists()
    data = {"last_name": "Sans-Espace", "workspace": directory.other_workspace.pk}
    assert client_as("admin").post(url, data).status_code == 302
    assert Person.objects.get(last_name="Sans-Espace").workspace == directory.other_workspace


def test_body_member_choices_offer_only_the_process_workspace(client_as, two):
    directory, _org, theirs, *_ = two
    body = Body.objects.create(process=directory.process, kind=BodyKind.STEERING, name="COPIL")
    url = reverse("bodies:member_add", args=[directory.process.pk, body.pk])
    page = client_as("facilitator").get(
        reverse("bodies:detail", args=[directory.process.pk, body.pk])
    )
    assert "Rivière" in page.content.decode() and "Voisin" not in page.content.decode()
    response = client_as("facilitator").post(url, {"person": theirs.pk, "role": "Membre"})
    assert response.status_code == 200
    assert not body.members.exists()
    assert client_as("facilitator").post(url, {"person": directory.person.pk}).status_code == 302
    assert body.members.get().person == directory.person
