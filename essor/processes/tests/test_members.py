"""Who hands out the facilitator role, and adding a member without learning whether an
account exists."""

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD
from essor.accounts.models import User
from essor.processes.models import Membership, Role
from essor.workspaces.models import WorkspaceMember, WorkspaceRole


@pytest.fixture
def plain_facilitator(cast, client):
    """A facilitator of the cast's process who does not administer its workspace."""
    user = User.objects.create_user("second@example.org", PASSWORD, full_name="Sam Second")
    Membership.objects.create(process=cast.process, user=user, role=Role.FACILITATOR)
    WorkspaceMember.objects.create(workspace=cast.workspace, user=user, role=WorkspaceRole.MEMBER)
    client.force_login(user)
    return client


def test_a_plain_facilitator_cannot_add_a_facilitator(cast, plain_facilitator):
    url = reverse("processes:members", args=[cast.process.pk])
    response = plain_facilitator.post(url, {"email": "new@example.org", "role": "facilitator"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="new@example.org").exists()
    assert not Membership.objects.filter(user__email="new@example.org").exists()
    page = plain_facilitator.get(url).content.decode()
    assert 'value="facilitator"' not in page


def test_a_plain_facilitator_cannot_promote_to_facilitator(cast, plain_facilitator):
    contributor = Membership.objects.get(process=cast.process, role=Role.CONTRIBUTOR)
    url = reverse("processes:member_role", args=[cast.process.pk, contributor.pk])
    plain_facilitator.post(url, {"role": "facilitator"})
    contributor.refresh_from_db()
    assert contributor.role == Role.CONTRIBUTOR


def test_a_plain_facilitator_cannot_demote_a_facilitator(cast, plain_facilitator):
    lead = Membership.objects.get(process=cast.process, user=cast.facilitator)
    url = reverse("processes:member_role", args=[cast.process.pk, lead.pk])
    plain_facilitator.post(url, {"role": "contributor"})
    lead.refresh_from_db()
    assert lead.role == Role.FACILITATOR


def test_a_plain_facilitator_still_adds_committee_members(cast, plain_facilitator):
    url = reverse("processes:members", args=[cast.process.pk])
    response = plain_facilitator.post(
        url, {"email": "copil2@example.org", "role": "committee_member"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(process=cast.process, user__email="copil2@example.org")
    assert membership.role == Role.COMMITTEE_MEMBER
    assert WorkspaceMember.objects.filter(workspace=cast.workspace, user=membership.user).exists()


@pytest.mark.parametrize("role", ["admin", "facilitator"])  # platform admin, workspace admin
def test_admins_grant_the_facilitator_role(client_as, cast, role):
    contributor = Membership.objects.get(process=cast.process, role=Role.CONTRIBUTOR)
    url = reverse("processes:member_role", args=[cast.process.pk, contributor.pk])
    assert client_as(role).post(url, {"role": "facilitator"}).status_code == 302
    contributor.refresh_from_db()
    assert contributor.role == Role.FACILITATOR


def test_adding_a_member_answers_the_same_whether_or_not_an_account_exists(client_as, cast):
    client = client_as("facilitator")
    url = reverse("processes:members", args=[cast.process.pk])
    answers = []
    for email in ("autre@example.org", "personne@example.org"):  # an account, then none
        response = client.post(url, {"email": email, "role": "contributor"}, follow=True)
        message = [str(m) for m in response.context["messages"]][0]
        answers.append((response.status_code, message.replace(email, "EMAIL")))
        assert Membership.objects.filter(process=cast.process, user__email=email).exists()
    assert answers[0] == answers[1]
    assert "EMAIL" in answers[0][1]
    # Each owner of the address is told by e-mail, so the answer hides nothing from them.
    assert [m.to for m in mail.outbox] == [["autre@example.org"], ["personne@example.org"]]
    assert "mot-de-passe/nouveau" not in mail.outbox[0].body  # already has a password
    assert "mot-de-passe/nouveau" in mail.outbox[1].body
