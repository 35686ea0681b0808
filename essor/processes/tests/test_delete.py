"""Deleting a process: refused with an explanation while it holds the record of
the consultation (contributions, decisions); never a server error."""

import datetime as dt

import pytest
from django.urls import reverse

from essor.bodies.models import Body, BodyKind
from essor.contributions.services import add_contribution
from essor.decisions.models import Decision, Outcome
from essor.processes.models import Process
from essor.workshops.services import create_workshop


@pytest.fixture
def recorded(cast):
    workshop = create_workshop(process=cast.process, title="Atelier", questions=["Quels besoins ?"])
    for text in ("Un tiers-lieu", "Une monnaie locale"):
        add_contribution(process=cast.process, workshop=workshop, text=text)
    body = Body.objects.create(process=cast.process, kind=BodyKind.STEERING, name="COPIL")
    Decision.objects.create(
        body=body, decided_on=dt.date(2026, 1, 15), summary="Validé", outcome=Outcome.VALIDATED
    )
    return cast.process


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_delete_refused_with_counts_when_contributions_and_decisions(client_as, recorded, role):
    client = client_as(role)
    url = reverse("processes:delete", args=[recorded.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 contributions" in html
    assert "1 relevé de décision" in html
    assert "Supprimer définitivement" not in html
    response = client.post(url)
    assert response.status_code == 409
    assert "2 contributions" in response.content.decode()
    assert Process.objects.filter(pk=recorded.pk).exists()
    assert recorded.contributions.count() == 2


def test_delete_page_offers_to_close_instead(client_as, recorded):
    html = client_as("facilitator").get(reverse("processes:delete", args=[recorded.pk]))
    assert reverse("processes:edit", args=[recorded.pk]) in html.content.decode()


def test_delete_allowed_once_nothing_blocks(client_as, cast):
    create_workshop(process=cast.process, title="Atelier vide", questions=[])
    client = client_as("facilitator")
    url = reverse("processes:delete", args=[cast.process.pk])
    assert "Supprimer définitivement" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not Process.objects.filter(pk=cast.process.pk).exists()


def test_contributor_cannot_delete_a_blocked_process_either(client_as, recorded):
    response = client_as("contributor").post(reverse("processes:delete", args=[recorded.pk]))
    assert response.status_code == 403
    assert Process.objects.filter(pk=recorded.pk).exists()
