"""An idea changed or deleted by its author, within the minutes they may, reaches the
projector: the live state sends the edited texts among the cards it shows, and the
ids still kept when it shows another number of cards."""

from django.test import Client
from django.urls import reverse

from essor.contributions.models import Contribution
from essor.contributions.services import add_contribution
from essor.workshops import live
from essor.workshops.services import update_contribution


def _state(client, ws, **params):
    url = reverse("workshops:live_state", args=[ws.process.pk, ws.workshop.pk])
    return client.get(url, params)


class Projector:
    """Polls as presentation.js does: the version, the last idea, its cards, ``at``."""

    def __init__(self, client, ws):
        self.client, self.ws = client, ws
        self.cards: dict[int, str] = {}
        self.version, self.last, self.at = "", 0, ""

    def poll(self):
        response = _state(
            self.client, self.ws, v=self.version, since=self.last, n=len(self.cards), at=self.at
        )
        if response.status_code == 204:
            return None
        data = response.json()
        self.version, self.at = data["version"], data["at"]
        if data["full"]:
            self.cards = {}
        for pk in data["hidden"]:
            self.cards.pop(pk, None)
        if "kept" in data:
            self.cards = {pk: text for pk, text in self.cards.items() if pk in data["kept"]}
        for idea in data.get("edited", []):
            if idea["id"] in self.cards:
                self.cards[idea["id"]] = idea["text"]
        for idea in data["ideas"]:
            self.cards[idea["id"]] = idea["text"]
            self.last = max(self.last, idea["id"])
        return data


def _phone(ws):
    phone = Client()
    assert phone.post(f"/participer/{ws.workshop.join_code}/", {"name": "Lou"}).status_code == 302
    return phone


def test_an_author_edit_and_delete_reach_the_projector(client_as, ws):
    live.set_question(ws.workshop, ws.q1.pk, actor=None)
    projector = Projector(client_as("facilitator"), ws)
    phone = _phone(ws)
    code = ws.workshop.join_code
    phone.post(f"/participer/{code}/idee/", {"kind": "idea", "text": "Un lieu partagé"})
    phone.post(f"/participer/{code}/idee/", {"kind": "idea", "text": "Une monnaie locale"})
    first, second = Contribution.objects.order_by("pk")
    other = add_contribution(
        process=ws.process, workshop=ws.workshop, text="Un bus", question=ws.q2
    )
    projector.poll()
    assert projector.cards == {first.pk: "Un lieu partagé", second.pk: "Une monnaie locale"}
    assert projector.poll() is None  # nothing changed: 204

    response = phone.post(
        f"/participer/{code}/idee/{first.pk}/modifier/",
        {"kind": "idea", "text": "Un tiers-lieu partagé"},
    )
    assert response.status_code == 302
    data = projector.poll()
    assert {"id": first.pk, "text": "Un tiers-lieu partagé"} in data["edited"]
    assert "kept" not in data  # as many cards as kept ideas: no list of ids
    assert projector.cards[first.pk] == "Un tiers-lieu partagé"
    assert all(idea["id"] != other.pk for idea in data["edited"])  # another question's

    assert phone.post(f"/participer/{code}/idee/{second.pk}/supprimer/").status_code == 302
    data = projector.poll()
    assert data["kept"] == [first.pk]
    assert projector.cards == {first.pk: "Un tiers-lieu partagé"}
    assert projector.poll() is None


def test_an_idea_moved_into_the_question_makes_the_projector_read_them_all(client_as, ws):
    live.set_question(ws.workshop, ws.q1.pk, actor=None)
    moved = add_contribution(
        process=ws.process, workshop=ws.workshop, text="Un bus", question=ws.q2
    )
    add_contribution(process=ws.process, workshop=ws.workshop, text="Un lieu", question=ws.q1)
    projector = Projector(client_as("facilitator"), ws)
    projector.poll()
    assert list(projector.cards.values()) == ["Un lieu"]
    moved.question = ws.q1  # corrected on the capture board
    update_contribution(moved, actor=None, fields=["question"])
    data = projector.poll()
    assert moved.pk in data["kept"]  # a kept id without a card: presentation.js reads all again


def test_without_its_cards_and_time_the_state_sends_no_changes(client_as, ws):
    """The console's poll (console.js) asks only for the counters."""
    add_contribution(process=ws.process, workshop=ws.workshop, text="Un lieu")
    data = _state(client_as("facilitator"), ws, since=1 << 30).json()
    assert "edited" not in data and "kept" not in data and isinstance(data["at"], int)
    bad = _state(client_as("facilitator"), ws, since="x", n="y", at="1e999").json()
    assert bad["full"] and "kept" not in bad


def test_only_people_of_the_process_read_the_state(client_as, ws):
    for role, allowed in [
        ("facilitator", True),
        ("committee_member", True),
        ("outsider", False),
        ("other_workspace", False),
    ]:
        status = _state(client_as(role), ws, n=0, at=0).status_code
        assert (status == 200) is allowed, role
    assert _state(client_as("anonymous"), ws).status_code == 302
