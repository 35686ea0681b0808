"""The live session: console actions (idempotent sets, stale screens), the state the
projector polls (only what changed), moderation (hide, merge) and connected phones."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from essor.contributions.services import add_contribution
from essor.participation.models import Participant, Vote
from essor.workshops import live
from essor.workshops.models import LiveStage, VoteStatus


def _post(client, ws, **data):
    url = reverse("workshops:console_action", args=[ws.process.pk, ws.workshop.pk])
    return client.post(url, data, HTTP_ACCEPT="application/json")


def _state(client, ws, **params):
    url = reverse("workshops:live_state", args=[ws.process.pk, ws.workshop.pk])
    return client.get(url, params)


def test_console_links_every_control(client_as, ws):
    html = (
        client_as("facilitator")
        .get(reverse("workshops:console", args=[ws.process.pk, ws.workshop.pk]))
        .content.decode()
    )
    for name in ("board", "presentation", "console_action"):
        assert reverse(f"workshops:{name}", args=[ws.process.pk, ws.workshop.pk]) in html
    assert "Ouvrir le vote" in html and "Quelles coopérations ?" in html
    detail = (
        client_as("facilitator")
        .get(reverse("workshops:detail", args=[ws.process.pk, ws.workshop.pk]))
        .content.decode()
    )
    assert reverse("workshops:console", args=[ws.process.pk, ws.workshop.pk]) in detail


def test_actions_set_the_state_and_are_idempotent(client_as, ws):
    client = client_as("facilitator")
    assert _post(client, ws, action="question", question=ws.q2.pk).status_code == 200
    ws.workshop.refresh_from_db()
    assert ws.workshop.current_question == ws.q2 and ws.workshop.live_stage == LiveStage.QUESTION
    _post(client, ws, action="previous")
    ws.workshop.refresh_from_db()
    assert ws.workshop.current_question == ws.q1
    _post(client, ws, action="previous")  # stays on the first question
    ws.workshop.refresh_from_db()
    assert ws.workshop.current_question == ws.q1
    for _twice in range(2):
        assert _post(client, ws, action="vote", value="1").status_code == 200
    ws.workshop.refresh_from_db()
    assert ws.workshop.vote_status == VoteStatus.OPEN and ws.workshop.live_stage == "vote"
    _post(client, ws, action="contributions", value="0")
    _post(client, ws, action="results", value="1")
    ws.workshop.refresh_from_db()
    assert not ws.workshop.participation_open and ws.workshop.results_revealed
    assert ws.workshop.live_stage == LiveStage.RESULTS
    _post(client, ws, action="next_steps", next_steps="Prochain atelier le 3 juillet")
    ws.workshop.refresh_from_db()
    assert ws.workshop.next_steps == "Prochain atelier le 3 juillet"


def test_stale_action_is_refused_with_a_message_and_changes_nothing(client_as, ws):
    client = client_as("facilitator")
    seen = live.control_version(ws.workshop)
    _post(client, ws, action="stage", stage="vote", expected=seen)  # the other facilitator
    response = _post(client, ws, action="stage", stage="closing", expected=seen)
    assert response.status_code == 409
    assert "La séance a changé" in response.json()["message"]
    ws.workshop.refresh_from_db()
    assert ws.workshop.live_stage == LiveStage.VOTE


@pytest.mark.parametrize(
    "data",
    [
        {"action": "stage", "stage": "nowhere"},
        {"action": "question", "question": "abc"},
        {"action": "timer", "op": "set", "minutes": "beaucoup"},
        {"action": "timer", "op": "start"},
        {"action": "hide", "idea": "999999"},
        {"action": "explode"},
    ],
)
def test_bad_input_gives_a_french_message_and_changes_nothing(client_as, ws, data):
    client = client_as("facilitator")
    before = live.control_version(ws.workshop)
    response = client.post(
        reverse("workshops:console_action", args=[ws.process.pk, ws.workshop.pk]), data,
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    ws.workshop.refresh_from_db()
    assert live.control_version(ws.workshop) == before


def test_timer_counts_on_the_server(client_as, ws):
    client = client_as("facilitator")
    _post(client, ws, action="timer", op="set", minutes="2")
    ws.workshop.refresh_from_db()
    assert ws.workshop.timer_seconds == 120 and live.timer_left(ws.workshop) == 120
    _post(client, ws, action="timer", op="start")
    ws.workshop.refresh_from_db()
    ends = ws.workshop.timer_ends_at
    assert ends is not None
    _post(client, ws, action="timer", op="start")  # already running: unchanged
    ws.workshop.refresh_from_db()
    assert ws.workshop.timer_ends_at == ends
    later = ends - dt.timedelta(seconds=30)
    assert live.timer_left(ws.workshop, now=later) == 30
    _post(client, ws, action="timer", op="pause")
    ws.workshop.refresh_from_db()
    assert ws.workshop.timer_ends_at is None and 0 < ws.workshop.timer_remaining <= 120
    _post(client, ws, action="timer", op="reset")
    ws.workshop.refresh_from_db()
    assert ws.workshop.timer_remaining is None and live.timer_left(ws.workshop) == 120


def test_state_sends_only_new_ideas_and_204_while_unchanged(client_as, ws):
    client = client_as("facilitator")
    _post(client, ws, action="question", question=ws.q1.pk)
    first = add_contribution(
        process=ws.process, workshop=ws.workshop, text="Un lieu", question=ws.q1
    )
    add_contribution(process=ws.process, workshop=ws.workshop, text="Ailleurs", question=ws.q2)
    data = _state(client, ws).json()
    assert [idea["text"] for idea in data["ideas"]] == ["Un lieu"] and data["full"]
    assert _state(client, ws, v=data["version"], since=first.pk).status_code == 204
    second = add_contribution(
        process=ws.process, workshop=ws.workshop, text="Un réseau", question=ws.q1
    )
    data = _state(client, ws, v=data["version"], since=first.pk).json()
    assert [idea["id"] for idea in data["ideas"]] == [second.pk] and data["idea_count"] == 2
    live.hide_idea(ws.workshop, first.pk, actor=None)
    data = _state(client, ws, v=data["version"], since=second.pk).json()
    assert data["ideas"] == [] and first.pk in data["hidden"] and data["idea_count"] == 1


def test_results_are_sent_only_when_revealed(client_as, ws):
    client = client_as("facilitator")
    idea = add_contribution(process=ws.process, workshop=ws.workshop, text="Un lieu")
    participant = Participant.objects.create(workshop=ws.workshop, token_hash="a" * 64)
    Vote.objects.create(contribution=idea, participant=participant, points=2)
    _post(client, ws, action="stage", stage="results")
    assert "results" not in _state(client, ws).json()
    _post(client, ws, action="results", value="1")
    rows = _state(client, ws).json()["results"]
    assert rows == [{"id": idea.pk, "text": "Un lieu", "points": 2, "voters": 1, "share": 100}]


def test_hide_and_merge_ideas(client_as, ws):
    client = client_as("facilitator")
    keep = add_contribution(process=ws.process, workshop=ws.workshop, text="Un tiers-lieu")
    drop = add_contribution(process=ws.process, workshop=ws.workshop, text="Un tiers lieu")
    both = Participant.objects.create(workshop=ws.workshop, token_hash="b" * 64)
    one = Participant.objects.create(workshop=ws.workshop, token_hash="c" * 64)
    Vote.objects.create(contribution=keep, participant=both, points=1)
    Vote.objects.create(contribution=drop, participant=both, points=2)
    Vote.objects.create(contribution=drop, participant=one, points=1)
    assert _post(client, ws, action="merge", keep=keep.pk, drop=keep.pk).status_code == 409
    assert _post(client, ws, action="merge", keep=keep.pk, drop=drop.pk).status_code == 200
    drop.refresh_from_db()
    assert drop.is_withdrawn
    points = dict(Vote.objects.filter(contribution=keep).values_list("participant", "points"))
    assert points == {both.pk: 3, one.pk: 1}
    assert not Vote.objects.filter(contribution=drop).exists()
    assert _post(client, ws, action="hide", idea=keep.pk).status_code == 200
    keep.refresh_from_db()
    assert keep.is_withdrawn
    presentation = client.get(
        reverse("workshops:presentation", args=[ws.process.pk, ws.workshop.pk])
    ).content.decode()
    assert "Un tiers" not in presentation


def test_refused_merge_leaves_votes_unchanged(client_as, ws):
    keep = add_contribution(process=ws.process, workshop=ws.workshop, text="Un tiers-lieu")
    drop = add_contribution(process=ws.process, workshop=ws.workshop, text="Un tiers lieu")
    participant = Participant.objects.create(workshop=ws.workshop, token_hash="d" * 64)
    Vote.objects.create(contribution=drop, participant=participant, points=2)
    response = _post(client_as("committee_member"), ws, action="merge", keep=keep.pk, drop=drop.pk)
    assert response.status_code in (403, 404)
    drop.refresh_from_db()
    assert not drop.is_withdrawn and Vote.objects.get().contribution_id == drop.pk


def test_connected_phones_are_those_seen_in_the_last_30_seconds(client_as, ws):
    now = timezone.now()
    for index, seen in enumerate(
        [now, now - dt.timedelta(seconds=10), now - dt.timedelta(minutes=2), None]
    ):
        Participant.objects.create(
            workshop=ws.workshop, token_hash=f"{index}" * 64, last_seen_at=seen
        )
    assert live.connected_phones(ws.workshop, now=now) == 2
    assert _state(client_as("facilitator"), ws).json()["phones"] == 2


def test_presentation_embeds_the_state_and_the_keys_only_for_facilitators(client_as, ws):
    url = reverse("workshops:presentation", args=[ws.process.pk, ws.workshop.pk])
    html = client_as("facilitator").get(url).content.decode()
    assert 'id="live-state"' in html and ws.workshop.join_code in html and "qr-code" in html
    assert "data-action-url" in html
    html = client_as("committee_member").get(url).content.decode()
    assert "data-action-url" not in html and "site-header" not in html
    state = json.loads(html.split('id="live-state" type="application/json">')[1].split("<")[0])
    assert state["stage"] == "welcome"
