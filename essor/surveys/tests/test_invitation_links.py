"""Personal survey links, stored hashed: renewed (the old one stops), revoked one by one,
renewed all at once into a CSV file; the public link renewed."""

import csv
import io
import re

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.core.caching import NO_STORE
from essor.core.models import AuditEntry
from essor.surveys.models import Invitation
from essor.surveys.tests.data import invite

ALLOWED = ("admin", "facilitator")
REFUSED = {"anonymous": 302, "outsider": 404, "other_workspace": 404}


@pytest.fixture
def invited(srv):
    return invite(srv.survey, srv.alice)


def _url(name, srv, invitation):
    return reverse(f"surveys:{name}", args=[srv.process.pk, srv.survey.pk, invitation.pk])


def _answer(token):
    return reverse("surveys:answer", args=[token])


def _links(html: str) -> list[str]:
    return re.findall(r"http://testserver(/demarches/enquete/[\w-]+/)", html)


@pytest.mark.parametrize("role", ROLES)
def test_renewing_a_link_for_every_role(client_as, srv, invited, role):
    invitation, _token = invited
    old = invitation.token_hash
    response = client_as(role).post(_url("invitation_renew", srv, invitation))
    allowed = role in ALLOWED
    assert response.status_code == (200 if allowed else REFUSED.get(role, 403))
    invitation.refresh_from_db()
    assert (invitation.token_hash != old) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_revoking_a_link_for_every_role(client_as, client, srv, invited, role):
    invitation, token = invited
    response = client_as(role).post(_url("invitation_revoke", srv, invitation))
    allowed = role in ALLOWED
    assert response.status_code == (302 if allowed else REFUSED.get(role, 403))
    assert Invitation.objects.filter(pk=invitation.pk).exists() is not allowed
    assert client.get(_answer(token)).status_code == (404 if allowed else 200)


def test_the_new_link_is_shown_once_and_the_old_one_stops(client_as, client, srv, invited):
    invitation, old = invited
    page = client_as("facilitator").post(_url("invitation_renew", srv, invitation))
    assert page["Cache-Control"] == NO_STORE
    html = page.content.decode()
    assert "le précédent ne fonctionne plus" in html
    [new] = _links(html)
    assert client.get(_answer(old)).status_code == 404
    assert client.get(new).status_code == 200
    again = client_as("facilitator").get(
        reverse("surveys:invitations", args=[srv.process.pk, srv.survey.pk])
    )
    assert _links(again.content.decode()) == []
    assert AuditEntry.objects.filter(verb="survey.invitation_renewed").count() == 1


def test_a_used_link_is_neither_renewed_nor_revoked(client_as, srv, invited):
    invitation, _token = invited
    Invitation.objects.filter(pk=invitation.pk).update(is_used=True)
    for name in ("invitation_renew", "invitation_revoke"):
        page = client_as("facilitator").post(_url(name, srv, invitation), follow=True)
        assert "Ce lien a déjà servi" in page.content.decode()
    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.token_hash == invitation.token_hash and stored.is_used


def test_a_revoked_person_can_be_invited_again(client_as, client, srv, invited):
    invitation, old = invited
    fac = client_as("facilitator")
    page = fac.post(_url("invitation_revoke", srv, invitation), follow=True).content.decode()
    assert "a été révoqué" in page
    assert AuditEntry.objects.filter(verb="survey.invitation_revoked").count() == 1
    url = reverse("surveys:invitations", args=[srv.process.pk, srv.survey.pk])
    [new] = _links(fac.post(url, {"people": [srv.alice.pk]}).content.decode())
    assert client.get(new).status_code == 200 and client.get(_answer(old)).status_code == 404


def test_invitations_page_offers_renew_and_revoke(client_as, srv, invited):
    invitation, token = invited
    html = (
        client_as("facilitator")
        .get(reverse("surveys:invitations", args=[srv.process.pk, srv.survey.pk]))
        .content.decode()
    )
    assert token not in html
    assert _url("invitation_renew", srv, invitation) in html
    assert _url("invitation_revoke", srv, invitation) in html
    assert "Nouveau lien" in html and "Révoquer" in html


def test_new_links_for_everybody_who_has_not_answered(client_as, client, srv, invited):
    alice, alice_old = invited
    bob, bob_old = invite(srv.survey, srv.bob)
    Invitation.objects.filter(pk=bob.pk).update(is_used=True)
    url = reverse("surveys:invitations_csv", args=[srv.process.pk, srv.survey.pk])
    assert client_as("facilitator").get(url).status_code == 405
    response = client_as("facilitator").post(url)
    assert response["Cache-Control"] == NO_STORE
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["Alice"]  # Bob has answered: nothing to renew
    assert client.get(_answer(alice_old)).status_code == 404
    assert client.get(rows[1][4].removeprefix("http://testserver")).status_code == 200
    assert Invitation.objects.get(pk=bob.pk).token_hash == bob.token_hash
    # Nothing left to renew: back to the page with a word, no empty file.
    Invitation.objects.update(is_used=True)
    page = client_as("facilitator").post(url, follow=True)
    assert "il n’y en a aucun à renouveler" in page.content.decode()


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ALLOWED])
def test_refused_csv_renewal_changes_nothing(client_as, client, srv, invited, role):
    invitation, token = invited
    url = reverse("surveys:invitations_csv", args=[srv.process.pk, srv.survey.pk])
    assert client_as(role).post(url).status_code == REFUSED.get(role, 403)
    assert Invitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash
    assert client.get(_answer(token)).status_code == 200


def test_renewing_the_public_link(client_as, client, srv):
    old = srv.survey.public_token
    fac = client_as("facilitator")
    detail = reverse("surveys:detail", args=[srv.process.pk, srv.survey.pk])
    url = reverse("surveys:public_link_renew", args=[srv.process.pk, srv.survey.pk])
    assert url in fac.get(detail).content.decode()
    page = fac.post(url, follow=True)
    assert page.redirect_chain == [(detail + "#public", 302)]
    srv.survey.refresh_from_db()
    html = page.content.decode()
    assert "nouveau lien public" in html and srv.survey.public_token in html
    assert client.get(_answer(old)).status_code == 404
    assert client.get(_answer(srv.survey.public_token)).status_code == 200
    assert AuditEntry.objects.filter(verb="survey.public_link_renewed").count() == 1
