import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from essor.decisions.models import Decision
from essor.plans import services
from essor.plans.models import Action, ActionChange
from essor.plans.services import ActionData
from essor.plans.tests.conftest import held_meeting


def _add_actions(setup, cast, count):
    levers = list(setup.process.plan_levers.all())
    for index in range(count):
        services.create_action(
            plan=setup.plan,
            data=ActionData(
                fields={
                    "title": f"Action {index}",
                    "axis": setup.axes[index % 3],
                    "status": "retained",
                    "pilot_organisations": setup.organisations,
                    "pilot_people": [setup.person],
                    "departments": setup.departments,
                    "levers": levers[:3],
                },
                children={
                    "indicators": [{"name": f"Indicateur {i}"} for i in range(3)],
                    "budget_lines": [{"year": 2027, "nature": "operating", "planned": 100}],
                },
            ),
            actor=cast.facilitator,
        )


@pytest.mark.parametrize("extra", [0, 40])
def test_overview_query_count_does_not_grow_with_actions(
    setup, cast, client_as, django_assert_max_num_queries, extra
):
    _add_actions(setup, cast, extra)
    client = client_as("facilitator")
    url = reverse("plans:detail", args=[setup.process.pk, setup.plan.pk])
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="status status-') == 3 + extra


def test_overview_shows_gaps_of_traceability_and_completeness(setup, client_as):
    page = (
        client_as("committee_member")
        .get(reverse("plans:detail", args=[setup.process.pk, setup.plan.pk]))
        .content.decode()
    )
    # "2. Acheter responsable" has no contribution; "Clauses sociales" is retained with no pilot.
    warnings = page.split("Axes sans aucune contribution")[1].split("</section>")[0]
    assert "2. Acheter responsable" in warnings and "1.1. Animer" not in warnings
    assert "Actions retenues sans pilote" in page and "Clauses sociales" in warnings
    assert "Pas de local disponible" in page  # the reason of the not-retained action is shown
    assert "Manque\u00a0:" in page


def test_filters(setup, client_as):
    client = client_as("facilitator")
    url = reverse("plans:detail", args=[setup.process.pk, setup.plan.pk])

    def titles(**params):
        page = client.get(url, params).content.decode()
        return {a.title for a in setup.actions if f">{a.title}</a>" in page.replace("&#x27;", "'")}

    assert titles(status="not_retained") == {"Maison de l'ESS"}
    assert titles(axis=setup.axes[0].pk) == {"Créer un club ESS", "Maison de l'ESS"}
    assert titles(department=setup.departments[0].pk) == {"Créer un club ESS"}
    assert titles(pilot=f"o{setup.organisations[0].pk}") == {"Créer un club ESS"}
    assert titles(pilot=f"p{setup.person.pk}") == set()
    assert titles(pilot="x1") == {a.title for a in setup.actions}  # invalid filter ignored
    lever = setup.actions[0].levers.get()
    assert titles(lever=lever.pk) == {"Créer un club ESS"}
    assert titles(theme="coopération") == {"Créer un club ESS"}
    assert titles(priority="medium") == {a.title for a in setup.actions}
    assert titles(status="nonsense") == {a.title for a in setup.actions}  # invalid filter ignored


def _edit_data(action, **changes):
    data = {"title": action.title, "status": action.status, "priority": action.priority,
            "status_reason": action.status_reason, "version": action.version}  # fmt: skip
    data.update(changes)
    return data


def test_edit_conflict_shows_both_values_and_overwrites_nothing(setup, client_as):
    action = Action.objects.get(pk=setup.actions[1].pk)
    url = reverse("plans:action_edit", args=[setup.process.pk, action.pk])
    fanny, ada = client_as("facilitator"), client_as("admin")
    assert fanny.post(url, _edit_data(action, description="Texte de Fanny")).status_code == 302
    response = ada.post(url, _edit_data(action, description="Texte d'Ada"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu’un d’autre a enregistré cette action" in page
    assert "Texte de Fanny" in page and "Texte d&#x27;Ada" in page
    action.refresh_from_db()
    assert action.description == "Texte de Fanny" and action.version == 2
    # Saving again from the merge page starts from the current version: accepted.
    assert 'name="version" value="2"' in page
    assert ada.post(url, _edit_data(action, description="Texte fusionné")).status_code == 302
    action.refresh_from_db()
    assert action.description == "Texte fusionné"
    history = ActionChange.objects.filter(action=action, field="description").order_by("version")
    assert [(c.changed_by.email, c.new_value) for c in history] == [
        ("animatrice@example.org", "Texte de Fanny"),
        ("admin@example.org", "Texte fusionné"),
    ]


def test_edit_form_errors_are_french_and_at_the_field(setup, client_as):
    action = setup.actions[1]
    url = reverse("plans:action_edit", args=[setup.process.pk, action.pk])
    response = client_as("facilitator").post(
        url,
        _edit_data(action, status="not_retained", status_reason="",
                   budget_lines="2027 fonctionnement beaucoup", start_date="2027-05-01",
                   end_date="2027-01-01"),
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ligne 1 («\u00a02027 fonctionnement beaucoup\u00a0»)" in page
    action.refresh_from_db()
    assert action.status == "retained"
    response = client_as("facilitator").post(url, _edit_data(action, status="not_retained"))
    assert "Indiquez pourquoi l’action n’est pas retenue" in response.content.decode()


def test_history_page_lists_changes(setup, client_as):
    action = setup.actions[0]
    services.update_action(action, ActionData(fields={"title": "Club ESS"}), expected_version=1,
                           actor=setup.plan.created_by)  # fmt: skip
    page = (
        client_as("contributor")
        .get(reverse("plans:action_history", args=[setup.process.pk, action.pk]))
        .content.decode()
    )
    assert "Créer un club ESS" in page and "Club ESS" in page and "Fanny Animatrice" in page


def test_matrix_timeline_traceability_and_my_actions(setup, client_as):
    client = client_as("contributor")
    p, plan = setup.process.pk, setup.plan.pk
    page = client.get(reverse("plans:matrix", args=[p, plan])).content.decode()
    assert "Direction de l&#x27;économie" in page and "Recyclerie du Clain" in page
    page = client.get(reverse("plans:timeline", args=[p, plan])).content.decode()
    assert page.count('class="on"') == 2  # the club runs in 2027 and 2028
    page = client.get(reverse("plans:traceability", args=[p, plan])).content.decode()
    assert "1 contribution sur 2 est reprise" in page
    page = client.get(reverse("plans:my_actions", args=[p])).content.decode()
    assert "Créer un club ESS" in page and "Clauses sociales" not in page
    assert "Faire le point sur leur avancement" not in page  # the plan is not validated yet


def test_link_sources_and_see_them_from_the_action(setup, client_as):
    url = reverse("plans:action_sources", args=[setup.process.pk, setup.actions[1].pk])
    ids = [c.pk for c in setup.contributions]
    assert client_as("facilitator").post(url, {"contributions": ids}).status_code == 302
    page = (
        client_as("committee_member")
        .get(reverse("plans:action", args=[setup.process.pk, setup.actions[1].pk]))
        .content.decode()
    )
    assert "Former les élus à l&#x27;ESS" in page


def test_reorientation_flow_over_http(setup, client_as):
    p, action = setup.process.pk, setup.actions[0]
    client_as("committee_member").post(
        reverse("plans:reorientation_add", args=[p, action.pk]), {"proposal": "Viser 60 membres"}
    )
    item = action.reorientations.get()
    client_as("facilitator").post(
        reverse("plans:reorientation_decide", args=[p, item.pk]),
        {"decision": "decline", "response": "Trop ambitieux"},
    )
    item.refresh_from_db()
    assert item.status == "declined" and item.response == "Trop ambitieux"
    page = client_as("contributor").get(reverse("plans:action", args=[p, action.pk]))
    assert "Refusée" in page.content.decode()


def test_submit_decide_and_vote_over_http(setup, client_as):
    client = client_as("facilitator")
    p, plan = setup.process.pk, setup.plan
    meeting = held_meeting(setup.copil, dt.date(2026, 3, 2), "COPIL de mars")
    future = held_meeting(setup.copil, timezone.localdate() + dt.timedelta(days=3), "COPIL à venir")
    client.post(reverse("plans:submit", args=[p, plan.pk]), {"body": setup.copil.pk})
    submission = plan.submissions.get()
    url = reverse("plans:decide", args=[p, plan.pk, submission.pk])
    form = client.get(url).content.decode()
    assert "COPIL de mars" in form and "COPIL à venir" not in form
    refused = client.post(url, {"outcome": "validated", "meeting": future.pk, "comment": ""})
    assert refused.status_code == 200
    assert (
        "Choisissez une réunion de cette instance qui a déjà eu lieu." in refused.content.decode()
    )
    plan.refresh_from_db()
    assert not plan.is_frozen and not Decision.objects.about(plan).exists()
    response = client.post(url, {"outcome": "validated", "meeting": meeting.pk, "comment": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_frozen
    decision = Decision.objects.about(plan).get()
    assert decision.meeting == meeting and decision.decided_on == dt.date(2026, 3, 2)
    # The decision shows on its meeting's page, with the minutes.
    meeting_page = client.get(reverse("meetings:detail", args=[p, meeting.pk])).content.decode()
    minutes = meeting_page.index("<h2>Compte rendu</h2>")
    assert (
        minutes
        < meeting_page.index("«\u00a0Plan d&#x27;action\u00a0»\u00a0: validation")
        < meeting_page.index('<h2 id="presences">')
    )
    vote_url = reverse("plans:council_vote", args=[p, plan.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused = client.post(vote_url, {"date": tomorrow.isoformat(), "result": "adopted"})
    assert "Un vote du conseil ne peut pas être daté dans le futur." in refused.content.decode()
    plan.refresh_from_db()
    assert plan.council_vote_date is None
    client.post(vote_url, {"date": "2026-03-26", "result": "adopted"})
    plan.refresh_from_db()
    assert plan.council_vote_date == dt.date(2026, 3, 26)
    page = client.get(reverse("plans:detail", args=[p, plan.pk])).content.decode()
    assert "Validé et figé le" in page and "Nouvelle action" not in page
    assert "COPIL de mars" in page


def test_cotech_opinion_neither_validates_nor_opens_the_council_vote(setup, client_as):
    client = client_as("facilitator")
    p, plan = setup.process.pk, setup.plan
    meeting = held_meeting(setup.cotech, dt.date(2026, 2, 16))
    client.post(reverse("plans:submit", args=[p, plan.pk]), {"body": setup.cotech.pk})
    submission = plan.submissions.get()
    url = reverse("plans:decide", args=[p, plan.pk, submission.pk])
    form = client.get(url).content.decode()
    assert "Avis favorable" in form and "Validé" not in form  # a COTECH gives an opinion
    client.post(url, {"outcome": "validated", "meeting": meeting.pk, "comment": ""})
    plan.refresh_from_db()
    assert plan.status == "favourable" and not plan.is_frozen
    page = client.get(reverse("plans:detail", args=[p, plan.pk])).content.decode()
    assert "Avis favorable" in page and "avis favorable" in page
    assert "Enregistrer le vote du conseil" not in page
    assert "Validé et figé" not in page
    vote_url = reverse("plans:council_vote", args=[p, plan.pk])
    response = client.post(vote_url, {"date": "2026-03-26", "result": "adopted"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.council_vote_date is None and plan.council_vote_result == ""
    listing = client.get(reverse("plans:list", args=[p])).content.decode()
    assert "Avis favorable" in listing


def test_attachment_upload_download_and_permissions(setup, client_as):
    import io

    p, action = setup.process.pk, setup.actions[0]
    upload = io.BytesIO(b"%PDF-1.4 etude")
    upload.name = "etude.pdf"
    url = reverse("plans:attachment_add", args=[p, action.pk])
    assert client_as("contributor").post(url, {"file": upload}).status_code == 403
    upload.seek(0)
    client_as("facilitator").post(url, {"title": "Étude", "file": upload})
    item = action.attachments.get()
    download = reverse("plans:attachment_download", args=[p, item.pk])
    response = client_as("contributor").get(download)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 etude"
    assert 'filename="etude.pdf"' in response["Content-Disposition"]
    assert client_as("outsider").get(download).status_code == 404
    delete = reverse("plans:attachment_delete", args=[p, item.pk])
    assert client_as("committee_member").post(delete).status_code == 403
    assert client_as("facilitator").post(delete).status_code == 302
    assert not action.attachments.exists()


def test_bad_query_parameters_are_ignored(setup, client_as):
    client = client_as("facilitator")
    p, plan = setup.process.pk, setup.plan.pk
    assert (
        client.get(reverse("plans:action_create", args=[p, plan]), {"axe": "x"}).status_code == 200
    )
    assert client.get(reverse("plans:compare", args=[p, plan]), {"avec": "x"}).status_code == 200
    url = reverse("plans:detail", args=[p, plan])
    assert client.get(url, {"pilot": "oabc", "axis": "x", "lever": "-1"}).status_code == 200
    url = reverse("plans:reorientation_decide", args=[p, 999999])
    assert client.post(url, {"decision": "accept"}).status_code == 404


def test_decision_page_says_when_the_body_has_not_met_yet(setup, client_as):
    client = client_as("facilitator")
    p, plan = setup.process.pk, setup.plan
    held_meeting(setup.copil, timezone.localdate() + dt.timedelta(days=5), "COPIL à venir")
    client.post(reverse("plans:submit", args=[p, plan.pk]), {"body": setup.copil.pk})
    url = reverse("plans:decide", args=[p, plan.pk, plan.submissions.get().pk])
    page = client.get(url).content.decode()
    assert "Aucune réunion du COPIL n’a encore eu lieu" in page and "COPIL à venir" not in page
    response = client.post(url, {"outcome": "validated", "comment": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "submitted" and not plan.is_frozen
