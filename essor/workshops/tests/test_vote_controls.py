"""The facilitator runs the vote from the pages where the workshop happens: the
workshop page, the capture board and the projector view. Other roles see the vote's
state at most, never the buttons, and their POST changes nothing."""

import pytest
from django.urls import reverse

from essor.workshops.models import VoteStatus

PAGES = ["detail", "board", "projector"]


def _page(name, ws):
    return reverse(f"workshops:{name}", args=[ws.process.pk, ws.workshop.pk])


def _action(name, ws):
    return reverse(f"participation:{name}", args=[ws.process.pk, ws.workshop.pk])


@pytest.mark.parametrize("page", PAGES)
def test_facilitator_sees_open_button_then_close_button(client_as, ws, page):
    client = client_as("facilitator")
    html = client.get(_page(page, ws)).content.decode()
    assert f'action="{_action("open_vote", ws)}"' in html
    assert f'action="{_action("close_vote", ws)}"' not in html

    response = client.post(_action("open_vote", ws), {"next": _page(page, ws)})
    assert response.status_code == 302
    assert response["Location"] == _page(page, ws)  # back where the button was
    ws.workshop.refresh_from_db()
    assert ws.workshop.vote_status == VoteStatus.OPEN

    html = client.get(_page(page, ws)).content.decode()
    assert f'action="{_action("close_vote", ws)}"' in html
    assert f'action="{_action("open_vote", ws)}"' not in html
    assert "csrfmiddlewaretoken" in html

    client.post(_action("close_vote", ws), {"next": _page(page, ws)})
    ws.workshop.refresh_from_db()
    assert ws.workshop.vote_status == VoteStatus.CLOSED
    html = client.get(_page(page, ws)).content.decode()
    assert "Rouvrir le vote" in html


@pytest.mark.parametrize("role", ["committee_member", "contributor"])
def test_other_roles_see_no_vote_buttons_and_cannot_post(client_as, ws, role):
    client = client_as(role)
    for page in ("detail", "projector"):
        html = client.get(_page(page, ws)).content.decode()
        assert _action("open_vote", ws) not in html
        assert _action("close_vote", ws) not in html
    assert client.get(_page("board", ws)).status_code == 403
    assert client.post(_action("open_vote", ws), {"next": _page("detail", ws)}).status_code == 403
    ws.workshop.refresh_from_db()
    assert ws.workshop.vote_status == VoteStatus.NOT_STARTED


def test_next_outside_the_site_is_ignored(client_as, ws):
    response = client_as("facilitator").post(
        _action("open_vote", ws), {"next": "//evil.example.org/"}
    )
    assert response["Location"] == reverse(
        "participation:results", args=[ws.process.pk, ws.workshop.pk]
    )
