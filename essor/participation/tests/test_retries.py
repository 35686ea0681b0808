"""A phone's retries after a network loss: a join, an idea form or a dot sent
again create nothing twice, and a late "+" never undoes a newer vote."""

import re

from django.test import Client
from django.urls import reverse

from essor.contributions.models import Contribution, ContributionKind
from essor.participation import services
from essor.participation.models import Participant, Vote
from essor.participation.permissions import BROWSER_COOKIE_NAME, COOKIE_NAME

HTMX = {"HTTP_HX_REQUEST": "true"}


def _key(html: str) -> str:
    return re.search(r'name="retry_key" value="([^"]+)"', html).group(1)


def _points(participant, idea) -> int:
    vote = Vote.objects.filter(participant=participant, contribution=idea).first()
    return vote.points if vote else 0


def test_a_late_plus_does_not_undo_a_newer_minus(open_workshop, participant, ideas):
    services.put_dots(participant, ideas[0], 1, seq=10)
    services.put_dots(participant, ideas[0], 2, seq=20)
    services.put_dots(participant, ideas[0], 1, seq=30)  # "−": back to 1
    late = services.put_dots(participant, ideas[0], 2, seq=20)  # the "+" retried late
    assert late.stale and late.points == 1 and late.left == 2
    assert _points(participant, ideas[0]) == 1
    # down to 0 (the vote row is deleted): a late "+" still finds its number overtaken
    services.put_dots(participant, ideas[0], 0, seq=40)
    assert services.put_dots(participant, ideas[0], 1, seq=35).stale
    assert _points(participant, ideas[0]) == 0
    # the numbers are per idea: another idea's smaller number is not late
    services.put_dots(participant, ideas[1], 1, seq=5)
    assert _points(participant, ideas[1]) == 1
    # a newer number applies; without a number (no JavaScript) the value decides
    services.put_dots(participant, ideas[0], 2, seq=41)
    services.put_dots(participant, ideas[0], 1)
    assert _points(participant, ideas[0]) == 1


def test_a_replayed_dot_writes_nothing_and_answers_the_current_state(
    participant_client, open_workshop, ideas
):
    url = reverse("participation:vote", args=[open_workshop.join_code])
    first = participant_client.post(url, {"vote": f"{ideas[2].pk}:1", "seq": "1000"}, **HTMX)
    assert first.status_code == 200
    participant = Participant.objects.get()
    newer = participant_client.post(url, {"vote": f"{ideas[2].pk}:2", "seq": "2000"}, **HTMX)
    assert newer.status_code == 200 and _points(participant, ideas[2]) == 2
    replay = participant_client.post(url, {"vote": f"{ideas[2].pk}:1", "seq": "1000"}, **HTMX)
    assert replay.status_code == 200
    assert _points(participant, ideas[2]) == 2  # unchanged
    html = replay.content.decode()
    assert '<span class="dot-count">2 gommettes</span>' in html  # what the phone must show
    assert "<strong>1</strong>" in html  # one dot left out of 3
    # a number that is not one (junk) is ignored: the absolute value decides
    participant_client.post(url, {"vote": f"{ideas[2].pk}:1", "seq": "1e9"}, **HTMX)
    assert _points(participant, ideas[2]) == 1


def test_a_join_sent_again_after_its_answer_was_lost_creates_one_participant(workshop):
    phone = Client()
    page = phone.get(f"/participer/{workshop.join_code}/").content.decode()
    form = {"name": "Lou", "retry_key": _key(page)}
    first = phone.post(f"/participer/{workshop.join_code}/", form)
    assert first.status_code == 302 and Participant.objects.count() == 1
    # the answer (with its cookies) never reached the phone: it sends the form again
    again = Client().post(f"/participer/{workshop.join_code}/", form)
    assert again.status_code == 302
    assert Participant.objects.count() == 1
    assert again.cookies[BROWSER_COOKIE_NAME].value and again.cookies[COOKIE_NAME].value
    # the new cookie is the same participant (a new token: only its hash was kept)
    participant = Participant.objects.get()
    resumed = Client()
    resumed.cookies = again.cookies
    resumed.post(
        reverse("participation:add_idea", args=[workshop.join_code]),
        {"kind": ContributionKind.IDEA, "text": "Un lieu", "question": ""},
    )
    assert Contribution.objects.get(text="Un lieu").participant == participant
    # another form (another key) from another phone is another participant
    other = Client().get(f"/participer/{workshop.join_code}/").content.decode()
    assert _key(other) != form["retry_key"]
    Client().post(f"/participer/{workshop.join_code}/", {"name": "Sam", "retry_key": _key(other)})
    assert Participant.objects.count() == 2


def test_an_idea_form_sent_twice_adds_one_idea(participant_client, workshop):
    page = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    url = reverse("participation:add_idea", args=[workshop.join_code])
    form = {"kind": ContributionKind.IDEA, "text": "Une ressourcerie", "retry_key": _key(page)}
    first = participant_client.post(url, form, **HTMX)
    again = participant_client.post(url, form, **HTMX)
    assert first.status_code == again.status_code == 200
    assert Contribution.objects.filter(text="Une ressourcerie").count() == 1
    # each answer brings a fresh form with a new key: the next idea is added
    next_key = _key(again.content.decode())
    assert next_key != form["retry_key"]
    participant_client.post(url, {**form, "retry_key": next_key}, **HTMX)
    assert Contribution.objects.filter(text="Une ressourcerie").count() == 2
    # without JavaScript too: the copy redirects as the first did, and adds nothing
    page = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    plain = {"kind": ContributionKind.IDEA, "text": "Un jardin", "retry_key": _key(page)}
    assert participant_client.post(url, plain).status_code == 302
    assert participant_client.post(url, plain).status_code == 302
    assert Contribution.objects.filter(text="Un jardin").count() == 1
