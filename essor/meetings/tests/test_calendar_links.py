"""Calendar links: shown once when made, then only their existence; renew and revoke."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from essor.core.caching import NO_STORE
from essor.core.models import AuditEntry
from essor.organisations.models import Person
from essor.processes.models import Process


def _subscribe(gov):
    return reverse("meetings:subscribe", args=[gov.process.pk])


def _shown_feeds(html: str) -> list[str]:
    """The paths of the .ics links a page shows (in its copy fields)."""
    return [
        urlsplit(url).path for url in re.findall(r'value="((?:https?|webcal)://[^"]+\.ics)"', html)
    ]


CASES = [
    # who, renew view, revoke view, owner of the link
    ("facilitator", "regenerate_token", "revoke_token", "process"),
    ("committee_member", "regenerate_person_token", "revoke_person_token", "alice"),
]


@pytest.mark.parametrize("role,renew,revoke,owner", CASES)
def test_a_new_link_is_shown_once_then_only_its_existence(
    client_as, gov, role, renew, revoke, owner
):
    client = client_as(role)
    page = client.get(_subscribe(gov))
    html = page.content.decode()
    assert _shown_feeds(html) == []
    response = client.post(reverse(f"meetings:{renew}", args=[gov.process.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE  # the only copy of the link
    html = response.content.decode()
    assert "Copiez ce lien maintenant" in html
    feeds = _shown_feeds(html)
    assert len(feeds) == 2 and feeds[0] == feeds[1]  # webcal and https: the same feed
    assert client.get(feeds[0]).status_code == 200
    # The token is not stored: the next visit only says a link exists.
    again = client.get(_subscribe(gov)).content.decode()
    assert _shown_feeds(again) == []
    assert feeds[0].rsplit("/", 1)[1].removesuffix(".ics") not in again
    assert "Un lien existe depuis le" in again
    stored = (Process if owner == "process" else Person).objects.get(pk=getattr(gov, owner).pk)
    assert len(stored.calendar_token_hash) == 64
    # Renewing stops the first link.
    second = _shown_feeds(
        client.post(reverse(f"meetings:{renew}", args=[gov.process.pk])).content.decode()
    )[0]
    assert client.get(feeds[0]).status_code == 404
    assert client.get(second).status_code == 200
    # Revoking leaves no link at all, answered like a wrong token.
    response = client.post(reverse(f"meetings:{revoke}", args=[gov.process.pk]), follow=True)
    assert response.redirect_chain == [(_subscribe(gov), 302)]
    assert "révoqué" in response.content.decode()
    stored.refresh_from_db()
    assert stored.calendar_token_hash is None and stored.calendar_token_created_at is None
    assert client.get(second).status_code == 404
    assert AuditEntry.objects.filter(verb__endswith=".calendar_link_revoked").count() == 1
    assert AuditEntry.objects.filter(verb__endswith=".calendar_link_renewed").count() == 2


def test_a_revoked_link_is_offered_again_as_a_new_one(client_as, gov, feeds):
    client = client_as("facilitator")
    client.post(reverse("meetings:revoke_token", args=[gov.process.pk]))
    html = client.get(_subscribe(gov)).content.decode()
    assert "Il n’y a pas de lien pour le moment." in html
    assert "Créer un lien" in html
    assert reverse("meetings:revoke_token", args=[gov.process.pk]) not in html
