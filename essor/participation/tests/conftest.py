"""A workshop of the cast's process with two questions and three ideas."""

import pytest
from django.core.cache import cache

from essor.contributions.models import ContributionKind, ContributionSource
from essor.contributions.services import add_contribution
from essor.participation.services import join_workshop
from essor.workshops.models import VoteStatus
from essor.workshops.services import create_workshop


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """Rate limits live in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def workshop(cast):
    workshop = create_workshop(
        process=cast.process,
        title="Atelier acteurs",
        questions=["Quels freins ?", "Quelles coopérations ?"],
        actor=cast.facilitator,
    )
    first, second = workshop.questions.all()
    for question, text, kind in [
        (first, "Manque de locaux partagés", ContributionKind.OBSTACLE),
        (first, "Accès difficile aux marchés publics", ContributionKind.OBSTACLE),
        (second, "Créer un pôle territorial de coopération", ContributionKind.IDEA),
    ]:
        add_contribution(
            process=cast.process,
            workshop=workshop,
            question=question,
            text=text,
            kind=kind,
            source=ContributionSource.CAPTURE,
            created_by=cast.facilitator,
        )
    return workshop


@pytest.fixture
def ideas(workshop):
    return list(workshop.contributions.order_by("order"))


@pytest.fixture
def open_workshop(workshop):
    workshop.vote_status = VoteStatus.OPEN
    workshop.save()
    return workshop


@pytest.fixture
def participant(workshop):
    return join_workshop(workshop, name="Lou")


@pytest.fixture
def participant_client(client, workshop):
    """A browser that joined the workshop through its page (signed cookie set)."""
    response = client.post(f"/participer/{workshop.join_code}/", {"name": "Lou"})
    assert response.status_code == 302
    return client
