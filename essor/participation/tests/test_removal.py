"""A removed participant stays removed: their browser gets a page saying so and
cannot join the workshop again as somebody new, until a facilitator reinstates them."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import ROLES
from essor.contributions.models import Contribution
from essor.core.models import AuditEntry
from essor.participation import moderation, services
from essor.participation.models import Participant, Vote
from essor.participation.permissions import COOKIE_NAME

REMOVED = "Vous avez été retiré de cet atelier"


@pytest.fixture
def removed(cast, open_workshop, participant_client):
    """The browser of a participant (Lou) a facilitator has removed."""
    lou = Participant.objects.get()
    moderation.remove_participant(lou, actor=cast.facilitator)
    return participant_client


def _page(workshop):
    return f"/participer/{workshop.join_code}/"


def test_the_removed_browser_gets_a_french_page(removed, open_workshop):
    response = removed.get(_page(open_workshop))
    assert response.status_code == 403
    html = response.content.decode()
    assert REMOVED in html
    assert "depuis ce navigateur" in html
    assert "Atelier acteurs" in html


def test_the_removed_browser_cannot_join_again(removed, open_workshop):
    del removed.cookies[COOKIE_NAME]  # the participant cookie is gone, the browser's id stays
    assert REMOVED in removed.get(_page(open_workshop)).content.decode()
    response = removed.post(_page(open_workshop), {"name": "Lou bis"})
    assert response.status_code == 403
    assert REMOVED in response.content.decode()
    assert Participant.objects.count() == 1
    assert Participant.objects.get().name == "Lou"


def test_another_browser_still_joins(removed, open_workshop):
    assert Client().post(_page(open_workshop), {"name": "Max"}).status_code == 302
    assert Participant.objects.count() == 2


def test_the_removed_browser_cannot_vote_nor_add_ideas(removed, open_workshop, ideas):
    url = _page(open_workshop)
    assert removed.post(f"{url}vote/", {"vote": f"{ideas[0].pk}:1"}).status_code == 403
    response = removed.post(f"{url}idee/", {"kind": "idea", "text": "Encore moi"})
    assert response.status_code == 403
    assert not Vote.objects.exists()
    assert not Contribution.objects.filter(text="Encore moi").exists()
    # The polling page is sent to the whole page, which says why.
    live = removed.get(f"{url}direct/", headers={"HX-Request": "true"})
    assert live.status_code == 204
    assert live["HX-Redirect"] == url


def test_removed_participants_are_not_counted(cast, open_workshop, participant):
    services.join_workshop(open_workshop, name="Max")
    moderation.remove_participant(participant, actor=cast.facilitator)
    assert services.participation_counts(open_workshop)["participants"] == 1
    rows = moderation.watched_participants(open_workshop)
    assert [row.participant.name for row in rows] == ["Max", "Lou"]  # removed last


@pytest.mark.parametrize("role", ROLES)
def test_reinstate_for_every_role(client_as, cast, open_workshop, participant, role):
    moderation.remove_participant(participant, actor=cast.facilitator)
    url = reverse(
        "participation:reinstate_participant",
        args=[cast.process.pk, open_workshop.pk, participant.pk],
    )
    response = client_as(role).post(url)
    allowed = role in ("admin", "facilitator")
    expected = {"anonymous": 302, "outsider": 404, "other_workspace": 404}
    assert response.status_code == (302 if allowed else expected.get(role, 403))
    assert Participant.objects.get(pk=participant.pk).is_removed == (not allowed)


def test_reinstate_is_post_only(client_as, cast, open_workshop, participant):
    moderation.remove_participant(participant, actor=cast.facilitator)
    url = reverse(
        "participation:reinstate_participant",
        args=[cast.process.pk, open_workshop.pk, participant.pk],
    )
    assert client_as("facilitator").get(url).status_code == 405
    assert Participant.objects.get(pk=participant.pk).is_removed


def test_reinstated_browser_takes_part_again(client_as, cast, removed, open_workshop):
    lou = Participant.objects.get()
    participants_url = reverse(
        "participation:participants", args=[cast.process.pk, open_workshop.pk]
    )
    facilitator = client_as("facilitator")
    page = facilitator.get(participants_url).content.decode()
    assert "Réintégrer" in page
    url = reverse(
        "participation:reinstate_participant", args=[cast.process.pk, open_workshop.pk, lou.pk]
    )
    followed = facilitator.post(url, follow=True).content.decode()
    assert "Le participant a été réintégré" in followed
    assert removed.get(_page(open_workshop)).status_code == 200
    entry = AuditEntry.objects.get(verb="workshop.participant_reinstated")
    assert entry.actor == cast.facilitator


def test_removing_twice_changes_nothing(client_as, cast, open_workshop, participant):
    moderation.remove_participant(participant, actor=cast.facilitator)
    url = reverse(
        "participation:remove_participant", args=[cast.process.pk, open_workshop.pk, participant.pk]
    )
    response = client_as("facilitator").post(url)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(verb="workshop.participant_removed").count() == 1
