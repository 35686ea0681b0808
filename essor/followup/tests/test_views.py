"""The follow-up pages for every role, and what they refuse."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.followup import services
from essor.followup.models import IndicatorValue, ProgressReport
from essor.plans import scenarios

READERS = {"admin", "facilitator", "committee_member"}
RECORDERS = {"admin", "facilitator"}


def _url(followed, name, action=None):
    args = [followed.plan.process_id, followed.plan.pk]
    if name != "dashboard":
        args.append((action or followed.place).pk)
    return reverse(f"followup:{name}", args=args)


def _refused_status(role):
    if role == "anonymous":
        return 302  # to the login page
    if role in ("outsider", "other_workspace"):
        return 404  # the process does not show through
    return 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["dashboard", "action"])
def test_reading_the_follow_up(followed, client_as, role, name):
    response = client_as(role).get(_url(followed, name))
    if role in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code == _refused_status(role)
        if role == "anonymous":
            assert "/comptes/connexion/" in response["Location"]


REPORT = {"report-year": "2025", "report-status": "in_progress", "report-progress": "40",
          "report-note": "Travaux lancés", "report-spent_operating": "1 500,50",
          "report-spent_investment": "12 000"}  # fmt: skip
VALUE = {"value-year": "2025", "value-value": "1 250,5", "value-kind": "estimate",
         "value-comment": "Enquête", "value-source": "CRESS"}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_report(followed, client_as, role):
    response = client_as(role).post(_url(followed, "report_add"), REPORT)
    if role in RECORDERS:
        assert response.status_code == 302
        report = ProgressReport.objects.get()
        assert (report.status, report.progress, report.year) == ("in_progress", 40, 2025)
        assert report.spent_operating == Decimal("1500.50")
        assert report.spent_investment == Decimal("12000")
        assert report.lineage == followed.place.lineage
        assert report.author is not None
    else:
        assert response.status_code == _refused_status(role)
        assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_recording_an_indicator_value(followed, client_as, role):
    data = {**VALUE, "value-indicator": str(followed.jobs.pk)}
    response = client_as(role).post(_url(followed, "value_add"), data)
    if role in RECORDERS:
        assert response.status_code == 302
        value = IndicatorValue.objects.get()
        assert (value.indicator, value.year, value.kind) == (followed.jobs, 2025, "estimate")
        assert value.value == Decimal("1250.5")
    else:
        assert response.status_code == _refused_status(role)
        assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"report-spent_operating": "-10"}, "spent_operating", "ne peut pas être négatif"),
        ({"report-spent_investment": "12,505"}, "spent_investment", "Deux décimales"),
        ({"report-spent_operating": "abc"}, "spent_operating", "écrivez un nombre"),
        ({"report-spent_operating": "99 999 999 999"}, "spent_operating", "trop grand"),
        ({"report-progress": "120"}, "progress", "de 0 à 100"),
        ({"report-progress": "-5 %"}, "progress", "de 0 à 100"),
        ({"report-year": "2031"}, "year", "comprise dans le mandat (2024 à 2030)"),
        ({"report-status": "late"}, "status", "Sélectionnez un choix valide"),
        ({"report-note": "x" * 2001}, "note", "au plus 2000 caractères"),
    ],
)
def test_bad_report_input_is_refused_at_the_field(followed, client_as, changes, field, message):
    response = client_as("facilitator").post(_url(followed, "report_add"), {**REPORT, **changes})
    assert response.status_code == 200
    errors = response.context["report_form"].errors
    assert message in " ".join(errors[field])
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value-year": "2023"}, "year", "comprise dans le mandat"),
        ({"value-value": "1.500"}, "value", "ambigu"),
        ({"value-value": ""}, "value", "obligatoire"),
    ],
)
def test_bad_value_input_is_refused_at_the_field(followed, client_as, changes, field, message):
    data = {**VALUE, "value-indicator": str(followed.jobs.pk), **changes}
    response = client_as("facilitator").post(_url(followed, "value_add"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["value_form"].errors[field])
    assert not IndicatorValue.objects.exists()


def test_a_value_for_another_actions_indicator_is_refused(followed, client_as):
    data = {**VALUE, "value-indicator": str(followed.waste.pk)}
    response = client_as("facilitator").post(_url(followed, "value_add"), data)
    assert "l’un des indicateurs de cette action" in " ".join(
        response.context["value_form"].errors["indicator"]
    )
    assert not IndicatorValue.objects.exists()


def test_actions_not_retained_and_draft_plans_are_not_followed(followed, client_as, cast):
    client = client_as("facilitator")
    assert client.get(_url(followed, "action", followed.dropped)).status_code == 404
    assert client.post(_url(followed, "report_add", followed.dropped), REPORT).status_code == 404
    draft = scenarios.duplicate_plan(followed.plan, name="Brouillon", kind="version",
                                     actor=cast.facilitator)  # fmt: skip
    url = reverse("followup:dashboard", args=[draft.process_id, draft.pk])
    assert client.get(url).status_code == 404
    assert not ProgressReport.objects.exists()


def test_a_report_made_meanwhile_by_someone_else_is_kept_and_announced(followed, client_as, cast):
    client = client_as("facilitator")
    page = client.get(_url(followed, "action"))
    seen = page.context["report_form"].initial["seen_up_to"]
    services.record_report(followed.place, year=2025, status="blocked", actor=cast.admin)
    response = client.post(
        _url(followed, "report_add"), {**REPORT, "report-seen_up_to": str(seen)}, follow=True
    )
    text = response.content.decode()
    assert "Ada Admin a aussi fait un point sur cette action pour 2025 entre-temps" in text
    assert ProgressReport.objects.count() == 2
    assert ProgressReport.objects.latest("id").status == "in_progress"


def test_dashboard_shows_figures_chart_and_table(followed, client_as, cast):
    services.record_report(followed.place, year=2026, status="blocked", actor=cast.facilitator,
                           spent_operating=Decimal(2500))  # fmt: skip
    for year, value in ((2025, "15"), (2026, "25")):
        services.record_indicator_value(followed.jobs, year=year, value=Decimal(value),
                                        actor=cast.facilitator)  # fmt: skip
    response = client_as("committee_member").get(_url(followed, "dashboard") + "?annee=2026")
    text = response.content.decode()
    figures = response.context["figures"]
    assert figures.year == 2026 and len(figures.blocked) == 1
    assert [line.action for line in figures.late] == [followed.place, followed.training]
    assert "<svg" in text and "<polyline" in text and "Valeurs de Emplois créés" in text
    # 2026 is halfway from 10 (2024) to 50 (2028): 25 is below the expected 30.
    assert "En retard sur la trajectoire" in text and "au moins 30 en 2026" in text
    assert "2\u202f500" in text  # spent, in French format
    # A committee member reads: no form.
    assert (
        "Enregistrer le point"
        not in client_as("committee_member").get(_url(followed, "action")).content.decode()
    )


def test_the_user_text_is_escaped(followed, client_as, cast):
    services.record_report(followed.place, year=2025, status="in_progress",
                           note="<script>alert(1)</script>", actor=cast.facilitator)  # fmt: skip
    text = client_as("facilitator").get(_url(followed, "action")).content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


@pytest.mark.parametrize("role", ROLES)
def test_the_frozen_plan_links_to_its_follow_up_for_readers_only(followed, client_as, role):
    url = reverse("plans:detail", args=[followed.plan.process_id, followed.plan.pk])
    response = client_as(role).get(url)
    dashboard = _url(followed, "dashboard")
    if response.status_code == 200:
        assert (dashboard in response.content.decode()) == (role in READERS)
    else:
        assert role not in READERS


def _dashboard_queries(client, followed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(_url(followed, "dashboard") + "?annee=2026").status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_runs_a_constant_number_of_queries(followed, client_as, cast):
    from essor.plans.services import ActionData, create_action

    client = client_as("facilitator")
    small = _dashboard_queries(client, followed)
    frozen_at, followed.plan.frozen_at = followed.plan.frozen_at, None  # thawed to grow it
    added = [
        create_action(
            plan=followed.plan,
            data=ActionData(
                fields={"title": f"Action {i}", "status": "retained", "axis": followed.place.axis},
                children={
                    "indicators": [{"name": f"I{i}", "target": 3, "target_year": 2028}],
                    "budget_lines": [{"year": 2026, "nature": "operating", "planned": 1}],
                },
            ),
            actor=cast.facilitator,
        )  # fmt: skip
        for i in range(12)
    ]
    followed.plan.frozen_at = frozen_at
    for action in added:
        services.record_report(action, year=2026, status="done", actor=cast.facilitator)
        services.record_indicator_value(action.indicators.get(), year=2026, value=Decimal(2),
                                        actor=cast.facilitator)  # fmt: skip
    assert _dashboard_queries(client, followed) == small
