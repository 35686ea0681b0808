"""The list (filters, search, escaping), editing, withdrawing, downloads and RGPD data."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from essor.contributions.models import Contribution
from essor.contributions.rgpd import person_data
from essor.contributions.services import add_contribution
from essor.core.tests.french import plain


def _list(client, board, **params):
    return client.get(reverse("contributions:list", args=[board.process.pk]), params)


def _texts(response) -> list[str]:
    return [c.text for c in response.context["page"].object_list]


def test_list_shows_origin_author_votes_and_paris_time(client_as, board):
    contribution = board.contributions[0]
    Contribution.objects.filter(pk=contribution.pk).update(
        created_at=dt.datetime(2026, 3, 10, 13, 5, tzinfo=dt.UTC)
    )
    html = _list(client_as("contributor"), board).content.decode()
    assert "Atelier diagnostic" in html and "Quels besoins sur le territoire ?" in html
    assert "Régie de quartier" in html and "Anonyme" in html
    assert "Saisie pendant l’atelier" in html
    assert "10 mars 2026 14:05" in html  # 13:05 UTC is 14:05 in Paris in winter
    assert "5 points" in html and "2 votants" in html
    assert "Économie circulaire" in html
    assert reverse("contributions:edit", args=[board.process.pk, contribution.pk]) not in html


MONNAIE = "Créer une monnaie locale"


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"q": "MONNAIE locale"}, ["Créer une monnaie locale"]),
        ({"q": "economie"}, ["Créer une monnaie locale"]),  # theme, accent-insensitive
        ({"q": "partage"}, ["Un local partagé pour les associations"]),
        ({"kind": "need"}, ["Un local partagé pour les associations"]),
        (
            {"source": "manual"},
            ["Créer une monnaie locale", "Idée ajoutée à la main, sans atelier"],
        ),
        ({"workshop": "W"}, ["Un local partagé pour les associations", "Créer une monnaie locale"]),
        ({"question": "Q"}, ["Créer une monnaie locale"]),
        ({"q": "introuvable"}, []),
    ],
)
def test_list_filters(client_as, board, params, expected):
    params = {
        key: {"W": board.workshop.pk, "Q": board.ideas.pk}.get(value, value)
        for key, value in params.items()
    }
    assert sorted(_texts(_list(client_as("facilitator"), board, **params))) == sorted(expected)


def test_bad_filter_values_are_not_a_server_error(client_as, board):
    response = _list(client_as("facilitator"), board, workshop="abc", kind="<x>", page="zz")
    assert response.status_code == 200


def test_script_payload_is_shown_as_text(client_as, board):
    add_contribution(process=board.process, text='<script>alert("x")</script><b>gras</b>')
    html = _list(client_as("facilitator"), board).content.decode()
    assert "<script>alert" not in html and "<b>gras</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;" in html


def test_withdraw_hides_then_restore(client_as, board):
    client = client_as("facilitator")
    contribution = board.contributions[1]
    back = reverse("contributions:list", args=[board.process.pk]) + "?kind=idea"
    response = client.post(
        reverse("contributions:withdraw", args=[board.process.pk, contribution.pk]),
        {"next": back},
    )
    assert response["Location"] == back
    assert contribution.text not in _texts(_list(client, board))
    assert _texts(_list(client, board, status="withdrawn")) == [contribution.text]
    client.post(reverse("contributions:restore", args=[board.process.pk, contribution.pk]))
    assert contribution.text in _texts(_list(client, board))
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_redirect_never_leaves_the_list(client_as, board):
    contribution = board.contributions[1]
    response = client_as("facilitator").post(
        reverse("contributions:withdraw", args=[board.process.pk, contribution.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("contributions:list", args=[board.process.pk])


def test_edit_corrects_text_kind_theme_question_and_author(client_as, board):
    contribution = board.contributions[1]
    url = reverse("contributions:edit", args=[board.process.pk, contribution.pk])
    response = client_as("facilitator").post(
        url,
        {
            "text": "  Créer une monnaie locale complémentaire  ",
            "kind": "lever",
            "theme": "Finances",
            "question": board.needs.pk,
            "author_organisation": board.organisation.pk,
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.text == "Créer une monnaie locale complémentaire"
    assert (contribution.kind, contribution.theme) == ("lever", "Finances")
    assert (contribution.question, contribution.author_organisation) == (
        board.needs,
        board.organisation,
    )
    assert contribution.source == "manual"  # the origin is never edited


@pytest.mark.parametrize(
    "text,message",
    [
        ("   ", "Ce champ est obligatoire."),
        ("x" * 10_000, "La contribution compte 10000 caractères ; la limite est de 2000."),
    ],
)
def test_edit_bad_text(client_as, board, text, message):
    contribution = board.contributions[1]
    url = reverse("contributions:edit", args=[board.process.pk, contribution.pk])
    response = client_as("facilitator").post(url, {"text": text, "kind": "idea"})
    assert response.status_code == 200
    assert message in plain(response)
    contribution.refresh_from_db()
    assert contribution.text == "Créer une monnaie locale"


def test_edit_refuses_a_question_of_another_workshop(client_as, board):
    from essor.workshops.services import create_workshop

    other = create_workshop(process=board.process, title="Autre", questions=["Ailleurs ?"])
    contribution = board.contributions[1]
    url = reverse("contributions:edit", args=[board.process.pk, contribution.pk])
    response = client_as("facilitator").post(
        url, {"text": "x", "kind": "idea", "question": other.questions.get().pk}
    )
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert contribution.question == board.ideas


def test_csv_download(client_as, board):
    add_contribution(process=board.process, text='=HYPERLINK("http://x")')
    response = client_as("facilitator").get(
        reverse("contributions:export", args=[board.process.pk]), {"format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Id", "Texte", "Type"]
    assert len(rows) == 5
    voted = next(row for row in rows if row[1] == "Créer une monnaie locale")
    assert voted[2] == "idée d’action" and voted[-2:] == ["5", "2"]
    assert any(row[1] == '\'=HYPERLINK("http://x")' for row in rows)  # not a formula


def test_xlsx_download(client_as, board):
    from openpyxl import load_workbook

    response = client_as("admin").get(
        reverse("contributions:export", args=[board.process.pk]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Texte"
    assert len(rows) == 4
    voted = next(row for row in rows if row[1] == "Créer une monnaie locale")
    assert voted[-2:] == (5, 2)


def test_person_data_lists_their_contributions_and_survives_erasure(board):
    from essor.organisations.models import Person

    person = Person.objects.create(
        workspace=board.process.workspace, first_name="Inès", last_name="Durand"
    )
    add_contribution(process=board.process, text="Mon idée", author_person=person)
    (data,) = person_data(person)
    assert data["text"] == "Mon idée" and data["process"] == "Plan ESS du Grand Poitiers"
    assert data["created_at"][:4] == str(timezone.now().year)
    person.delete()
    assert Contribution.objects.get(text="Mon idée").author_person is None
