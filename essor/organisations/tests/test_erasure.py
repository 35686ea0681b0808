"""Right to erasure across every app: what the page and the export announce, and a
search of the whole database for the erased person afterwards."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from essor.core.text import fold
from essor.organisations.tests.erasure_data import EMAIL, NAME, make_everywhere


@pytest.fixture
def everywhere(cast):
    return make_everywhere(cast)


def _stored_texts():
    """(model, field, value) for every text and JSON value of every row of the database."""
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                if value not in (None, ""):
                    # ensure_ascii=False: an escaped "H\u00e9l\u00e8ne" would hide her name.
                    text = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    yield model._meta.label, name, text


def _found(needles):
    needles = [fold(n) for n in needles]
    return sorted(
        {
            (label, name)
            for label, name, value in _stored_texts()
            if any(n in fold(value) for n in needles)
        }
    )


def test_a_scan_of_the_database_finds_the_person_before_erasure(everywhere):
    """The scan below can fail: before erasure it finds her in every app."""
    places = {label for label, _ in _found([NAME, "Dupré Hélène", EMAIL])}
    assert places >= {
        "organisations.Person", "meetings.Meeting", "surveys.Answer",
        "contributions.Contribution", "participation.Participant", "plans.ActionChange",
        "plans.Comment", "plans.Reorientation", "core.AuditEntry", "decisions.Decision",
        "plans.Action", "followup.ProgressReport", "followup.IndicatorValue",
    }  # fmt: skip


def test_erasure_leaves_neither_name_nor_email_anywhere_and_spares_the_colleague(
    client_as, cast, everywhere
):
    e = everywhere
    response = client_as("facilitator").post(
        reverse("organisations:person_erase", args=[e.helene.pk])
    )
    assert response.status_code == 302
    assert _found([NAME, "Dupré Hélène", EMAIL]) == []
    # What belongs to the process is kept, without her.
    e.from_survey.refresh_from_db()
    e.authored.refresh_from_db()
    e.naming.refresh_from_db()
    assert e.from_survey.author_person is None and e.authored.author_person is None
    assert e.from_survey.text == "Un tiers-lieu. Écrivez-moi : personne effacée (personne effacée)"
    assert e.naming.text == "Voir avec personne effacée pour le local"
    e.responses[e.helene.pk].refresh_from_db()
    assert e.responses[e.helene.pk].person is None
    e.participant.refresh_from_db()
    e.first_name_only.refresh_from_db()
    assert e.participant.name == "" and e.first_name_only.name == "Hélène"
    assert list(e.action.pilot_people.all()) == [e.bob]
    assert list(e.frozen_action.pilot_people.all()) == [e.bob]  # RGPD wins over the freeze
    assert e.action.changes.get(field="pilot_people").new_value == "Bob Durand, personne effacée"
    e.comment.refresh_from_db()
    e.reorientation.refresh_from_db()
    assert e.comment.author is None and e.comment.text == "Je m'en occupe. personne effacée"
    assert e.reorientation.proposed_by is None
    # Her colleague is untouched everywhere.
    bob = e.bob
    assert bob.body_memberships.count() == 1 and bob.attendances.count() == 1
    assert bob.survey_invitations.count() == 1 and bob.survey_responses.count() == 1
    assert e.responses[bob.pk].answers.get().text == "Une monnaie locale, Bob Durand"
    e.bobs.refresh_from_db()
    e.bob_participant.refresh_from_db()
    e.bob_comment.refresh_from_db()
    assert e.bobs.author_person == bob and e.bob_participant.name == "Bob Durand"
    assert e.bob_comment.author == cast.facilitator and e.bob_comment.text == "Vu avec Bob Durand"
    assert {label for label, _ in _found(["Bob Durand", "bob@example.org"])} >= {
        "organisations.Person", "meetings.Meeting", "surveys.Answer",
        "participation.Participant", "plans.ActionChange", "plans.Comment", "core.AuditEntry",
    }  # fmt: skip
    # Her account is not the directory's to delete.
    cast.committee_member.refresh_from_db()
    assert cast.committee_member.is_active


def test_the_confirmation_page_lists_everything_erasure_will_touch(client_as, everywhere):
    page = client_as("facilitator").get(
        reverse("organisations:person_erase", args=[everywhere.helene.pk])
    )
    html = page.content.decode()
    for line in [
        "1 participation à une instance supprimée (Plan ESS du Grand Poitiers)",
        "1 invitation, réponse ou présence à une réunion supprimée",
        "1 réunion dont les textes (ordre du jour, compte rendu…) nomment la personne",
        "1 invitation à une enquête supprimée",
        "1 réponse à une enquête rendue anonyme, sans nom ni e-mail dans ses réponses",
        "2 contributions conservées sans leur auteur (Plan ESS du Grand Poitiers)",
        "2 contributions nommant la personne",
        "1 participant d’atelier nommé comme la personne",
        "Retirée des pilotes de 2 actions (dont 1 dans un plan validé)",
        "1 modification de l’historique des actions nommant la personne",
        "2 commentaires ou réorientations écrits depuis son compte, conservés sans auteur",
        "2 commentaires ou réorientations nommant la personne",
        "1 action dont les textes (description, notes…) nomment la personne",
        "1 décision nommant la personne : le nom est remplacé",
        "entrées du journal conservées, sans le nom ni l’e-mail de la personne",
    ]:
        assert line in html, line
    for heading in ["Instances", "Réunions", "Enquêtes", "Contributions", "Participation"]:
        assert f"<dt>{heading}</dt>" in html


def test_the_export_lists_what_erasure_would_touch(client_as, everywhere):
    response = client_as("facilitator").get(
        reverse("organisations:person_export", args=[everywhere.helene.pk])
    )
    erasure = {part["app"]: part["effects"] for part in json.loads(response.content)["erasure"]}
    assert erasure["instances"] == [
        {"text": "1 participation à une instance supprimée", "count": 1,
         "processes": ["Plan ESS du Grand Poitiers"], "hidden_processes": 0}
    ]  # fmt: skip
    assert [e["count"] for e in erasure["enquêtes"]] == [1, 1]


def test_a_member_of_another_workspace_cannot_see_the_preview(client_as, everywhere):
    response = client_as("other_workspace").get(
        reverse("organisations:person_erase", args=[everywhere.helene.pk])
    )
    assert response.status_code == 404
    assert "Dupré" not in response.content.decode()
    assert everywhere.helene.body_memberships.count() == 1
