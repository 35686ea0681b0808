"""A personal survey link that leaked is revoked by giving the person a new one."""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.core.models import AuditEntry
from essor.surveys.models import Invitation


@pytest.fixture
def invitation(srv):
    return Invitation.objects.create(survey=srv.survey, person=srv.alice)


def _renew(srv, invitation):
    return reverse("surveys:invitation_renew", args=[srv.process.pk, srv.survey.pk, invitation.pk])


def _answer(token):
    return reverse("surveys:answer", args=[token])


@pytest.mark.parametrize("role", ROLES)
def test_renewing_a_link_for_every_role(client_as, srv, invitation, role):
    old = invitation.token
    response = client_as(role).post(_renew(srv, invitation))
    allowed = role in ("admin", "facilitator")
    expected = {"anonymous": 302, "outsider": 404, "other_workspace": 404}
    assert response.status_code == (302 if allowed else expected.get(role, 403))
    invitation.refresh_from_db()
    assert (invitation.token != old) is allowed


def test_the_old_link_stops_working_and_the_new_one_works(client_as, client, srv, invitation):
    old = invitation.token
    page = client_as("facilitator").post(_renew(srv, invitation), follow=True)
    assert "le précédent ne fonctionne plus" in page.content.decode()
    invitation.refresh_from_db()
    assert client.get(_answer(old)).status_code == 404
    assert client.get(_answer(invitation.token)).status_code == 200
    assert AuditEntry.objects.filter(verb="survey.invitation_renewed").count() == 1


def test_a_used_link_is_not_renewed(client_as, srv, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(is_used=True)
    page = client_as("facilitator").post(_renew(srv, invitation), follow=True)
    assert "Ce lien a déjà servi" in page.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).token == invitation.token


def test_invitations_page_offers_a_new_link(client_as, srv, invitation):
    html = (
        client_as("facilitator")
        .get(reverse("surveys:invitations", args=[srv.process.pk, srv.survey.pk]))
        .content.decode()
    )
    assert _renew(srv, invitation) in html
    assert "Nouveau lien" in html
