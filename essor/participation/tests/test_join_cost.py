"""What a join costs (a room of 300 phones joins within a minute): a fixed number
of SQL queries whatever the number of ideas, questions and organisations, and the
dot vote's list shared by every participant with no dot yet, never stale."""

import re

import pytest
from django.db import connection
from django.test import Client

from essor.contributions.models import Contribution, ContributionSource
from essor.contributions.services import add_contribution
from essor.organisations.models import Organisation, OrganisationKind
from essor.participation import services
from essor.participation.models import Participant, Vote
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
    # The join itself: the workshop and the participant's INSERT; on PostgreSQL, in a
    # transaction holding the browser's advisory lock, with a second look for it (two
    # copies of one join sent at once create one participant: test_concurrency.py).
    with django_assert_num_queries(2 if connection.vendor == "sqlite" else 6):
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


HTMX = {"HTTP_HX_REQUEST": "true"}
SLOTS = re.compile(r'(name="(?:csrfmiddlewaretoken|retry_key)" value=")[^"]+"')


def _poll(phone, workshop):
    return phone.get(f"/participer/{workshop.join_code}/direct/?state=not_started", **HTMX)


def test_the_poll_at_the_opening_is_the_same_panel_for_every_new_phone(
    big_workshop, ideas, monkeypatch, django_assert_max_num_queries
):
    url = f"/participer/{big_workshop.join_code}/"
    phones = [Client(enforce_csrf_checks=True) for _ in range(3)]
    for n, phone in enumerate(phones):
        token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', phone.get(url).content.decode())
        phone.post(url, {"name": f"P{n}", "csrfmiddlewaretoken": token.group(1)})
    first = _poll(phones[0], big_workshop).content.decode()  # rendered, then cached
    # from the cache: the participant, my dots or ideas, the questions, the ideas
    with django_assert_max_num_queries(4):
        second = _poll(phones[1], big_workshop).content.decode()
    assert first.count('class="vote-item') == 30 and "Quels freins ?" in first
    assert SLOTS.sub(r"\1", first) == SLOTS.sub(r"\1", second)
    keys = [re.search(r'retry_key" value="([^"]+)"', html).group(1) for html in (first, second)]
    assert keys[0] != keys[1] and "@@" not in second
    # the same HTML as the page's own rendering (the path of a phone with dots or ideas)
    monkeypatch.setattr(services, "has_dots_or_ideas", lambda participant: True)
    own = _poll(phones[2], big_workshop).content.decode()
    assert SLOTS.sub(r"\1", own) == SLOTS.sub(r"\1", first)
    monkeypatch.undo()
    # the CSRF token of the shared panel is the phone's: its vote is accepted
    token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', second).group(1)
    voted = phones[1].post(
        f"{url}vote/", {"vote": f"{ideas[0].pk}:1", "csrfmiddlewaretoken": token}, **HTMX
    )
    assert voted.status_code == 200 and Vote.objects.filter(contribution=ideas[0]).count() == 1
    # a phone with a dot gets its own panel
    assert "1 gommette" in _poll(phones[1], big_workshop).content.decode()


def test_the_shared_panel_follows_the_ideas_and_the_questions(big_workshop, participant_client):
    before = _poll(participant_client, big_workshop).content.decode()
    assert "Un atelier vélo" not in before
    big_workshop.questions.filter(text="Quels freins ?").update(text="Quels obstacles ?")
    add_contribution(process=big_workshop.process, workshop=big_workshop, text="Un atelier vélo")
    newcomer = Client()
    newcomer.post(f"/participer/{big_workshop.join_code}/", {"name": "Sam"})
    after = _poll(newcomer, big_workshop).content.decode()
    assert "Un atelier vélo" in after and after.count('class="vote-item') == 31
    assert "Quels obstacles ?" in after and "Quels freins ?" not in after
    # a phone that proposed an idea sees it under "My ideas": not the shared panel
    participant_client.post(
        f"/participer/{big_workshop.join_code}/idee/", {"kind": "idea", "text": "Une recyclerie"}
    )
    mine = _poll(participant_client, big_workshop).content.decode()
    assert "Mes idées" in mine and mine.count("Une recyclerie") == 2  # the list and my ideas
    assert "Mes idées" not in _poll(newcomer, big_workshop).content.decode()
