"""A user's rights over their own account: download its data, delete it."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import PASSWORD, ROLES
from essor.core.models import AuditEntry
from essor.organisations.models import Person
from essor.processes.models import Membership
from essor.workspaces.models import WorkspaceMember

User = get_user_model()


@pytest.mark.parametrize("role", ROLES)
def test_every_user_downloads_their_own_data_only(client_as, cast, role):
    response = client_as(role).get(reverse("accounts:my_data"))
    if role == "anonymous":
        assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
        return
    assert response["Content-Disposition"] == 'attachment; filename="essor-mon-compte.json"'
    data = json.loads(response.content)
    user = cast.user(role)
    assert data["account"]["email"] == user.email
    others = {u.email for u in User.objects.exclude(pk=user.pk)}
    assert not any(email in response.content.decode() for email in others)
    if role == "facilitator":
        assert [r["process_id"] for r in data["process_roles"]] == [cast.process.pk]
        assert data["workspaces"][0]["workspace"] == "Grand Poitiers"
    assert AuditEntry.objects.filter(verb="account.exported", actor=user).count() == 1


def test_the_directory_record_linked_to_the_account_is_in_the_export(client_as, cast):
    Person.objects.create(
        workspace=cast.workspace, first_name="Claude", last_name="Contributeur",
        email="claude@asso.example.org", user=cast.contributor,
    )  # fmt: skip
    data = client_as("contributor").get(reverse("accounts:my_data")).json()
    assert data["directory_record"]["person"]["email"] == "claude@asso.example.org"


def test_deleting_ones_account_asks_the_password_and_keeps_the_directory_record(client_as, cast):
    person = Person.objects.create(
        workspace=cast.workspace,
        first_name="Camille",
        last_name="Copil",
        user=cast.committee_member,
    )
    client = client_as("committee_member")
    url = reverse("accounts:delete")
    page = client.get(url).content.decode()
    assert "Camille Copil" in page and "administrateurs" in page
    wrong = client.post(url, {"password": "pas le bon"})
    assert "Ce n’est pas votre mot de passe." in wrong.content.decode()
    assert User.objects.filter(pk=cast.committee_member.pk).exists()
    done = client.post(url, {"password": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("core:home")
    assert not User.objects.filter(pk=cast.committee_member.pk).exists()
    assert not Membership.objects.filter(user_id=cast.committee_member.pk).exists()
    assert not WorkspaceMember.objects.filter(user_id=cast.committee_member.pk).exists()
    person.refresh_from_db()
    assert person.user is None  # the authority's record stays, unlinked
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out
    entry = AuditEntry.objects.get(verb="account.deleted")
    assert entry.data == {"user": cast.committee_member.pk}


def test_the_last_administrator_of_a_workspace_cannot_delete_their_account(client_as, cast):
    client = client_as("facilitator")  # the only administrator of "Grand Poitiers"
    page = client.post(reverse("accounts:delete"), {"password": PASSWORD}).content.decode()
    assert "seul administrateur" in page or "seule" in page
    assert "Grand Poitiers" in page
    assert User.objects.filter(pk=cast.facilitator.pk).exists()
    # Another administrator named: the account can go.
    WorkspaceMember.objects.filter(user=cast.contributor).update(role="admin")
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not User.objects.filter(pk=cast.facilitator.pk).exists()


def test_the_only_platform_administrator_cannot_delete_their_account(client_as, cast):
    client = client_as("admin")
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert User.objects.filter(pk=cast.admin.pk).exists()


def test_anonymous_is_sent_to_login(client):
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]


def test_contributions_sent_online_are_in_the_export_and_stay_without_the_account(client_as, cast):
    from essor.contributions import online

    sent = online.submit(
        cast.process, text="Un tiers-lieu au nord", kind="need", user=cast.contributor
    )
    online.submit(cast.process, text="Du public, pas d’elle", kind="idea")
    online.reject(sent, reason="Déjà dit", actor=cast.facilitator)
    data = client_as("contributor").get(reverse("accounts:my_data")).json()
    assert [(c["text"], c["moderation"], c["reason_for_rejection"])
            for c in data["contributions_sent_online"]] == [
        ("Un tiers-lieu au nord", "rejected", "Déjà dit")
    ]  # fmt: skip
    assert (
        client_as("facilitator")
        .get(reverse("accounts:my_data"))
        .json()["contributions_sent_online"]
        == []
    )
    client_as("contributor").post(reverse("accounts:delete"), {"password": PASSWORD})
    sent.refresh_from_db()
    assert sent.created_by is None and sent.text == "Un tiers-lieu au nord"
