"""What a join costs (a room of 300 phones joins within a minute): a fixed number
of SQL queries whatever the number of ideas, questions and organisations, and the
dot vote's list shared by every participant with no dot yet, never stale."""

import re

import pytest
from django.test import Client

from essor.contributions.models import Contribution, ContributionSource
from essor.contributions.services import add_contribution
from essor.organisations.models import Organisation, OrganisationKind
from essor.participation.models import Participant
from essor.workshops.models import VoteStatus


@pytest.fixture
def big_workshop(cast, open_workshop):
    """The open workshop with 30 ideas and 3 organisations in its process."""
    for n in range(27):
        add_contribution(
            process=cast.process,
            workshop=open_workshop,
            text=f"Idée supplémentaire n° {n}",
            source=ContributionSource.CAPTURE,
            created_by=cast.facilitator,
        )
    for name in ("Alpha SCOP", "Bêta SCIC", "Gamma asso"):
        organisation = Organisation.objects.create(
            workspace=cast.workspace, name=name, kind=OrganisationKind.ESS
        )
        cast.process.organisations.add(organisation)
    return open_workshop


def _vote_list(html: str) -> str:
    return re.search(r'<ol class="vote-list">.*?</ol>', html, re.S).group(0)


def test_a_join_costs_a_fixed_number_of_queries(
    big_workshop, django_assert_max_num_queries, django_assert_num_queries
):
    phone = Client(enforce_csrf_checks=True)
    url = f"/participer/{big_workshop.join_code}/"
    # Welcome page: the workshop, its questions, the organisations of the select (read once).
    with django_assert_max_num_queries(3):
        welcome = phone.get(url)
    html = welcome.content.decode()
    assert "Bêta SCIC" in html and "Quels freins ?" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    # The join itself: the workshop and the participant's INSERT.
    with django_assert_num_queries(2):
        joined = phone.post(url, {"csrfmiddlewaretoken": token, "name": "Lou"})
    assert joined.status_code == 302 and Participant.objects.get().name == "Lou"
    # The page it leads to (30 ideas, the vote panel, the idea form with its questions):
    # the participant with its workshop, questions, ideas, my votes, my ideas.
    # No query per idea.
    with django_assert_max_num_queries(5):
        page = phone.get(joined["Location"])
    html = page.content.decode()
    assert html.count('class="vote-item') == 30
    assert "Quelles coopérations ?" in html  # the questions' list and the idea form's select
    assert html.count(">Quels freins ?</option>") == 1


def test_every_new_participant_gets_the_same_list_as_an_uncached_render(
    big_workshop, participant_client, settings
):
    url = f"/participer/{big_workshop.join_code}/"
    first = _vote_list(participant_client.get(url).content.decode())  # rendered, then cached
    other = Client()
    other.post(url, {"name": "Sam"})
    second = _vote_list(other.get(url).content.decode())  # from the cache
    assert first == second
    # Without any cache (Django resets its cache handler when CACHES changes).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    third = Client()
    third.post(url, {"name": "Max"})
    assert _vote_list(third.get(url).content.decode()) == first


def test_the_shared_list_follows_the_ideas(big_workshop, participant_client, ideas):
    url = f"/participer/{big_workshop.join_code}/"
    assert "Manque de locaux partagés" in participant_client.get(url).content.decode()
    Contribution.objects.filter(pk=ideas[0].pk).update(text="Des locaux partagés à Brest")
    Contribution.objects.filter(pk=ideas[1].pk).update(is_withdrawn=True)
    newcomer = Client()
    newcomer.post(url, {"name": "Sam"})
    html = _vote_list(newcomer.get(url).content.decode())
    assert "Des locaux partagés à Brest" in html
    assert "Manque de locaux partagés" not in html
    assert "Accès difficile aux marchés publics" not in html
    assert html.count('class="vote-item') == 29


def test_a_participant_with_dots_sees_their_own_list(big_workshop, participant_client, ideas):
    url = f"/participer/{big_workshop.join_code}/"
    participant_client.get(url)  # caches the list of a participant without dots
    participant_client.post(f"{url}vote/", {"vote": f"{ideas[0].pk}:3"})
    html = _vote_list(participant_client.get(url).content.decode())
    assert f'value="{ideas[0].pk}:2" id="minus-{ideas[0].pk}"' in html
    assert "3 gommettes" in html
    assert html.count(" disabled>+") == 30  # no dot left: every "+" is off
    newcomer = Client()
    newcomer.post(url, {"name": "Sam"})
    fresh = _vote_list(newcomer.get(url).content.decode())
    assert f'value="{ideas[0].pk}:1" id="plus-{ideas[0].pk}"' in fresh
    assert "3 gommettes" not in fresh


def test_closed_vote_page_has_no_list(big_workshop, participant_client):
    big_workshop.vote_status = VoteStatus.CLOSED
    big_workshop.save()
    html = participant_client.get(f"/participer/{big_workshop.join_code}/").content.decode()
    assert 'class="vote-list"' not in html
