"""The members page of a workspace, for every role of the cast."""

import pytest
from django.core import mail
from django.urls import reverse

from conftest import ROLES
from essor.workspaces.models import WorkspaceMember, WorkspaceRole

# Only the platform admin and the workspace's admin (the cast's facilitator) manage it.
ALLOWED = ("admin", "facilitator")


def _expected(role, ok):
    if role in ALLOWED:
        return ok
    if role == "anonymous":
        return 302
    # Members see that the workspace exists but do not manage it; others do not see it.
    return 403 if role in ("committee_member", "contributor") else 404


@pytest.mark.parametrize("role", ROLES)
def test_members_page_matrix(client_as, cast, role):
    url = reverse("workspaces:members", args=[cast.workspace.slug])
    response = client_as(role).get(url)
    assert response.status_code == _expected(role, 200)
    if role in ALLOWED:
        assert "Claude Contributeur" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_add_member_matrix(client_as, cast, role):
    url = reverse("workspaces:members", args=[cast.workspace.slug])
    response = client_as(role).post(url, {"email": "autre@example.org", "role": "member"})
    assert response.status_code == _expected(role, 302)
    added = WorkspaceMember.objects.filter(workspace=cast.workspace, user=cast.outsider).exists()
    assert added == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_change_role_matrix(client_as, cast, role):
    member = WorkspaceMember.objects.get(workspace=cast.workspace, user=cast.contributor)
    url = reverse("workspaces:member_role", args=[cast.workspace.slug, member.pk])
    response = client_as(role).post(url, {"role": "admin"})
    assert response.status_code == _expected(role, 302)
    member.refresh_from_db()
    assert (member.role == WorkspaceRole.ADMIN) == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_remove_member_matrix(client_as, cast, role):
    member = WorkspaceMember.objects.get(workspace=cast.workspace, user=cast.contributor)
    url = reverse("workspaces:member_remove", args=[cast.workspace.slug, member.pk])
    response = client_as(role).post(url)
    assert response.status_code == _expected(role, 302)
    assert WorkspaceMember.objects.filter(pk=member.pk).exists() == (role not in ALLOWED)


def test_adding_answers_the_same_whether_or_not_an_account_exists(client_as, cast):
    client = client_as("facilitator")
    url = reverse("workspaces:members", args=[cast.workspace.slug])
    answers = []
    for email in ("autre@example.org", "inconnue@example.org"):
        response = client.post(url, {"email": email, "role": "member"}, follow=True)
        message = [str(m) for m in response.context["messages"]][0]
        answers.append(message.replace(email, "EMAIL"))
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["autre@example.org"], ["inconnue@example.org"]]
    assert WorkspaceMember.objects.filter(
        workspace=cast.workspace, user__email="inconnue@example.org"
    ).exists()


def test_the_last_administrator_stays(client_as, cast):
    admin = WorkspaceMember.objects.get(workspace=cast.workspace, user=cast.facilitator)
    url = reverse("workspaces:member_role", args=[cast.workspace.slug, admin.pk])
    response = client_as("facilitator").post(url, {"role": "member"}, follow=True)
    assert "au moins un administrateur" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == WorkspaceRole.ADMIN


def test_list_shows_my_workspaces_only(client_as, cast):
    page = client_as("other_workspace").get(reverse("workspaces:list")).content.decode()
    assert "CRESS voisine" in page and "Grand Poitiers" not in page
    page = client_as("facilitator").get(reverse("workspaces:list")).content.decode()
    assert reverse("workspaces:members", args=["grand-poitiers"]) in page
    page = client_as("contributor").get(reverse("workspaces:list")).content.decode()
    assert "Grand Poitiers" in page
    assert reverse("workspaces:members", args=["grand-poitiers"]) not in page


@pytest.mark.parametrize("role", ROLES)
def test_platform_admins_manage_workspaces_in_the_django_admin(client_as, cast, role):
    url = reverse("admin:workspaces_workspace_change", args=[cast.elsewhere.pk])
    response = client_as(role).get(url)
    assert response.status_code == (200 if role == "admin" else 302)
    if role == "admin":
        assert "CRESS voisine" in response.content.decode()
