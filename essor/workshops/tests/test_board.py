"""The capture board (plain POST and HTMX), correcting a line, and the projector view."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from essor.contributions.models import Contribution, ContributionKind, ContributionSource
from essor.contributions.services import add_contribution, clean_contribution_text
from essor.participation.models import Participant, Vote
from essor.workshops.capture import parse_capture_line
from essor.workshops.models import VoteStatus

HTMX = {"HTTP_HX_REQUEST": "true"}


def _label(kind) -> str:
    """The kind as shown in French (its catalogue belongs to the contributions app)."""
    with translation.override("fr"):
        return str(kind.label)


def _board(ws):
    return reverse("workshops:board", args=[ws.process.pk, ws.workshop.pk])


def _french_error(text: str) -> str:
    with translation.override("fr"):
        try:
            clean_contribution_text(text)
        except ValidationError as error:
            return error.messages[0]
    raise AssertionError("the text should have been refused")


@pytest.mark.parametrize(
    "line,kind,text",
    [
        ("b: il manque un lieu", "need", "il manque un lieu"),
        ("B : il manque un lieu", "need", "il manque un lieu"),
        ("c:peu de visibilité", "observation", "peu de visibilité"),
        ("f: financements courts", "obstacle", "financements courts"),
        ("l: la commande publique", "lever", "la commande publique"),
        ("a: un réseau actif", "strength", "un réseau actif"),
        ("p: peu de relève", "weakness", "peu de relève"),
        ("i: une maison de l'ESS", "idea", "une maison de l'ESS"),
        ("x: pas un raccourci", None, "x: pas un raccourci"),
        ("Constat sans raccourci", None, "Constat sans raccourci"),
        ("note : 12h", None, "note : 12h"),
    ],
)
def test_parse_capture_line(line, kind, text):
    assert parse_capture_line(line) == (kind, text)


def test_capture_without_javascript_saves_and_keeps_choices(client_as, ws):
    client = client_as("facilitator")
    data = {
        "text": "b: il manque un lieu", "kind": "idea", "question": ws.q2.pk,
        "theme": "Tiers-lieux", "author_organisation": ws.org.pk,
    }  # fmt: skip
    response = client.post(_board(ws), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.text == "il manque un lieu"
    assert contribution.kind == ContributionKind.NEED
    assert contribution.source == ContributionSource.CAPTURE
    assert contribution.question == ws.q2 and contribution.workshop == ws.workshop
    assert contribution.theme == "Tiers-lieux" and contribution.author_organisation == ws.org
    assert contribution.created_by == ws.process.memberships.get(role="facilitator").user
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Idée enregistrée." in html
    assert 'value="Tiers-lieux"' in html  # theme, organisation and question stay set
    assert f'<option value="{ws.org.pk}" selected>' in html
    assert f'<option value="{ws.q2.pk}" selected>' in html
    assert 'name="text" id="id_text" value=""' in html  # ready for the next line


def test_capture_with_htmx_returns_the_board_fragment(client_as, ws):
    client = client_as("facilitator")
    response = client.post(
        _board(ws),
        {"text": "l: la commande publique", "kind": "idea", "question": ws.q1.pk},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert "<html" not in html  # a fragment, not a page
    assert "la commande publique" in html
    assert 'name="text" id="id_text" value=""' in html
    # The status message is swapped out of band into the live region kept on the page.
    assert '<p id="capture-status" class="capture-status" role="status" hx-swap-oob="true">' in html
    assert f"Enregistrée ({_label(ContributionKind.LEVER)})" in html
    assert f'<option value="{ws.q1.pk}" selected>' in html
    contribution = Contribution.objects.get()
    assert contribution.kind == ContributionKind.LEVER and contribution.question == ws.q1
    # The line is listed under its question, after the question's heading.
    assert html.index("Quels besoins des structures ?") < html.index("la commande publique")


def test_kind_select_is_used_without_shortcut(client_as, ws):
    client_as("facilitator").post(_board(ws), {"text": "Peu de relève", "kind": "weakness"})
    assert Contribution.objects.get().kind == ContributionKind.WEAKNESS


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("text", ["", "   ", "b:   ", "x" * 10_000])
def test_bad_lines_give_the_error_at_the_field_and_keep_the_text(client_as, ws, text, htmx):
    add_contribution(process=ws.process, workshop=ws.workshop, text="Déjà là")
    client = client_as("facilitator")
    response = client.post(_board(ws), {"text": text, "kind": "idea"}, **(HTMX if htmx else {}))
    assert response.status_code == 200
    html = response.content.decode()
    expected = _french_error(parse_capture_line(text)[1])
    assert f'<ul class="errorlist" id="id_text_error"><li>{expected}</li></ul>' in html
    assert 'aria-invalid="true"' in html
    assert f'value="{text}"' in html  # nothing typed is lost
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Déjà là"]


def test_bad_choices_are_refused_without_saving(client_as, ws):
    from essor.workshops.services import create_workshop

    other = create_workshop(process=ws.process, title="Autre", questions=["Ailleurs ?"])
    client = client_as("facilitator")
    for data in (
        {"text": "Une idée", "kind": "nonsense"},
        {"text": "Une idée", "kind": "idea", "question": other.questions.get().pk},
        {"text": "Une idée", "kind": "idea", "author_organisation": "999999"},
        {"text": "Une idée", "kind": "idea", "theme": "t" * 200},
    ):
        response = client.post(_board(ws), data)
        assert response.status_code == 200
        assert 'class="errorlist"' in response.content.decode()
    assert not Contribution.objects.exists()


def test_script_payload_is_shown_as_text_on_board_and_projector(client_as, ws):
    client = client_as("facilitator")
    payload = "<script>alert('x')</script><b>gras</b>"
    client.post(_board(ws), {"text": payload, "kind": "idea"})
    assert Contribution.objects.get().text == payload
    pages = [
        client.get(_board(ws)),
        client.get(reverse("workshops:projector", args=[ws.process.pk, ws.workshop.pk])),
        client.get(reverse("workshops:projector_fragment", args=[ws.process.pk, ws.workshop.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert "<script>alert" not in html and "<b>gras</b>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;" in html


def test_edit_and_withdraw_a_line(client_as, ws):
    contribution = add_contribution(
        process=ws.process, workshop=ws.workshop, text="Il manque un leiu", question=ws.q1
    )
    url = reverse(
        "workshops:contribution_edit", args=[ws.process.pk, ws.workshop.pk, contribution.pk]
    )
    client = client_as("facilitator")
    assert "Il manque un leiu" in client.get(url).content.decode()
    response = client.post(
        url, {"text": "Il manque un lieu", "kind": "need", "question": ws.q2.pk, "theme": "Lieux"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#contribution-{contribution.pk}")
    contribution.refresh_from_db()
    assert (contribution.text, contribution.kind, contribution.question) == (
        "Il manque un lieu", "need", ws.q2,
    )  # fmt: skip
    client.post(url, {"text": "Il manque un lieu", "kind": "need", "is_withdrawn": "on"})
    contribution.refresh_from_db()
    assert contribution.is_withdrawn
    board = client.get(_board(ws)).content.decode()
    assert "<del>Il manque un lieu</del>" in board
    projector = client.get(
        reverse("workshops:projector_fragment", args=[ws.process.pk, ws.workshop.pk])
    ).content.decode()
    assert "Il manque un lieu" not in projector


@pytest.mark.parametrize("text", ["", "y" * 10_000])
def test_edit_refuses_bad_text_and_keeps_the_old_one(client_as, ws, text):
    contribution = add_contribution(process=ws.process, workshop=ws.workshop, text="Gardée")
    url = reverse(
        "workshops:contribution_edit", args=[ws.process.pk, ws.workshop.pk, contribution.pk]
    )
    response = client_as("facilitator").post(url, {"text": text, "kind": "idea"})
    assert response.status_code == 200
    assert _french_error(text) in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.text == "Gardée"


def _vote(contribution, points, name):
    participant = Participant.objects.create(workshop=contribution.workshop, name=name)
    Vote.objects.create(contribution=contribution, participant=participant, points=points)


def test_projector_groups_by_question_and_shows_votes_once_open(client_as, ws):
    first = add_contribution(
        process=ws.process, workshop=ws.workshop, text="Un lieu partagé", question=ws.q1,
        kind="need", author_organisation=ws.org,
    )  # fmt: skip
    second = add_contribution(
        process=ws.process, workshop=ws.workshop, text="Un annuaire", question=ws.q1
    )
    add_contribution(process=ws.process, workshop=ws.workshop, text="Sans question")
    _vote(second, 3, "A")
    _vote(second, 2, "B")
    _vote(first, 1, "C")
    url = reverse("workshops:projector_fragment", args=[ws.process.pk, ws.workshop.pk])
    client = client_as("committee_member")
    html = client.get(url).content.decode()
    assert "<html" not in html
    assert html.index("Quels besoins des structures ?") < html.index("Un lieu partagé")
    assert html.index("Un lieu partagé") < html.index("Un annuaire")  # order of capture
    assert html.index("Quelles coopérations ?") < html.index("Idées sans question")
    assert f">{_label(ContributionKind.NEED).capitalize()}</span>" in html  # not colour only
    assert "Recyclerie du Clain" in html
    assert "point" not in html  # vote not started: no totals

    ws.workshop.vote_status = VoteStatus.OPEN
    ws.workshop.save()
    html = client.get(url).content.decode()
    assert "5 points" in html and "(2 votants)" in html and "1 point " in html
    assert html.index("Un lieu partagé") < html.index("Un annuaire")

    ws.workshop.vote_status = VoteStatus.CLOSED
    ws.workshop.save()
    html = client.get(url).content.decode()
    assert "Vote clos" in html
    assert html.index("Un annuaire") < html.index("Un lieu partagé")  # sorted by points


def test_projector_page_polls_the_fragment(client_as, ws):
    url = reverse("workshops:projector", args=[ws.process.pk, ws.workshop.pk])
    html = client_as("facilitator").get(url).content.decode()
    fragment = reverse("workshops:projector_fragment", args=[ws.process.pk, ws.workshop.pk])
    assert f'hx-get="{fragment}" hx-trigger="every 3s"' in html
    assert ws.workshop.join_code in html and 'class="qr-code"' in html
