"""Answering a survey: validation at the question, conditions, tokens, anonymity, limits."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from essor.core.models import AuditEntry
from essor.core.tests.french import plain
from essor.surveys.models import Answer, Invitation, Response, SurveyStatus
from essor.surveys.tests.data import answers, choice, invite


def _url(token):
    return reverse("surveys:answer", args=[token])


def _post(client, srv, token=None, **kwargs):
    return client.post(_url(token or srv.survey.public_token), answers(srv, **kwargs))


def test_valid_answer_is_saved_with_ranking_order(client, srv):
    response = _post(
        client, srv, family="Association", levers=["Financement", "Formation"], scale="5",
        ranking={"Logement": 1, "Mobilité": 2, "Alimentation": 3}, free="Une ressourcerie",
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[srv.survey.public_token])
    saved = Response.objects.get()
    assert saved.person is None and saved.submitted_on == dt.date.today()
    by_question = {a.question_id: a for a in saved.answers.all()}
    assert {c.label for c in by_question[srv.levers.pk].choices.all()} == {
        "Financement", "Formation",
    }  # fmt: skip
    assert by_question[srv.scale.pk].number == 5
    labels = dict(srv.ranking.choices.values_list("pk", "label"))
    assert [labels[pk] for pk in by_question[srv.ranking.pk].ranking] == [
        "Logement", "Mobilité", "Alimentation",
    ]  # fmt: skip
    assert by_question[srv.free.pk].text == "Une ressourcerie"


def test_unmet_condition_ignores_the_posted_answer(client, srv):
    _post(client, srv, family="Association", coop_kind="SCIC")
    assert not Answer.objects.filter(question=srv.coop_kind).exists()


def test_met_condition_makes_the_question_required(client, srv):
    page = _post(client, srv, family="Coopérative", coop_kind="")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cette question est obligatoire." in html
    assert not Response.objects.exists()
    _post(client, srv, family="Coopérative", coop_kind="SCIC")
    assert Answer.objects.get(question=srv.coop_kind).text == "SCIC"


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"family": ""}, "Cette question est obligatoire."),
        ({"scale": "11"}, "Choisissez une valeur entre 1 et 5."),
        ({"scale": "abc"}, "Choisissez une valeur entre 1 et 5."),
        (
            {"ranking": {"Mobilité": 1, "Alimentation": 1, "Logement": 2}},
            "Donnez à chaque choix un rang différent, de 1 à 3.",
        ),
        ({"ranking": {"Mobilité": 1}}, "Donnez à chaque choix un rang différent, de 1 à 3."),
        ({"family": "other", "other": " "}, "Vous avez choisi « Autre » : précisez."),
        ({"free": "x" * 5001}, "5000 caractères au maximum (vous en avez écrit 5001)."),
    ],
)
def test_bad_answers_get_a_french_message_at_the_question(client, srv, kwargs, message):
    if kwargs.get("family") == "":
        data = answers(srv)
        data.pop(f"q{srv.family.pk}")
        page = client.post(_url(srv.survey.public_token), data)
    else:
        page = _post(client, srv, **kwargs)
    assert page.status_code == 200
    assert message in plain(page)
    assert "Certaines réponses demandent votre attention" in page.content.decode()
    assert not Response.objects.exists()


def test_forged_choice_id_is_refused(client, srv):
    data = answers(srv)
    data[f"q{srv.family.pk}"] = choice(srv.levers, "Financement")  # a choice of another question
    page = client.post(_url(srv.survey.public_token), data)
    assert "Choisissez l’une des réponses proposées." in page.content.decode()
    assert not Response.objects.exists()


def test_other_text_is_kept(client, srv):
    _post(client, srv, family="other", other="Fondation")
    answer = Answer.objects.get(question=srv.family)
    assert answer.other_text == "Fondation" and not answer.choices.exists()


def test_anonymous_answer_with_personal_token_keeps_no_link(client, srv):
    invitation, token = invite(srv.survey, srv.alice)
    audit_before = AuditEntry.objects.count()
    assert _post(client, srv, token=token).status_code == 302
    response = Response.objects.get()
    invitation.refresh_from_db()
    assert invitation.is_used and invitation.used_on is None
    assert response.person_id is None
    # The response keeps only a day: no time field, and no field pointing at a token or person.
    for field in Response._meta.get_fields():
        assert not isinstance(field, models.DateTimeField), field
    for model in (Response, Answer):
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if field.concrete and target is not None:
                assert target not in (Invitation, apps.get_model("organisations", "Person")) or (
                    getattr(response, field.attname, None) is None
                )
    assert AuditEntry.objects.count() == audit_before  # no audit row carrying a time
    assert token not in str(list(AuditEntry.objects.values_list("data", flat=True)))
    assert "essor_survey_" not in client.cookies  # personal links set no cookie


def test_named_answer_with_personal_token_links_the_person(client, cast):
    from essor.surveys.tests.data import make_survey

    srv = make_survey(cast, anonymous=False)
    invitation, token = invite(srv.survey, srv.alice)
    _post(client, srv, token=token)
    assert Response.objects.get().person == srv.alice
    invitation.refresh_from_db()
    assert invitation.used_on == dt.date.today()


def test_personal_token_answers_once(client, srv):
    invitation, token = invite(srv.survey, srv.bob)
    assert _post(client, srv, token=token).status_code == 302
    replay = _post(client, srv, token=token)
    assert "Ce lien personnel a déjà été utilisé pour répondre à l’enquête." in (
        replay.content.decode()
    )
    page = client.get(_url(token))
    assert "déjà été utilisé" in page.content.decode()
    assert Response.objects.count() == 1


def test_public_link_refuses_a_second_answer_from_the_same_browser(client, srv):
    from django.test import Client

    assert _post(client, srv).status_code == 302
    second = _post(client, srv)
    assert "Vous avez déjà répondu à cette enquête depuis ce navigateur." in (
        second.content.decode()
    )
    assert Response.objects.count() == 1
    assert _post(Client(), srv).status_code == 302  # documented limit: another browser
    assert Response.objects.count() == 2


def test_closed_survey_refuses_answers(client, srv):
    srv.survey.status = SurveyStatus.CLOSED
    srv.survey.save()
    for page in (client.get(_url(srv.survey.public_token)), _post(client, srv)):
        assert "Cette enquête est clôturée\u00a0: elle n’accepte plus de réponses." in (
            page.content.decode()
        )
    assert not Response.objects.exists()


def test_dates_limit_answers(client, srv):
    srv.survey.closes_on = dt.date.today() - dt.timedelta(days=1)
    srv.survey.save()
    assert "clôturée" in client.get(_url(srv.survey.public_token)).content.decode()
    srv.survey.closes_on = None
    srv.survey.opens_on = dt.date.today() + dt.timedelta(days=2)
    srv.survey.save()
    page = _post(client, srv)
    assert "Cette enquête ouvre le" in page.content.decode()
    assert not Response.objects.exists()


def test_draft_disabled_or_forged_token_is_404(client, srv):
    assert client.get(_url("forged-token")).status_code == 404
    assert client.get(_url("x" * 500)).status_code == 404
    srv.survey.public_link_enabled = False
    srv.survey.save()
    assert client.get(_url(srv.survey.public_token)).status_code == 404
    invitation, token = invite(srv.survey, srv.bob)
    assert client.get(_url(token)).status_code == 200  # personal links still work
    srv.survey.status = SurveyStatus.DRAFT
    srv.survey.save()
    assert client.get(_url(token)).status_code == 404


def test_answer_page_is_rate_limited(client, srv):
    statuses = [client.post(_url(srv.survey.public_token), {}).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    page = client.post(_url(srv.survey.public_token), {})
    assert "Trop de tentatives" in page.content.decode()


def test_answer_page_shows_conditions_and_escapes_text(client, srv):
    srv.free.text = "<script>alert(1)</script> Une idée ?"
    srv.free.save()
    html = client.get(_url(srv.survey.public_token)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Répondez seulement si vous avez répondu «\u00a0Coopérative\u00a0»" in html
    assert f'data-condition-field="q{srv.family.pk}"' in html
