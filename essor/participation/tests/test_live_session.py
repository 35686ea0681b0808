"""The phone follows the session: its poll answers 204 while nothing it shows has
changed, else only the parts that changed (out of band) with a sentence saying
what changed; without JavaScript a reload shows the same; only the participant's
own browser gets anything."""

import re

import pytest
from django.test import Client

from conftest import ROLES
from essor.core.tests.french import plain
from essor.participation import moderation
from essor.participation.models import Participant, Vote
from essor.participation.session import SessionView, what_changed
from essor.workshops import live
from essor.workshops.models import LiveStage
from essor.workshops.services import create_workshop

HTMX = {"HTTP_HX_REQUEST": "true"}
POLLER = re.compile(r'id="live-poll" hx-get="([^"]+)"')


def _poll_url(html: str) -> str:
    return POLLER.search(html).group(1).replace("&amp;", "&")


@pytest.fixture
def phone(participant_client, workshop):
    """The participant's browser and the poll its page would send now."""
    page = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    participant_client.poll_url = _poll_url(page)
    return participant_client


def _poll(phone):
    """The poll's answer; the phone's next poll is the one the answer gives."""
    response = phone.get(phone.poll_url, **HTMX)
    if response.status_code == 200:
        phone.poll_url = _poll_url(response.content.decode())
    return response


def test_nothing_changed_gives_an_empty_204(phone, workshop):
    response = _poll(phone)
    assert response.status_code == 204 and response.content == b""
    # A new idea of someone else changes nothing the phone shows: still 204.
    Participant.objects.create(workshop=workshop, token_hash="f" * 64)
    assert _poll(phone).status_code == 204


def test_the_question_on_screen_reaches_the_phone_without_its_form(cast, phone, workshop):
    second = workshop.questions.get(text="Quelles coopérations ?")
    live.set_question(workshop, second.pk, actor=cast.facilitator)
    response = _poll(phone)
    html = plain(response)
    assert response.status_code == 200
    assert '<section id="session" class="session-panel"' in html and 'hx-swap-oob="true"' in html
    assert "La question à l’écran" in html and "Quelles coopérations ?" in html
    assert "Nouvelle question : Quelles coopérations ?" in html
    # The idea form is not sent again (what the participant types stays), only its
    # select of the question, now on the question on screen.
    assert 'id="live"' not in html and 'name="text"' not in html
    select = re.search(r'<select name="question"[^>]*>.*?</select>', html, re.S).group(0)
    assert 'hx-swap-oob="true"' in select
    assert f'<option value="{second.pk}" selected>' in select
    assert _poll(phone).status_code == 204
    # Without JavaScript, a reload shows the same, and the form defaults to it.
    page = plain(phone.get(f"/participer/{workshop.join_code}/"))
    assert "Quelles coopérations ?" in page and f'<option value="{second.pk}" selected>' in page


def test_closing_the_ideas_and_opening_the_vote_resend_the_live_part(cast, phone, workshop):
    live.set_contributions_open(workshop, False, actor=cast.facilitator)
    html = plain(_poll(phone))
    assert "L’ajout d’idées est fermé." in html
    assert '<div id="live" hx-swap-oob="true">' in html and 'name="text"' not in html
    live.set_vote_open(workshop, True, actor=cast.facilitator)
    html = plain(_poll(phone))
    assert "Le vote est ouvert." in html and "Prioriser les idées" in html


def test_revealed_results_and_the_timer_reach_the_phone(cast, phone, workshop, ideas):
    voter = Participant.objects.create(workshop=workshop, token_hash="e" * 64)
    Vote.objects.create(contribution=ideas[1], participant=voter, points=3)
    live.set_vote_open(workshop, True, actor=cast.facilitator)
    live.set_vote_open(workshop, False, actor=cast.facilitator)
    html = plain(_poll(phone))
    assert "Résultats du vote" not in html  # closed, not revealed yet
    live.set_results_revealed(workshop, True, actor=cast.facilitator)
    html = plain(_poll(phone))
    assert "Les résultats sont affichés." in html
    table = html.split("<caption>Résultats du vote</caption>")[1].split("</table>")[0]
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    assert "Accès difficile aux marchés publics" in first_row and ">3</td>" in first_row
    live.timer(workshop, "set", seconds=120, actor=cast.facilitator)
    live.timer(workshop, "start", actor=cast.facilitator)
    html = plain(_poll(phone))
    assert "Le minuteur tourne" in html and "data-timer-running" in html
    assert _poll(phone).status_code == 204
    # A vote changes the results shown: the phone gets them again.
    Vote.objects.create(contribution=ideas[0], participant=voter, points=5)
    html = plain(_poll(phone))
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "Manque de locaux partagés" in first_row
    assert "Les résultats sont affichés." not in html  # already said
    # Without JavaScript, the page shows them too.
    page = plain(phone.get(f"/participer/{workshop.join_code}/"))
    assert "Résultats du vote" in page and 'role="timer"' in page


def test_the_closing_slide_says_what_comes_next(cast, phone, workshop):
    live.set_next_steps(workshop, "Restitution le 3 juillet", actor=cast.facilitator)
    live.set_stage(workshop, LiveStage.CLOSING, actor=cast.facilitator)
    html = plain(_poll(phone))
    assert "Merci pour vos idées !" in html and "Restitution le 3 juillet" in html
    assert "La séance se termine" in html


def test_what_changed_says_nothing_for_an_unknown_key(workshop):
    view = SessionView.of(workshop)
    assert what_changed("", view, None) == ""
    assert what_changed("junk.1.2", view, None) == ""
    assert what_changed(view.key(), view, None) == ""


# Who gets the state: only the browser of a participant of this workshop. -----------


def test_a_browser_without_its_participant_cookie_gets_nothing(workshop):
    url = f"/participer/{workshop.join_code}/direct/"
    response = Client().get(url, **HTMX)
    assert response.status_code == 204 and response.content == b""
    assert response["HX-Redirect"] == f"/participer/{workshop.join_code}/"
    assert Client().get(url).status_code == 302
    assert Client().get("/participer/ZZZZZZ/direct/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_the_platform_gets_nothing_without_joining(client_as, workshop, role):
    """An account, even the facilitator's, is not a participant of the workshop."""
    client = client_as(role)
    response = client.get(f"/participer/{workshop.join_code}/direct/", **HTMX)
    assert response.status_code == 204 and response.content == b""
    assert "HX-Redirect" in response


def test_another_workshops_participant_gets_nothing_of_this_one(cast, phone, workshop):
    """The cookie of a participant of a workshop (of this process or of another
    workspace) opens nothing of another workshop."""
    here = create_workshop(process=cast.process, title="Autre atelier", questions=["Q ?"])
    elsewhere = create_workshop(
        process=cast.elsewhere_process, title="Atelier voisin", questions=["Q ?"]
    )
    for other in (here, elsewhere):
        live.set_question(other, other.questions.get().pk, actor=None)
        response = phone.get(f"/participer/{other.join_code}/direct/", **HTMX)
        assert response.status_code == 204 and response.content == b""
        assert response["HX-Redirect"] == f"/participer/{other.join_code}/"


def test_a_removed_participant_gets_nothing(cast, phone, workshop):
    moderation.remove_participant(Participant.objects.get(), actor=cast.facilitator)
    live.set_question(workshop, workshop.questions.first().pk, actor=cast.facilitator)
    response = phone.get(phone.poll_url, **HTMX)
    assert response.status_code == 204 and response.content == b""
    assert phone.get(phone.poll_url).status_code == 403
