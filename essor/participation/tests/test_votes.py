"""Prioritisation: dots and scale, through the service and the participant's page."""

import re

import pytest
from django.urls import reverse

from essor.contributions.services import add_contribution
from essor.participation import services
from essor.participation.models import Participant, Vote
from essor.workshops.models import VoteMode, VoteStatus
from essor.workshops.services import create_workshop

HTMX = {"HTTP_HX_REQUEST": "true"}


def _vote_url(workshop):
    return reverse("participation:vote", args=[workshop.join_code])


def _dots(contribution, dots):
    """What a + or − button posts."""
    return {"vote": f"{contribution.pk}:{dots}"}


def _score(contribution, points):
    return {"contribution": contribution.pk, "points": points}


def _me(workshop):
    return Participant.objects.get(workshop=workshop, name="Lou")


# --- service -------------------------------------------------------------


def test_dots_up_to_the_limit_then_refused(open_workshop, participant, ideas):
    services.set_dots(participant, ideas[0], 2)
    services.set_dots(participant, ideas[1], 1)
    with pytest.raises(services.VoteError) as refused:
        services.set_dots(participant, ideas[2], 1)
    assert "il vous en reste 0" in refused.value.messages[0]
    with pytest.raises(services.VoteError):
        services.set_dots(participant, ideas[0], 3)
    assert services.dots_used(participant) == 3
    services.set_dots(participant, ideas[0], 0)  # 0 removes the vote
    assert not Vote.objects.filter(contribution=ideas[0]).exists()
    services.set_dots(participant, ideas[2], 2)
    assert services.dots_used(participant) == 3


def test_setting_the_same_value_twice_changes_nothing(open_workshop, participant, ideas):
    first = services.set_dots(participant, ideas[0], 2)
    again = services.set_dots(participant, ideas[0], 2)
    assert again.pk == first.pk
    stored = Vote.objects.get()
    assert (stored.points, stored.updated_at) == (2, first.updated_at)  # not even rewritten


def test_negative_dots_refused(open_workshop, participant, ideas):
    with pytest.raises(services.VoteError, match="négatif"):
        services.set_dots(participant, ideas[0], -1)


def test_vote_before_opening_and_after_closing_is_refused(workshop, participant, ideas, cast):
    with pytest.raises(services.VoteClosed, match="pas encore commencé"):
        services.set_dots(participant, ideas[0], 1)
    services.open_vote(workshop, actor=cast.facilitator)
    services.set_dots(participant, ideas[0], 1)
    services.close_vote(workshop, actor=cast.facilitator)
    with pytest.raises(services.VoteClosed, match="Le vote est clos"):
        services.set_dots(participant, ideas[0], 2)
    with pytest.raises(services.VoteClosed):
        services.remove_vote(participant, ideas[0])
    assert Vote.objects.get().points == 1  # nothing already saved is lost


def test_withdrawn_ideas_refuse_votes_and_give_dots_back(open_workshop, participant, ideas):
    services.set_dots(participant, ideas[0], 3)
    ideas[0].is_withdrawn = True
    ideas[0].save()
    assert services.dots_used(participant) == 0
    services.set_dots(participant, ideas[1], 3)
    with pytest.raises(services.VoteError, match="retirée"):
        services.set_dots(participant, ideas[0], 1)


def test_idea_of_another_workshop_is_refused(open_workshop, participant, cast):
    other = create_workshop(process=cast.process, title="Autre atelier")
    elsewhere = add_contribution(process=cast.process, workshop=other, text="Ailleurs")
    with pytest.raises(services.VoteError, match="ne fait pas partie"):
        services.set_dots(participant, elsewhere, 1)


def test_scale_accepts_1_to_5_only(open_workshop, participant, ideas):
    open_workshop.vote_mode = VoteMode.SCALE
    open_workshop.save()
    for points in (0, 6, -1):
        with pytest.raises(services.VoteError, match="entre 1 et 5"):
            services.cast_vote(participant, ideas[0], points)
    services.cast_vote(participant, ideas[0], 5)
    services.cast_vote(participant, ideas[1], 1)
    services.cast_vote(participant, ideas[0], 4)
    assert dict(Vote.objects.values_list("contribution_id", "points")) == {
        ideas[0].pk: 4,
        ideas[1].pk: 1,
    }
    with pytest.raises(services.VoteError, match="pas avec une note"):
        open_workshop.vote_mode = VoteMode.DOTS
        open_workshop.save()
        services.cast_vote(participant, ideas[2], 3)


def test_reset_deletes_the_votes_and_keeps_the_ideas(open_workshop, participant, ideas, cast):
    services.set_dots(participant, ideas[0], 2)
    assert services.reset_vote(open_workshop, actor=cast.facilitator) == 1
    open_workshop.refresh_from_db()
    assert open_workshop.vote_status == VoteStatus.NOT_STARTED
    assert not Vote.objects.exists()
    assert open_workshop.contributions.count() == 3


def test_results_sort_by_points_with_bars(open_workshop, ideas):
    lou = services.join_workshop(open_workshop, name="Lou")
    max_ = services.join_workshop(open_workshop, name="Max")
    services.set_dots(lou, ideas[2], 2)
    services.set_dots(max_, ideas[2], 1)
    services.set_dots(max_, ideas[0], 1)
    rows = services.results(open_workshop)
    assert [(r.pk, r.vote_points, r.voter_count, r.bar) for r in rows] == [
        (ideas[2].pk, 3, 2, 100),
        (ideas[0].pk, 1, 1, 35),
        (ideas[1].pk, 0, 0, 0),
    ]


# --- participant's page ----------------------------------------------------


def test_vote_panel_appears_only_when_the_vote_is_open(participant_client, workshop, ideas):
    page = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    assert "Prioriser les idées" not in page
    workshop.vote_status = VoteStatus.OPEN
    workshop.save()
    page = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    assert "Prioriser les idées" in page
    assert "Il vous reste <strong>3</strong> gommettes sur 3." in page


def test_plus_button_adds_a_dot_and_answers_what_changed(participant_client, open_workshop, ideas):
    """Only the idea's item, the counter and the status message, swapped out of band
    (the whole panel is checked in test_vote_fragments.py)."""
    url = _vote_url(open_workshop)
    response = participant_client.post(url, _dots(ideas[0], 1), **HTMX)
    html = response.content.decode()
    assert response["HX-Reswap"] == "none"
    assert "Il vous reste <strong>2</strong> gommettes sur 3." in html
    assert f'value="{ideas[0].pk}:2" id="plus-{ideas[0].pk}"' in html
    assert f'value="{ideas[0].pk}:0" id="minus-{ideas[0].pk}"' in html
    # double click: the same absolute value again changes nothing
    participant_client.post(url, _dots(ideas[0], 1), **HTMX)
    assert Vote.objects.get().points == 1


def test_without_javascript_votes_redirect_with_a_message(participant_client, open_workshop, ideas):
    response = participant_client.post(_vote_url(open_workshop), _dots(ideas[0], 1), follow=True)
    assert "Votre vote a été enregistré." in response.content.decode()
    response = participant_client.post(_vote_url(open_workshop), _dots(ideas[1], 9), follow=True)
    html = response.content.decode()
    assert "il vous en reste 2 pour cette idée" in html
    assert dict(Vote.objects.values_list("contribution_id", "points")) == {ideas[0].pk: 1}


@pytest.mark.parametrize(
    "points,message",
    [
        ("0", "entre 1 et 5"),
        ("6", "entre 1 et 5"),
        ("abc", "Choisissez un nombre entier."),
        ("", "Choisissez un nombre entier."),
    ],
)
def test_bad_scores_get_a_french_message(participant_client, open_workshop, ideas, points, message):
    open_workshop.vote_mode = VoteMode.SCALE
    open_workshop.save()
    response = participant_client.post(_vote_url(open_workshop), _score(ideas[0], points), **HTMX)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Vote.objects.exists()


def test_scale_score_then_removed(participant_client, open_workshop, ideas):
    open_workshop.vote_mode = VoteMode.SCALE
    open_workshop.save()
    url = _vote_url(open_workshop)
    html = participant_client.post(url, _score(ideas[0], "4"), **HTMX).content.decode()
    assert "Votre note\u00a0: 4/5" in html
    participant_client.post(url, {"contribution": ideas[0].pk, "clear": "1"}, **HTMX)
    assert not Vote.objects.exists()


def test_vote_on_an_idea_of_another_workshop_is_a_404(participant_client, open_workshop, cast):
    other = create_workshop(process=cast.process, title="Autre atelier")
    elsewhere = add_contribution(process=cast.process, workshop=other, text="Ailleurs")
    response = participant_client.post(_vote_url(open_workshop), _dots(elsewhere, 1))
    assert response.status_code == 404
    for forged in ({"vote": "abc:1"}, {"vote": ""}, {"contribution": "x", "points": "1"}, {}):
        assert participant_client.post(_vote_url(open_workshop), forged).status_code == 404
    assert not Vote.objects.exists()


def test_vote_after_closing_is_refused_in_french(participant_client, open_workshop, ideas):
    participant_client.post(_vote_url(open_workshop), _dots(ideas[0], 1), **HTMX)
    open_workshop.vote_status = VoteStatus.CLOSED
    open_workshop.save()
    html = participant_client.post(
        _vote_url(open_workshop), _dots(ideas[0], 2), **HTMX
    ).content.decode()
    assert "Le vote est clos\u00a0: votre choix n’a pas été enregistré." in html
    assert Vote.objects.get().points == 1


def test_withdrawn_idea_vote_is_refused_in_french(participant_client, open_workshop, ideas):
    ideas[1].is_withdrawn = True
    ideas[1].save()
    page = participant_client.get(f"/participer/{open_workshop.join_code}/").content.decode()
    assert ideas[1].text not in page
    html = participant_client.post(
        _vote_url(open_workshop), _dots(ideas[1], 1), **HTMX
    ).content.decode()
    assert "Cette idée a été retirée" in html
    assert not Vote.objects.exists()


def test_votes_are_rate_limited_per_participant(
    participant_client, open_workshop, ideas, monkeypatch
):
    from essor.participation import views

    monkeypatch.setitem(views.RATES, "vote", "2/m")
    url = _vote_url(open_workshop)
    participant_client.post(url, _dots(ideas[0], 1), **HTMX)
    participant_client.post(url, _dots(ideas[0], 2), **HTMX)
    html = participant_client.post(url, _dots(ideas[0], 3), **HTMX).content.decode()
    assert "Vous votez trop vite" in html
    assert Vote.objects.get().points == 2


def test_live_endpoint_answers_204_until_the_state_changes(participant_client, workshop, ideas):
    page = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    url = re.search(r'id="live-poll" hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert participant_client.get(url, **HTMX).status_code == 204
    workshop.vote_status = VoteStatus.OPEN
    workshop.save()
    response = participant_client.get(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="live-poll"') and '<div id="live" hx-swap-oob="true">' in html
    assert "Prioriser les idées" in html
