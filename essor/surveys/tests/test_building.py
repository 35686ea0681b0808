"""Facilitators build a survey: questions, choices, conditions, order, status, links."""

import csv
import io
import re

import pytest
from django.urls import reverse

from essor.core.caching import NO_STORE
from essor.core.tokens import hash_token
from essor.surveys.models import Choice, Invitation, QuestionKind, Survey, SurveyStatus
from essor.surveys.tests.data import answers


@pytest.fixture
def fac(client_as):
    return client_as("facilitator")


def _detail(srv):
    return reverse("surveys:detail", args=[srv.process.pk, srv.survey.pk])


def test_create_survey_sanitises_the_introduction(fac, cast):
    url = reverse("surveys:create", args=[cast.process.pk])
    response = fac.post(url, {
        "title": "  Enquête 2026 ", "introduction": "<p>Bonjour</p><script>alert(1)</script>",
        "anonymous": "on", "public_link_enabled": "on",
    })  # fmt: skip
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert survey.title == "Enquête 2026" and survey.status == SurveyStatus.DRAFT
    assert "<script>" not in survey.introduction and "<p>Bonjour</p>" in survey.introduction
    assert survey.created_by == cast.facilitator


def test_closing_day_before_opening_day_is_refused(fac, cast):
    url = reverse("surveys:create", args=[cast.process.pk])
    page = fac.post(url, {"title": "E", "opens_on": "2026-05-10", "closes_on": "2026-05-01"})
    assert "Le jour de clôture doit être le jour d’ouverture ou après." in page.content.decode()
    assert not Survey.objects.exists()


def test_add_choice_question_with_choices_and_condition(fac, srv):
    url = reverse("surveys:question_add", args=[srv.process.pk, srv.survey.pk])
    response = fac.post(url, {
        "text": "Quel réseau ?", "kind": QuestionKind.MULTIPLE, "required": "on",
        "has_other": "on", "choices_text": "CRESS\n\n  Réseau local  \nAutre réseau",
        "condition_choice": str(srv.coop.pk),
    })  # fmt: skip
    assert response.status_code == 302
    question = srv.survey.questions.last()
    assert question.order == 7 and question.condition_choice == srv.coop
    assert list(question.choices.values_list("label", flat=True)) == [
        "CRESS", "Réseau local", "Autre réseau",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": QuestionKind.SINGLE, "choices_text": "Seul"}, "Donnez au moins deux choix"),
        ({"kind": QuestionKind.RANKING, "choices_text": "A\na"}, "Deux choix ont le même texte."),
        ({"kind": QuestionKind.SINGLE, "choices_text": "A\n" + "b" * 201},
         "Le choix n° 2 dépasse 200 caractères."),
        ({"kind": "essay"}, "Sélectionnez un choix valide"),
        ({"kind": QuestionKind.SHORT_TEXT, "text": ""}, "Ce champ est obligatoire."),
        ({"kind": QuestionKind.SHORT_TEXT, "condition_choice": "999999"},
         "Sélectionnez un choix valide"),
    ],
)  # fmt: skip
def test_bad_question_forms_get_french_messages(fac, srv, data, message):
    url = reverse("surveys:question_add", args=[srv.process.pk, srv.survey.pk])
    page = fac.post(url, {"text": "Question ?", **data})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert srv.survey.questions.count() == 6


def test_condition_must_be_an_earlier_question(fac, srv):
    url = reverse("surveys:question_edit", args=[srv.process.pk, srv.survey.pk, srv.family.pk])
    levers_choice = srv.levers.choices.first()
    page = fac.post(url, {
        "text": srv.family.text, "kind": QuestionKind.SINGLE, "choices_text": "A\nB",
        "condition_choice": str(levers_choice.pk),
    })  # fmt: skip
    assert "Sélectionnez un choix valide" in page.content.decode()


def test_edit_choices_keeps_ids_and_changing_kind_cuts_conditions(fac, srv):
    url = reverse("surveys:question_edit", args=[srv.process.pk, srv.survey.pk, srv.family.pk])
    ids = list(srv.family.choices.values_list("pk", flat=True))
    labels = "Association loi 1901\nCoopérative\nEntreprise\nFondation"
    fac.post(url, {"text": "Forme ?", "kind": QuestionKind.SINGLE, "choices_text": labels})
    labels = list(srv.family.choices.values_list("pk", "label"))
    assert [pk for pk, _label in labels[:3]] == ids and labels[3][1] == "Fondation"
    fac.post(url, {"text": "Forme ?", "kind": QuestionKind.SHORT_TEXT})
    srv.coop_kind.refresh_from_db()
    assert srv.coop_kind.condition_choice is None
    assert not Choice.objects.filter(question=srv.family).exists()


def test_questions_are_locked_once_answered(fac, client, srv):
    client.post(reverse("surveys:answer", args=[srv.survey.public_token]), answers(srv))
    add = reverse("surveys:question_add", args=[srv.process.pk, srv.survey.pk])
    assert fac.get(add).status_code == 302
    delete = reverse("surveys:question_delete", args=[srv.process.pk, srv.survey.pk, srv.free.pk])
    page = fac.post(delete, follow=True)
    assert "ses questions ne peuvent plus être supprimées" in page.content.decode()
    edit = reverse("surveys:question_edit", args=[srv.process.pk, srv.survey.pk, srv.family.pk])
    page = fac.post(edit, {"text": "Forme ?", "kind": QuestionKind.SHORT_TEXT,
                           "choices_text": "Association\nCoopérative"})  # fmt: skip
    assert "gardez le même nombre de choix" in page.content.decode()
    fac.post(edit, {"text": "Forme ?", "kind": QuestionKind.SHORT_TEXT,
                    "choices_text": "Asso\nCoop\nEntreprise"})  # fmt: skip
    srv.family.refresh_from_db()
    assert srv.family.kind == QuestionKind.SINGLE  # disabled field: the kind stays
    assert srv.family.text == "Forme ?" and srv.family.choices.first().label == "Asso"
    assert srv.survey.questions.count() == 6


def test_move_question_keeps_conditions_valid(fac, srv):
    move = reverse("surveys:question_move", args=[srv.process.pk, srv.survey.pk, srv.coop_kind.pk])
    fac.post(move, {"direction": "up"})  # swaps with the levers question: allowed
    orders = list(srv.survey.questions.values_list("pk", flat=True))
    assert orders[:3] == [srv.family.pk, srv.coop_kind.pk, srv.levers.pk]
    page = fac.post(move, {"direction": "up"}, follow=True)
    assert "dépend de la réponse à la question précédente" in page.content.decode()
    assert list(srv.survey.questions.values_list("pk", flat=True)) == orders
    fac.post(move, {"direction": "down"})
    orders = list(srv.survey.questions.values_list("pk", flat=True))
    assert orders[:3] == [srv.family.pk, srv.levers.pk, srv.coop_kind.pk]
    assert list(srv.survey.questions.values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_status_rules(fac, cast):
    survey = Survey.objects.create(process=cast.process, title="Vide")
    url = reverse("surveys:status", args=[cast.process.pk, survey.pk])
    page = fac.post(url, {"status": "open"}, follow=True)
    assert "Ajoutez au moins une question avant d’ouvrir l’enquête." in page.content.decode()
    page = fac.post(url, {"status": "bogus"}, follow=True)
    assert "État inconnu." in page.content.decode()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_personal_links_for_the_directory_and_csv(fac, srv):
    from essor.organisations.models import Person

    Person.objects.create(
        workspace=srv.process.workspace, first_name="Zoé", last_name="Hors", email="zoe@example.org"
    )
    url = reverse("surveys:invitations", args=[srv.process.pk, srv.survey.pk])
    page = fac.post(url, {})
    assert "Choisissez au moins une personne, ou tout le monde." in page.content.decode()
    page = fac.post(url, {"people": [srv.alice.pk]})
    assert page.status_code == 200 and page["Cache-Control"] == NO_STORE
    html = page.content.decode()
    assert "1 lien personnel créé." in html
    alice_link = re.search(r"http://testserver/demarches/enquete/([\w-]+)/", html)[0]
    # Created with a download: the links are in the file, and in the file only.
    body = fac.post(url, {"everyone": "on", "download": "1"})
    assert body["Cache-Control"] == NO_STORE
    assert body["Content-Disposition"].endswith('-liens.csv"')
    assert set(Invitation.objects.values_list("person__first_name", flat=True)) == {"Alice", "Bob"}
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nom", "Prénom", "Organisation", "Courriel", "Lien"]
    assert [row[1] for row in rows[1:]] == ["Bob"]  # Alice keeps her link
    bob_link = rows[1][4]
    # Both links work; the page shows neither again, only their state.
    for link in (alice_link, bob_link):
        assert fac.get(link.removeprefix("http://testserver")).status_code == 200
    html = fac.get(url).content.decode()
    assert "/demarches/enquete/" not in html
    assert "Lien remis le" in html
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {
        hash_token(link.rstrip("/").rsplit("/", 1)[1]) for link in (alice_link, bob_link)
    }


def test_detail_shows_public_link_and_conditions(fac, srv):
    html = fac.get(_detail(srv)).content.decode()
    assert f"/demarches/enquete/{srv.survey.public_token}/" in html
    assert (
        "Affichée seulement si la réponse à «\u00a0Votre structure est-elle…\u00a0» "
        "est «\u00a0Coopérative\u00a0»" in html
    )
