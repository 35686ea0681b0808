"""The live session driven from the console: stages, questions, ideas and vote, results,
timer, closing text; two facilitators on the same session; the state polled as JSON."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from essor.contributions.services import add_contribution
from essor.core.models import AuditEntry
from essor.participation.models import Participant
from essor.workshops import live
from essor.workshops.models import LiveStage, VoteStatus


def _url(name, ws):
    return reverse(f"workshops:{name}", args=[ws.process.pk, ws.workshop.pk])


def _post(client, ws, action, **data):
    return client.post(_url("live_action", ws), {"action": action, **data})


def _fresh(ws):
    ws.workshop.refresh_from_db()
    return ws.workshop


def test_the_console_drives_a_whole_session(client_as, ws):
    client = client_as("facilitator")
    page = client.get(_url("console", ws)).content.decode()
    assert "Console" in page and ws.workshop.join_code in page
    assert _post(client, ws, "stage", value="question").status_code == 302
    assert (_fresh(ws).live_stage, _fresh(ws).current_question) == ("question", ws.q1)
    _post(client, ws, "next")
    assert _fresh(ws).current_question == ws.q2
    page = client.get(_url("console", ws)).content.decode()
    assert "Quel" in page
    _post(client, ws, "next")  # no question after the last: said, nothing changes
    assert _fresh(ws).current_question == ws.q2
    _post(client, ws, "question", value=ws.q1.pk)
    assert _fresh(ws).current_question == ws.q1
    _post(client, ws, "contributions_close")
    assert not _fresh(ws).participation_open
    _post(client, ws, "vote_open")
    assert (_fresh(ws).vote_status, _fresh(ws).live_stage) == (VoteStatus.OPEN, "vote")
    _post(client, ws, "vote_close")
    _post(client, ws, "results_show")
    assert (_fresh(ws).results_revealed, _fresh(ws).live_stage) == (True, "results")
    _post(client, ws, "next_steps", next_steps="Restitution le 12 juin à la Maison de l’ESS")
    _post(client, ws, "stage", value="closing")
    workshop = _fresh(ws)
    assert (workshop.live_stage, workshop.vote_status) == ("closing", VoteStatus.CLOSED)
    assert workshop.next_steps.startswith("Restitution")
    assert AuditEntry.objects.filter(verb__startswith="workshop.live.").count() >= 8


def test_the_timer_runs_pauses_resumes_and_resets(client_as, ws):
    client = client_as("facilitator")
    _post(client, ws, "timer_start", minutes="2,5")
    workshop = _fresh(ws)
    assert workshop.timer_seconds == 150 and 148 <= live.timer_left(workshop) <= 150
    later = workshop.timer_ends_at - dt.timedelta(seconds=100)
    assert live.timer_left(workshop, later) == 100
    _post(client, ws, "timer_pause")
    workshop = _fresh(ws)
    assert workshop.timer_ends_at is None and 148 <= workshop.timer_remaining <= 150
    _post(client, ws, "timer_resume")
    assert _fresh(ws).timer_ends_at is not None
    _post(client, ws, "timer_reset")
    workshop = _fresh(ws)
    assert (workshop.timer_ends_at, workshop.timer_remaining) == (None, None)
    assert live.timer_left(workshop) == 150  # ready to start again


@pytest.mark.parametrize("minutes", ["abc", "0", "-3", "500"])
def test_a_wrong_duration_gets_a_french_message_and_changes_nothing(client_as, ws, minutes):
    client = client_as("facilitator")
    response = client.post(
        _url("live_action", ws), {"action": "timer_start", "minutes": minutes}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "minutes" in page or "durée" in page
    assert _fresh(ws).timer_ends_at is None


def test_two_facilitators_never_undo_each_other_silently(client_as, ws):
    version = live.state(ws.workshop)["version"]
    first, second = client_as("facilitator"), client_as("admin")
    _post(first, ws, "stage", value="vote", version=version)
    response = second.post(
        _url("live_action", ws),
        {"action": "stage", "value": "welcome", "version": version},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert "entre-temps" in body["error"] and body["state"]["stage"] == "vote"
    assert _fresh(ws).live_stage == "vote"
    # Acting on the state now shown works.
    _post(second, ws, "stage", value="welcome", version=body["state"]["version"])
    assert _fresh(ws).live_stage == "welcome"


def test_unknown_actions_and_values_are_refused_without_error(client_as, ws):
    client = client_as("facilitator")
    for data in (
        {"action": "explode"},
        {"action": "stage", "value": "nowhere"},
        {"action": "question", "value": "999999"},
        {"action": "question", "value": "abc"},
        {"action": "vote_close"},
    ):
        response = client.post(_url("live_action", ws), data, HTTP_ACCEPT="application/json")
        assert response.status_code == 409 and response.json()["error"]
    assert _fresh(ws).live_stage == LiveStage.WELCOME


def test_the_state_is_small_json_and_204_while_it_holds(client_as, ws):
    client = client_as("committee_member")  # reads the projector, cannot drive it
    response = client.get(_url("live_state", ws))
    state = response.json()
    assert len(response.content) < 600
    assert state["stage"] == "welcome" and state["question_count"] == 2
    assert client.get(_url("live_state", ws) + f"?v={state['version']}").status_code == 204
    refused = client.post(_url("live_action", ws), {"action": "stage", "value": "closing"})
    assert refused.status_code == 403 and _fresh(ws).live_stage == "welcome"
    live.set_stage(ws.workshop, "question", actor=None)
    changed = client.get(_url("live_state", ws) + f"?v={state['version']}")
    assert changed.status_code == 200 and json.loads(changed.content)["question"]["id"] == ws.q1.pk


def test_the_projector_shows_the_ideas_of_the_question_on_screen(client_as, ws):
    add_contribution(process=ws.process, workshop=ws.workshop, question=ws.q1, text="Idée un")
    add_contribution(process=ws.process, workshop=ws.workshop, question=ws.q2, text="Idée deux")
    live.set_question(ws.workshop, ws.q2.pk, actor=None)
    url = _url("projector_fragment", ws)
    client = client_as("facilitator")
    current = client.get(url + "?current=1").content.decode()
    assert "Idée deux" in current and "Idée un" not in current
    everything = client.get(url).content.decode()
    assert "Idée un" in everything and "Idée deux" in everything


def test_the_console_counts_the_phones_connected(client_as, ws):
    now = timezone.now()
    Participant.objects.create(workshop=ws.workshop, name="A", last_seen_at=now)
    Participant.objects.create(
        workshop=ws.workshop, name="B", last_seen_at=now - dt.timedelta(minutes=5)
    )
    page = client_as("facilitator").get(_url("console", ws)).content.decode()
    assert "1 téléphone connecté" in page and "2 participants" in page
