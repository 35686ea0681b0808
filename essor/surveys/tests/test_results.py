"""Results on 30 generated responses, exports read back, conversion into contributions, RGPD."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from essor.contributions.models import Contribution, ContributionSource
from essor.surveys import services
from essor.surveys.answering import ResponseForm
from essor.surveys.exports import summary_rows
from essor.surveys.models import Answer, Invitation
from essor.surveys.results import survey_results
from essor.surveys.tests.data import answers, make_survey


def _submit(srv, invitation=None, **kwargs):
    form = ResponseForm(answers(srv, **kwargs), survey=srv.survey)
    assert form.is_valid(), form.question_errors
    return services.submit_response(srv.survey, form.answers, invitation=invitation)


def _thirty(srv):
    for i in range(30):
        family = "other" if i >= 28 else ["Association", "Coopérative", "Entreprise"][i % 3]
        levers = ["Financement"] if i < 12 else (["Financement", "Formation"] if i < 20 else [])
        first, second = ("Logement", "Mobilité") if i < 15 else ("Mobilité", "Logement")
        _submit(
            srv, family=family, other="Fondation" if family == "other" else "",
            levers=levers, coop_kind="SCIC" if family == "Coopérative" else "",
            scale=str(i % 5 + 1), ranking={first: 1, second: 2, "Alimentation": 3},
            free=f"Idée n°{i}" if i < 3 else "",
        )  # fmt: skip


@pytest.fixture
def thirty(srv):
    _thirty(srv)
    return srv


def _rows(result):
    return {row.label: (row.count, row.percent) for row in result.rows}


def test_counts_and_percentages_of_those_who_answered(thirty):
    respondents, results = survey_results(thirty.survey)
    family, levers, coop_kind, scale, ranking, free = results
    assert respondents == 30
    assert family.answered == 30
    assert _rows(family) == {
        "Association": (10, 33.3), "Coopérative": (9, 30.0), "Entreprise": (9, 30.0),
        "Autre": (2, 6.7),
    }  # fmt: skip
    assert family.other_texts == ["Fondation", "Fondation"]
    assert levers.answered == 20
    assert _rows(levers) == {
        "Commande publique": (0, 0.0), "Financement": (20, 100.0), "Formation": (8, 40.0),
        "Autre": (0, 0.0),
    }  # fmt: skip
    assert coop_kind.answered == 9 and len(coop_kind.texts) == 9
    assert scale.answered == 30 and scale.mean == 3.0
    assert [row.count for row in scale.rows] == [6, 6, 6, 6, 6]
    assert scale.rows[0].label == "1 (pas du tout)" and scale.rows[0].percent == 20.0
    assert [(r.label, r.value, r.count) for r in ranking.rows] == [
        ("Mobilité", 1.5, 15), ("Logement", 1.5, 15), ("Alimentation", 3.0, 0),
    ]  # fmt: skip
    assert [a.text for a in free.texts] == ["Idée n°0", "Idée n°1", "Idée n°2"]


def test_results_page_has_svg_charts_and_data_tables(client_as, thirty):
    url = reverse("surveys:results", args=[thirty.process.pk, thirty.survey.pk])
    html = client_as("committee_member").get(url).content.decode()
    assert html.count('<svg class="survey-chart"') == 4  # single, multiple, scale, ranking
    assert 'role="img"' in html and "<title id=" in html
    assert html.count("<caption>") == 4
    assert "33,3 %" in html and "moyenne 3,00" in html and "rang moyen 1,50" in html
    assert "Transformer en contribution" not in html  # committee members read only
    assert "Transformer en contribution" in client_as("facilitator").get(url).content.decode()


def test_free_text_payload_is_shown_escaped(client_as, srv):
    _submit(srv, free='<script>alert("x")</script><img src=x onerror=alert(1)>')
    url = reverse("surveys:results", args=[srv.process.pk, srv.survey.pk])
    html = client_as("facilitator").get(url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_csv_export_one_row_per_response(client_as, thirty):
    url = reverse("surveys:export_csv", args=[thirty.process.pk, thirty.survey.pk])
    body = client_as("contributor").get(url)
    assert body["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 31
    assert rows[0][:3] == ["Réponse", "Date", "1. Votre structure est-elle…"]
    assert "Répondant" not in rows[0]  # anonymous survey: no respondent column
    assert rows[13][3] == "Financement\u202f; Formation"
    assert rows[29][2] == "Autre\u00a0: Fondation"
    assert rows[1][6] == "1. Logement\u202f; 2. Mobilité\u202f; 3. Alimentation"


def test_xlsx_export_has_responses_and_results(client_as, thirty):
    url = reverse("surveys:export_xlsx", args=[thirty.process.pk, thirty.survey.pk])
    body = client_as("facilitator").get(url)
    workbook = load_workbook(io.BytesIO(body.content))
    assert workbook.sheetnames == ["Réponses", "Résultats"]
    responses = list(workbook["Réponses"].values)
    assert len(responses) == 31 and responses[1][5] == "1"
    summary = list(workbook["Résultats"].values)
    assert ("1. Votre structure est-elle…", "Association", 10, 33.3) in summary
    assert ("4. Co-construction des politiques publiques", "Moyenne", 3, None) in summary


def test_exports_neutralise_formulas(client_as, srv):
    _submit(srv, free='=HYPERLINK("http://evil")')
    rows = summary_rows(srv.survey)
    assert ("6. Une idée pour le territoire ?") in [r[0] for r in rows]
    url = reverse("surveys:export_csv", args=[srv.process.pk, srv.survey.pk])
    text = client_as("facilitator").get(url).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_named_survey_export_names_respondents(client_as, cast):
    srv = make_survey(cast, anonymous=False)
    _submit(srv, invitation=Invitation.objects.create(survey=srv.survey, person=srv.alice))
    url = reverse("surveys:export_csv", args=[srv.process.pk, srv.survey.pk])
    rows = list(csv.reader(io.StringIO(
        client_as("facilitator").get(url).content.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert rows[0][2] == "Répondant" and rows[1][2] == "Alice Martin"


def test_turn_free_text_into_contribution_once(client_as, srv):
    _submit(srv, free="  Créer un tiers-lieu de l'ESS  ")
    answer = Answer.objects.get(question=srv.free)
    url = reverse("surveys:answer_convert", args=[srv.process.pk, srv.survey.pk, answer.pk])
    fac = client_as("facilitator")
    page = fac.post(url, {"kind": "need"}, follow=True)
    assert "La réponse est maintenant une contribution de la démarche." in page.content.decode()
    contribution = Contribution.objects.get()
    assert contribution.text == "Créer un tiers-lieu de l'ESS"
    assert contribution.kind == "need" and contribution.source == ContributionSource.SURVEY
    assert contribution.process == srv.process and contribution.author_person is None
    assert contribution.survey_answer_label == "Enquête acteurs ESS — Une idée pour le territoire ?"
    answer.refresh_from_db()
    assert answer.contribution == contribution
    again = fac.post(url, {"kind": "need"}, follow=True)
    assert "a déjà été transformée en contribution" in again.content.decode()
    assert Contribution.objects.count() == 1
    assert "Transformée en contribution" in again.content.decode()


def test_only_free_text_answers_convert_and_bad_kind_refused(client_as, srv):
    _submit(srv, free="Idée")
    fac = client_as("facilitator")
    scale_answer = Answer.objects.get(question=srv.scale)
    url = reverse("surveys:answer_convert", args=[srv.process.pk, srv.survey.pk, scale_answer.pk])
    page = fac.post(url, {"kind": "need"}, follow=True)
    assert "Seules les réponses en texte libre peuvent devenir des contributions." in (
        page.content.decode()
    )
    free = Answer.objects.get(question=srv.free)
    url = reverse("surveys:answer_convert", args=[srv.process.pk, srv.survey.pk, free.pk])
    page = fac.post(url, {"kind": "poem"}, follow=True)
    assert "Choisissez le type de contribution." in page.content.decode()
    url = reverse("surveys:answer_convert", args=[srv.process.pk, srv.survey.pk, 999999])
    assert "Cette réponse n’existe plus." in fac.post(url, follow=True).content.decode()
    assert not Contribution.objects.exists()


def test_named_conversion_keeps_the_author(client_as, cast):
    srv = make_survey(cast, anonymous=False)
    _submit(srv, invitation=Invitation.objects.create(survey=srv.survey, person=srv.alice),
            free="Une monnaie locale")  # fmt: skip
    answer = Answer.objects.get(question=srv.free)
    services.convert_answer(answer, kind="idea", actor=cast.facilitator)
    contribution = Contribution.objects.get()
    assert contribution.author_person == srv.alice
    assert contribution.author_organisation == srv.org


def test_person_data_and_erasure(cast):
    srv = make_survey(cast, anonymous=False)
    _submit(srv, invitation=Invitation.objects.create(survey=srv.survey, person=srv.alice),
            free="Mon idée")  # fmt: skip
    anonymous = make_survey(cast, anonymous=True)
    anonymous.alice, anonymous.bob = srv.alice, srv.bob
    _submit(anonymous, invitation=Invitation.objects.create(survey=anonymous.survey,
                                                            person=srv.alice))  # fmt: skip
    data = services.person_data(srv.alice)
    responses = [d for d in data if d["kind"] == "survey_response"]
    assert len(responses) == 1  # the anonymous response is linked to nobody
    assert {"question": "Une idée pour le territoire ?", "answer": "Mon idée"} in (
        responses[0]["answers"]
    )
    assert len([d for d in data if d["kind"] == "survey_invitation"]) == 2
    response = srv.survey.responses.get()
    srv.alice.delete()
    response.refresh_from_db()
    assert response.person is None and response.answers.count() == 3
    assert not Invitation.objects.exists()


def test_csv_exports_write_french_numbers_and_dates(client_as, thirty):
    """The bytes of both CSV exports: BOM, ";", CRLF, decimal commas, dates in French order."""
    from essor.surveys.models import Response

    facilitator = client_as("facilitator")
    args = [thirty.process.pk, thirty.survey.pk]
    summary = facilitator.get(reverse("surveys:export_summary", args=args)).content
    assert summary.startswith("\ufeffQuestion;Réponse;".encode())
    assert "1. Votre structure est-elle…;Association;10;33,3\r\n".encode() in summary
    responses = facilitator.get(reverse("surveys:export_csv", args=args)).content
    first = Response.objects.order_by("pk").first()
    day = first.submitted_on.strftime("%d/%m/%Y")
    assert f"\r\n{first.pk};{day};".encode() in responses
    # The XLSX keeps the date typed (sortable), not as text.
    xlsx = facilitator.get(reverse("surveys:export_xlsx", args=args)).content
    sheet = load_workbook(io.BytesIO(xlsx))["Réponses"]
    assert sheet.cell(row=2, column=2).value.date() == first.submitted_on
