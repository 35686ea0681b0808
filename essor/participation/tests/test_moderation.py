"""Joining again from the same browser, the join limit per workshop and address,
and the facilitator's list of participants with signals and removal."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import ROLES
from essor.contributions.models import Contribution
from essor.participation import moderation
from essor.participation.models import Participant, Vote
from essor.participation.permissions import COOKIE_NAME
from essor.participation.services import join_workshop


def _join(client, workshop, name="Lou", **extra):
    return client.post(f"/participer/{workshop.join_code}/", {"name": name}, **extra)


def test_joining_again_from_the_same_browser_gives_the_same_participant(
    client, open_workshop, ideas
):
    url = f"/participer/{open_workshop.join_code}/"
    assert _join(client, open_workshop).status_code == 302
    lou = Participant.objects.get()
    client.post(f"{url}vote/", {"vote": f"{ideas[0].pk}:2"})
    assert Vote.objects.get(participant=lou).points == 2
    # The participant cookie is lost (expired, cleared for this page): the browser joins again.
    del client.cookies[COOKIE_NAME]
    page = client.get(url)
    assert "Votre nom ou un pseudonyme" in page.content.decode()
    response = _join(client, open_workshop, name="Lou encore")
    assert response.status_code == 302
    assert Participant.objects.count() == 1
    page = client.get(url).content.decode()
    # The dots already given are still theirs: 1 left out of 3, not a fresh 3.
    assert "Il vous reste <strong>1</strong> gommette sur 3" in page


def test_joining_again_keeps_the_idea_quota(client, workshop, monkeypatch):
    from essor.participation import views

    monkeypatch.setitem(views.RATES, "idea", "2/m")
    idea_url = reverse("participation:add_idea", args=[workshop.join_code])
    _join(client, workshop)
    for n in range(2):
        client.post(idea_url, {"kind": "idea", "text": f"Idée {n}"})
    del client.cookies[COOKIE_NAME]
    _join(client, workshop)
    response = client.post(idea_url, {"kind": "idea", "text": "Une de trop"})
    assert "Vous envoyez des idées trop vite" in response.content.decode()
    assert not Contribution.objects.filter(text="Une de trop").exists()
    assert Participant.objects.count() == 1


def test_another_browser_is_another_participant(workshop):
    _join(Client(), workshop, name="Lou")
    _join(Client(), workshop, name="Max")
    assert Participant.objects.count() == 2


def test_join_limit_per_workshop_and_address(workshop, cast, monkeypatch):
    from essor.participation import views
    from essor.workshops.services import create_workshop

    monkeypatch.setitem(views.RATES, "join_workshop", "3/h")
    for _ in range(3):
        assert _join(Client(), workshop, REMOTE_ADDR="10.1.1.1").status_code == 302
    refused = _join(Client(), workshop, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    assert "depuis votre connexion" in refused.content.decode()
    assert Participant.objects.count() == 3
    # Another address, or another workshop from the same address, still joins.
    assert _join(Client(), workshop, REMOTE_ADDR="10.1.1.2").status_code == 302
    other = create_workshop(process=cast.process, title="Atelier services")
    assert _join(Client(), other, REMOTE_ADDR="10.1.1.1").status_code == 302
    assert Participant.objects.count() == 5


def test_signals_flag_many_joins_and_bursts_from_one_address(workshop):
    start = dt.datetime(2026, 5, 4, 14, tzinfo=dt.UTC)
    crowd = [join_workshop(workshop, name=f"Clone {n}", address_key="a" * 32) for n in range(5)]
    alone = join_workshop(workshop, name="Seule", address_key="b" * 32)
    spread = [join_workshop(workshop, name=f"Lent {n}", address_key="c" * 32) for n in range(3)]
    for n, participant in enumerate(crowd):
        Participant.objects.filter(pk=participant.pk).update(
            created_at=start + dt.timedelta(seconds=5 * n)
        )
    Participant.objects.filter(pk=alone.pk).update(created_at=start)
    for n, participant in enumerate(spread):
        Participant.objects.filter(pk=participant.pk).update(
            created_at=start + dt.timedelta(minutes=10 * n)
        )
    rows = {row.participant.name: row for row in moderation.watched_participants(workshop)}
    assert rows["Clone 0"].same_address == 5
    assert len(rows["Clone 0"].signals) == 2
    assert rows["Seule"].signals == []
    assert rows["Lent 1"].signals == []  # three joins ten minutes apart: no burst
    ordered = [row.participant.name for row in moderation.watched_participants(workshop)]
    assert ordered[:5] == [f"Clone {n}" for n in range(5)]


def test_burst_needs_three_joins_within_a_minute(workshop):
    start = dt.datetime(2026, 5, 4, 14, tzinfo=dt.UTC)
    people = [join_workshop(workshop, name=f"P{n}", address_key="d" * 32) for n in range(4)]
    for participant, seconds in zip(people, (0, 30, 59, 300), strict=True):
        Participant.objects.filter(pk=participant.pk).update(
            created_at=start + dt.timedelta(seconds=seconds)
        )
    rows = {row.participant.name: row for row in moderation.watched_participants(workshop)}
    assert [bool(rows[f"P{n}"].signals) for n in range(4)] == [True, True, True, False]


@pytest.mark.parametrize("role", ROLES)
def test_participants_page_for_every_role(client_as, cast, workshop, participant, role):
    url = reverse("participation:participants", args=[cast.process.pk, workshop.pk])
    response = client_as(role).get(url)
    expected = {
        "admin": 200,
        "facilitator": 200,
        "anonymous": 302,
        "outsider": 404,
        "other_workspace": 404,
    }
    assert response.status_code == expected.get(role, 403)
    if response.status_code == 200:
        assert "Lou" in response.content.decode()


@pytest.fixture
def voter(open_workshop, ideas):
    lou = join_workshop(open_workshop, name="Lou")
    Vote.objects.create(participant=lou, contribution=ideas[0], points=2)
    Contribution.objects.filter(pk=ideas[1].pk).update(participant=lou)
    return lou


@pytest.mark.parametrize("role", ROLES)
def test_remove_participant_for_every_role(client_as, cast, open_workshop, ideas, voter, role):
    url = reverse(
        "participation:remove_participant", args=[cast.process.pk, open_workshop.pk, voter.pk]
    )
    client = client_as(role)
    response = client.post(url)
    allowed = role in ("admin", "facilitator")
    expected = {"anonymous": 302, "outsider": 404, "other_workspace": 404}
    assert response.status_code == (302 if allowed else expected.get(role, 403))
    assert Participant.objects.get(pk=voter.pk).is_removed == allowed
    assert Vote.objects.filter(participant_id=voter.pk).exists() == (not allowed)
    # The ideas they added stay either way (no longer theirs once removed).
    assert Contribution.objects.get(pk=ideas[1].pk).participant_id == (
        None if allowed else voter.pk
    )


def test_remove_asks_for_confirmation_first(client_as, cast, open_workshop, voter):
    url = reverse(
        "participation:remove_participant", args=[cast.process.pk, open_workshop.pk, voter.pk]
    )
    page = client_as("facilitator").get(url)
    assert page.status_code == 200
    assert "1 vote sera supprimé" in page.content.decode()
    assert not Participant.objects.get(pk=voter.pk).is_removed


def test_participant_of_another_workshop_is_a_404(client_as, cast, workshop, voter):
    from essor.workshops.services import create_workshop

    other = create_workshop(process=cast.process, title="Atelier services")
    url = reverse("participation:remove_participant", args=[cast.process.pk, other.pk, voter.pk])
    assert client_as("facilitator").post(url).status_code == 404
    assert not Participant.objects.get(pk=voter.pk).is_removed


def test_removal_is_audited(client_as, cast, open_workshop, voter):
    from essor.core.models import AuditEntry

    url = reverse(
        "participation:remove_participant", args=[cast.process.pk, open_workshop.pk, voter.pk]
    )
    page = client_as("facilitator").post(url, follow=True).content.decode()
    assert "Le participant a été retiré, avec 1 vote." in page  # singular, with its count
    entry = AuditEntry.objects.get(verb="workshop.participant_removed")
    assert entry.data["deleted_votes"] == 1
    assert entry.actor == cast.facilitator
