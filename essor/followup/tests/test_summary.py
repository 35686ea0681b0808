"""The derived follow-up: statuses, lateness, budget, indicators, and the JSON contract."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essor.followup import services
from essor.followup.indicators import judge
from essor.followup.models import ProgressReport
from essor.followup.summary import PlanFollowup, summary_contract
from essor.plans import scenarios
from essor.plans.services import ActionData, create_action

TODAY = dt.date(2026, 5, 1)  # a fixed "today": lateness is computed on a given day


def report(action, actor, year, status, **fields):
    return services.record_report(action, year=year, status=status, actor=actor, **fields)[0]


def test_the_latest_entry_is_current_and_earlier_ones_are_kept(followed, cast):
    first = report(followed.place, cast.facilitator, 2025, "in_progress", progress=40)
    report(followed.place, cast.facilitator, 2025, "blocked", progress=45, note="Permis refusé")
    state = PlanFollowup(followed.plan, TODAY).figures(2025)
    line = next(li for li in state.lines if li.action == followed.place)
    assert (line.state.status, line.state.progress) == ("blocked", 45)
    first.refresh_from_db()  # never overwritten
    assert (first.status, first.progress) == ("in_progress", 40)
    assert ProgressReport.objects.count() == 2


def test_a_status_carries_over_to_later_years_but_not_back(followed, cast):
    report(followed.place, cast.facilitator, 2026, "done")
    report(followed.place, cast.facilitator, 2025, "in_progress")  # written later, for 2025
    follow = PlanFollowup(followed.plan, TODAY)
    status = {y: next(li for li in follow.figures(y).lines if li.action == followed.place)
              for y in (2024, 2025, 2026, 2027)}  # fmt: skip
    assert status[2024].state.status == "not_started"
    assert status[2025].state.status == "in_progress"
    assert status[2026].state.status == "done"
    assert status[2027].state.status == "done" and not status[2027].state.reported


def test_late_is_derived_from_planned_dates_and_milestones(followed, cast):
    follow = PlanFollowup(followed.plan, TODAY)
    late = {li.action.title for li in follow.figures(2026).late}
    # The place ended in 2025 and is not done; the training's last milestone has passed;
    # the network only starts in 2027.
    assert late == {"Un tiers-lieu de l'ESS", "Former les élus"}
    # At the end of 2024: the place had started on paper but not in fact; the training's
    # first milestone had passed.
    assert {li.action.title for li in follow.figures(2024).late} == late
    report(followed.place, cast.facilitator, 2026, "done")
    report(followed.training, cast.facilitator, 2026, "abandoned")
    assert PlanFollowup(followed.plan, TODAY).figures(2026).late == []
    # In progress but not finished at its planned end: still late.
    report(followed.network, cast.facilitator, 2026, "in_progress")
    later = PlanFollowup(followed.plan, dt.date(2030, 6, 1)).figures(2030)
    assert [li.action.title for li in later.late] == ["Un réseau des recycleries"]


def test_budget_planned_against_spent_by_axis_and_nature(followed, cast):
    report(followed.place, cast.facilitator, 2025, "in_progress",
           spent_operating=Decimal("12000"), spent_investment=Decimal("90000"))  # fmt: skip
    # A later report without amounts keeps the amounts already given for the year.
    report(followed.place, cast.facilitator, 2025, "in_progress", note="Travaux")
    report(followed.network, cast.facilitator, 2025, "in_progress", spent_operating=Decimal(300))
    figures = PlanFollowup(followed.plan, TODAY).figures(2025)
    assert figures.planned.operating == Decimal("25000.50")
    assert figures.planned.investment == Decimal("150000")
    assert (figures.spent.operating, figures.spent.investment) == (12300, 90000)
    by_axis = {f.label: f for f in figures.axes}
    # The sub-axis's action counts in its first-level axis.
    assert list(by_axis) == ["1. Coopérer", "2. Acheter responsable"]
    assert by_axis["2. Acheter responsable"].planned.operating == Decimal("5000.50")
    assert by_axis["2. Acheter responsable"].spent.operating == 300
    assert by_axis["1. Coopérer"].spent.investment == 90000
    assert figures.total == 3  # the action not retained is not followed


def test_history_carries_over_to_an_amended_version_by_action_identity(followed, cast):
    report(followed.place, cast.facilitator, 2025, "in_progress", progress=30)
    amended = scenarios.duplicate_plan(followed.plan, name="Version modifiée", kind="version",
                                       actor=cast.facilitator)  # fmt: skip
    line = next(li for li in PlanFollowup(amended, TODAY).figures(2025).lines
                if li.action.title == "Un tiers-lieu de l'ESS")  # fmt: skip
    assert (line.state.status, line.state.progress) == ("in_progress", 30)


@pytest.mark.parametrize(
    ("direction", "value", "state"),
    [("up", "30", "on_track"), ("up", "29.99", "off_track"),
     ("down", "80", "on_track"), ("down", "81", "off_track")],
)  # fmt: skip
def test_on_track_follows_the_straight_line_from_baseline_to_target(
    followed, direction, value, state
):
    indicator = followed.jobs
    indicator.direction = direction
    if direction == "down":
        indicator.baseline, indicator.target = Decimal(100), Decimal(60)
    # 2024 -> 2028: in 2026, halfway (30 when going up from 10 to 50, 80 going down).
    judgement = judge(indicator, followed.plan, 2026, Decimal(value))
    assert judgement.state == state
    assert "2026" in judgement.explanation and "ligne droite" in judgement.explanation


def test_a_yearly_target_overrides_the_straight_line(followed):
    followed.jobs.yearly_targets = {"2026": "45"}
    judgement = judge(followed.jobs, followed.plan, 2026, Decimal(40))
    assert judgement.state == "off_track"
    assert "objectif annuel fixé pour 2026" in judgement.explanation


def test_an_indicator_without_target_cannot_be_judged(followed):
    followed.jobs.target = None
    assert judge(followed.jobs, followed.plan, 2026, Decimal(1)).state == "unknown"
    assert judge(followed.jobs, followed.plan, None, None).state == "unknown"


def test_summary_contract(followed, cast):
    report(followed.place, cast.facilitator, 2025, "in_progress",
           spent_operating=Decimal("12000.50"), spent_investment=Decimal("90000"))  # fmt: skip
    report(followed.training, cast.facilitator, 2025, "done")
    for year, value in ((2024, "12"), (2025, "20"), (2025, "22"), (2027, "40")):
        services.record_indicator_value(followed.jobs, year=year, value=Decimal(value),
                                        actor=cast.facilitator)  # fmt: skip
    out = StringIO()
    call_command("followup_summary", plan=followed.plan.pk, year=2025, format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == {
        "year": 2025,
        "actions": {
            "total": 3,
            "by_status": {"not_started": 1, "in_progress": 1, "done": 1, "paused": 0,
                          "blocked": 0, "abandoned": 0},
            "late": 0,  # the place ends on the last day of 2025: not late in 2025
        },
        "budget": {
            "planned": {"operating": 25000.5, "investment": 150000},
            "spent": {"operating": 12000.5, "investment": 90000},
        },
        "indicators": [
            {"action": "Un tiers-lieu de l'ESS", "indicator": "Emplois créés", "unit": "emplois",
             "target": 50, "target_year": 2028, "value": 22, "value_year": 2025},
            {"action": "Un réseau des recycleries", "indicator": "Déchets enfouis", "unit": "t",
             "target": 60, "target_year": 2028, "value": None, "value_year": None},
        ],
    }  # fmt: skip


def test_summary_refuses_a_plan_not_validated_and_a_year_outside_the_mandate(followed, cast):
    draft = scenarios.duplicate_plan(followed.plan, name="Brouillon", kind="version",
                                     actor=cast.facilitator)  # fmt: skip
    with pytest.raises(CommandError, match="seul un plan validé"):
        call_command("followup_summary", plan=draft.pk, year=2025, stdout=StringIO())
    with pytest.raises(CommandError, match="hors du mandat"):
        call_command("followup_summary", plan=followed.plan.pk, year=2040, stdout=StringIO())
    with pytest.raises(CommandError, match="Aucun plan"):
        call_command("followup_summary", plan=0, year=2025, stdout=StringIO())


def _queries(plan, year):
    with CaptureQueriesContext(connection) as ctx:
        summary_contract(plan, year, TODAY)
    return len(ctx.captured_queries)


def test_the_summary_runs_a_constant_number_of_queries(followed, cast):
    small = _queries(followed.plan, 2025)
    # More actions in the same plan (thawed for the test: a frozen plan refuses them).
    frozen_at, followed.plan.frozen_at = followed.plan.frozen_at, None
    added = [
        create_action(
            plan=followed.plan,
            data=ActionData(
                fields={
                    "title": f"Action {index}",
                    "status": "retained",
                    "start_date": dt.date(2025, 1, 1),
                },
                children={
                    "indicators": [{"name": "I", "target": 3, "target_year": 2028}],
                    "budget_lines": [{"year": 2025, "nature": "operating", "planned": 1}],
                    "milestones": [{"date": dt.date(2025, 5, 1), "label": "M"}],
                },
            ),
            actor=cast.facilitator,
        )  # fmt: skip
        for index in range(15)
    ]
    followed.plan.frozen_at = frozen_at
    for action in added:
        report(action, cast.facilitator, 2025, "in_progress")
        services.record_indicator_value(action.indicators.get(), year=2025, value=Decimal(1),
                                        actor=cast.facilitator)  # fmt: skip
    assert followed.plan.actions.retained().count() == 18
    assert _queries(followed.plan, 2025) == small


def test_the_chart_draws_the_expected_path_and_each_measured_year(followed, cast):
    from essor.followup.charts import build_chart
    from essor.followup.summary import latest_values

    services.record_indicator_value(followed.jobs, year=2025, value=Decimal(20), kind="estimate",
                                    actor=cast.facilitator)  # fmt: skip
    services.record_indicator_value(followed.jobs, year=2026, value=Decimal(26),
                                    actor=cast.facilitator)  # fmt: skip
    chart = build_chart(
        followed.jobs, followed.plan, latest_values([followed.jobs])[followed.jobs.pk]
    )
    assert [r.year for r in chart.rows] == list(range(2024, 2031))  # the whole mandate
    assert [r.expected for r in chart.rows] == [10, 20, 30, 40, 50, 50, 50]
    assert len(chart.expected_path.split()) == 7
    assert [p.estimate for p in chart.points] == [True, False]
    # Higher values are drawn higher (smaller y); the target (50) is the top of the scale.
    assert chart.points[1].y < chart.points[0].y
    assert chart.y_labels[-1][1] == "50"
