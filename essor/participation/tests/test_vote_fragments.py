"""What a vote costs: the SQL queries of a dot, the small htmx answer (out-of-band
fragments) versus the whole panel, and the projector's table answering 204
while the results are unchanged."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from essor.contributions.models import ContributionKind
from essor.contributions.services import add_contribution
from essor.participation import render, services
from essor.participation.models import Vote

HTMX = {"HTTP_HX_REQUEST": "true"}
TRANSACTION = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.IGNORECASE)


def _vote(client, workshop, idea, dots):
    url = reverse("participation:vote", args=[workshop.join_code])
    return client.post(url, {"vote": f"{idea.pk}:{dots}"}, **HTMX)


def _sql(queries) -> list[str]:
    """The statements that read or write (transaction control left out: SQLite
    and PostgreSQL do not log it alike)."""
    return [q["sql"] for q in queries if not TRANSACTION.match(q["sql"])]


@pytest.fixture
def many_ideas(open_workshop, cast):
    return [
        add_contribution(process=cast.process, workshop=open_workshop, text=f"Idée {n}")
        for n in range(20)
    ]


def test_a_dot_costs_two_round_trips_on_postgresql_whatever_the_number_of_ideas(
    participant_client, open_workshop, many_ideas
):
    # PostgreSQL: participant and idea (cookie), then the function essor_put_dots (the
    # lock, the checks and the write, in one statement and one transaction).
    # SQLite: participant and idea, lock, one read (workshop, idea, my dots), one write.
    most = 2 if connection.vendor == "postgresql" else 4
    with CaptureQueriesContext(connection) as first:
        _vote(participant_client, open_workshop, many_ideas[0], 1)
    assert len(_sql(first.captured_queries)) <= most, _sql(first.captured_queries)
    if connection.vendor == "postgresql":  # no transaction of its own: no savepoint either
        assert not any(TRANSACTION.match(q["sql"]) for q in first.captured_queries)
    with CaptureQueriesContext(connection) as again:  # double click: nothing written
        _vote(participant_client, open_workshop, many_ideas[0], 1)
    assert len(_sql(again.captured_queries)) <= most, _sql(again.captured_queries)
    assert not any(q.startswith(("INSERT", "UPDATE")) for q in _sql(again.captured_queries))
    assert Vote.objects.get().points == 1


def test_the_answer_holds_only_the_changed_idea(participant_client, open_workshop, many_ideas):
    response = _vote(participant_client, open_workshop, many_ideas[3], 1)
    html = response.content.decode()
    assert response["HX-Reswap"] == "none"  # no main swap: out-of-band fragments only
    item = f'<li id="vote-item-{many_ideas[3].pk}" hx-swap-oob="true" class="vote-item voted">'
    assert item in html
    assert '<p class="dots-left" id="dots-left" hx-swap-oob="true">' in html
    status = '<p class="visually-hidden" role="status">'
    assert f'<div id="vote-feedback" hx-swap-oob="true">{status}' in html
    assert "Votre vote a été enregistré." in html
    assert html.count("<li") == 1 and "Idée 4" not in html
    assert "1 gommette" in html
    # the focus stays on the button: the new one keeps its id
    assert f'id="plus-{many_ideas[3].pk}"' in html and f'id="minus-{many_ideas[3].pk}"' in html
    panel = participant_client.get(f"/participer/{open_workshop.join_code}/").content.decode()
    assert len(html) * 5 < len(panel)


def test_running_out_of_dots_or_getting_one_back_refreshes_every_plus_button(
    participant_client, open_workshop, many_ideas
):
    """Every other "+" button is disabled, then enabled again, out of band; only
    the buttons, not the ideas' texts."""
    others = list(open_workshop.contributions.exclude(pk=many_ideas[1].pk))
    assert len(others) == 3 + len(many_ideas) - 1
    _vote(participant_client, open_workshop, many_ideas[0], 2)
    last = _vote(participant_client, open_workshop, many_ideas[1], 1)
    html = last.content.decode()
    assert last["HX-Reswap"] == "none"
    assert "Il vous reste <strong>0</strong> gommette sur 3." in html
    for idea in others:
        points = 2 if idea == many_ideas[0] else 0
        button = f'value="{idea.pk}:{points + 1}" id="plus-{idea.pk}" hx-swap-oob="true"'
        assert button in html, idea
    assert html.count(" disabled>+") == len(others) + 1  # and the changed idea's own
    assert html.count("<li") == 1 and "Idée 0" not in html
    again = _vote(participant_client, open_workshop, many_ideas[1], 1)  # double click
    assert 'id="plus-' not in again.content.decode().split("</li>", 1)[1]
    back = _vote(participant_client, open_workshop, many_ideas[1], 0)
    html = back.content.decode()
    assert html.count('hx-swap-oob="true" class="button dot-button"') == len(others)
    assert " disabled>+" not in html


def test_a_refused_dot_answers_the_whole_panel_with_the_message(
    participant_client, open_workshop, many_ideas
):
    _vote(participant_client, open_workshop, many_ideas[0], 1)
    refused = _vote(participant_client, open_workshop, many_ideas[1], 3)
    html = refused.content.decode()
    assert html.startswith('<section id="vote-panel"')
    assert 'role="alert">Vous avez 3 gommettes en tout et il vous en reste 2' in html
    assert Vote.objects.get().contribution == many_ideas[0]


def test_put_dots_tells_the_dots_left_before_and_after(open_workshop, participant, many_ideas):
    first = services.put_dots(participant, many_ideas[0], 2)
    assert (first.points, first.left_before, first.left) == (2, 3, 1)
    again = services.put_dots(participant, many_ideas[0], 1)
    assert (again.points, again.left_before, again.left) == (1, 1, 2)
    gone = services.put_dots(participant, many_ideas[0], 0)
    assert (gone.points, gone.left_before, gone.left) == (0, 2, 3)
    assert not Vote.objects.filter(participant=participant).exists()


def test_projector_table_answers_204_while_the_results_are_unchanged(
    client_as, cast, open_workshop, ideas, participant
):
    client = client_as("facilitator")
    url = reverse("participation:results_fragment", args=[cast.process.pk, open_workshop.pk])
    html = client.get(url, **HTMX).content.decode()
    version = re.search(r'hx-get="[^"?]+\?v=([0-9a-f]+)"', html).group(1)
    with CaptureQueriesContext(connection) as unchanged:
        response = client.get(url, {"v": version}, **HTMX)
    assert response.status_code == 204 and response.content == b""
    # rows and counts: two queries, whatever the number of ideas and votes
    results = [q for q in _sql(unchanged.captured_queries) if '"participation_vote"' in q]
    assert len(results) == 2, results
    services.set_dots(participant, ideas[1], 2)
    response = client.get(url, {"v": version}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 votant (participants\u00a0: 1)." in html
    assert f"?v={version}" not in html
    # a withdrawn idea or a closed vote changes the table too
    new_version = re.search(r"\?v=([0-9a-f]+)", html).group(1)
    services.close_vote(open_workshop, actor=cast.facilitator)
    assert client.get(url, {"v": new_version}, **HTMX).status_code == 200


def test_plus_buttons_refreshed_are_those_of_kept_ideas_with_my_dots(
    open_workshop, participant, ideas
):
    services.set_dots(participant, ideas[0], 2)
    ideas[2].is_withdrawn = True  # not on the page any more: no button to refresh
    ideas[2].save()
    assert services.other_ideas_points(participant, ideas[1]) == [
        {"pk": ideas[0].pk, "my_points": 2}
    ]


def test_a_vote_retried_after_a_lost_answer_is_counted_once(
    participant_client, open_workshop, many_ideas
):
    """A phone whose connection dropped (a server killed after recording the vote)
    sends the same POST again, maybe to another server: the "+" posts an absolute
    number of dots, so the retry finds the vote already there and writes nothing."""
    first = _vote(participant_client, open_workshop, many_ideas[0], 1)
    retried = _vote(participant_client, open_workshop, many_ideas[0], 1)
    assert first.status_code == retried.status_code == 200
    assert "message-error" not in retried.content.decode()
    assert "Il vous reste <strong>2</strong> gommettes sur 3." in retried.content.decode()
    assert list(Vote.objects.values_list("contribution", "points")) == [(many_ideas[0].pk, 1)]
    assert services.dots_used(open_workshop.participants.get()) == 1


def test_an_idea_of_another_workshop_is_not_found(
    participant_client, open_workshop, cast, many_ideas
):
    from essor.workshops.services import create_workshop

    other = create_workshop(process=cast.process, title="Autre atelier")
    foreign = add_contribution(process=cast.process, workshop=other, text="Ailleurs")
    assert _vote(participant_client, open_workshop, foreign, 1).status_code == 404
    url = reverse("participation:vote", args=[open_workshop.join_code])
    assert participant_client.post(url, {"vote": "abc:1"}, **HTMX).status_code == 404
    assert not Vote.objects.exists()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("points", "left", "others"),
    [(0, 3, []), (1, 2, []), (2, 0, [{"pk": 7, "my_points": 1}, {"pk": 9, "my_points": 0}])],
)
def test_the_python_answer_is_the_templates_html(
    open_workshop, many_ideas, language, points, left, others
):
    """render.py writes the fragments the templates write for the whole panel."""
    idea = many_ideas[0]
    idea.text = 'Un <b>lieu</b> & "partagé"\nsur deux lignes'
    idea.kind = ContributionKind.OBSTACLE
    idea.my_points = points
    context = {"workshop": open_workshop, "c": idea, "dots_left": left, "vote_saved": True}
    with translation.override(language):
        expected = (
            "\n".join(
                render_to_string(f"participation/includes/{name}.html", {**context, "oob": True})
                for name in ("vote_feedback", "dots_left", "vote_item")
            )
            + "\n"
        )
        for other in others:
            plus = {**context, "c": other, "plus_oob": True}
            expected += render_to_string("participation/includes/dot_plus.html", plus) + "\n"
        expected += "\n"
        written = render.dots_changed(idea, left=left, total=3, other_ideas=others)
    assert written == expected
    assert "&lt;b&gt;lieu&lt;/b&gt; &amp; &quot;partagé&quot;<br>sur" in written
