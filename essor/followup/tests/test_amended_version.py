"""An amended version of the voted plan (a reorientation decided by the follow-up
committee) keeps the implementation history: reports by the action's identity, indicator
values by the indicator's, even when the indicator's target changes in the amendment."""

import datetime as dt
from decimal import Decimal

from essor.followup import services
from essor.followup.models import IndicatorValue
from essor.followup.summary import latest_values, summary_contract
from essor.plans import history, scenarios, validation
from essor.plans import services as plan_services
from essor.plans.models import PlanKind
from essor.plans.services import ActionData


def _amend(followed, actor):
    amended = scenarios.duplicate_plan(
        followed.plan, name="Plan amendé", kind=PlanKind.VERSION, actor=actor
    )
    place = amended.actions.get(lineage=followed.place.lineage)
    children = history.children_of(place)
    jobs = children["indicators"][0]
    children["indicators"] = [
        {**jobs, "target": Decimal(80)},  # the committee raised the target
        {"name": "Structures accueillies", "unit": "structures", "baseline": Decimal(0),
         "target": Decimal(12), "target_year": 2028},
    ]  # fmt: skip
    plan_services.update_action(
        place,
        ActionData(fields={}, children={"indicators": children["indicators"]}),
        expected_version=place.version,
        actor=actor,
    )
    validation.record_prior_adoption(amended, adopted_on=dt.date(2026, 6, 1), actor=actor)
    return amended, amended.actions.get(lineage=followed.place.lineage)


def test_values_measured_on_the_voted_version_follow_the_indicator(followed, cast):
    actor = cast.facilitator
    services.record_indicator_value(followed.jobs, year=2025, value=Decimal(20), actor=actor)
    services.record_report(
        followed.place, year=2025, status="in_progress", progress=40, actor=actor
    )
    amended, place = _amend(followed, actor)

    jobs, new = place.indicators.order_by("id")
    assert jobs.lineage == followed.jobs.lineage and jobs.pk != followed.jobs.pk
    assert jobs.target == 80
    assert new.lineage != followed.jobs.lineage
    values = latest_values([jobs, new])
    assert values[jobs.pk][2025].value == 20
    assert values[new.pk] == {}

    contract = summary_contract(amended, 2025, today=dt.date(2026, 7, 1))
    row = next(r for r in contract["indicators"] if r["indicator"] == "Emplois créés")
    assert (row["target"], row["value"], row["value_year"]) == (80, 20, 2025)
    assert contract["actions"]["by_status"]["in_progress"] == 1  # the report carried over

    # A value measured on the amended version is the same indicator's history, read from
    # either version; the voted version itself is unchanged (its target stays 50).
    services.record_indicator_value(jobs, year=2026, value=Decimal(31), actor=actor)
    assert latest_values([followed.jobs])[followed.jobs.pk][2026].value == 31
    followed.jobs.refresh_from_db()
    assert followed.jobs.target == 50
    assert IndicatorValue.objects.filter(lineage=jobs.lineage).count() == 2


def test_the_amendment_is_compared_field_by_field_with_the_voted_version(followed, cast):
    amended, _place = _amend(followed, cast.facilitator)
    comparison = scenarios.compare_plans(followed.plan, amended)
    (difference,) = comparison.changed
    assert difference.title == followed.place.title
    ((label, before, after),) = difference.fields
    assert "-> 50 (2028)" in before and "Structures" not in before
    assert "-> 80 (2028)" in after and "Structures accueillies" in after


def test_an_indicator_renamed_in_the_sheet_is_a_new_indicator(followed, cast):
    actor = cast.facilitator
    amended = scenarios.duplicate_plan(
        followed.plan, name="Plan amendé", kind=PlanKind.VERSION, actor=actor
    )
    place = amended.actions.get(lineage=followed.place.lineage)
    (row,) = history.children_of(place)["indicators"]
    plan_services.update_action(
        place,
        ActionData(fields={}, children={"indicators": [{**row, "name": "Emplois durables"}]}),
        expected_version=place.version,
        actor=actor,
    )
    assert place.indicators.get().lineage != followed.jobs.lineage


def test_the_dashboard_leads_to_the_amendment_and_its_differences(followed, cast, client_as):
    from django.urls import reverse

    process = followed.plan.process
    voted_url = reverse("followup:dashboard", args=[process.pk, followed.plan.pk])
    amend_url = reverse("plans:duplicate", args=[process.pk, followed.plan.pk]) + "?kind=version"
    facilitator = client_as("facilitator")
    page = facilitator.get(voted_url).content.decode()
    assert amend_url in page.replace("&amp;", "&")
    assert "Aucune version amendée" in page
    committee = client_as("committee_member")
    assert amend_url not in committee.get(voted_url).content.decode()

    amended, _place = _amend(followed, cast.facilitator)
    page = facilitator.get(voted_url).content.decode()
    assert "Plan amendé" in page
    amended_url = reverse("followup:dashboard", args=[process.pk, amended.pk])
    page = committee.get(amended_url).content.decode()
    compare = reverse("plans:compare", args=[process.pk, followed.plan.pk]) + f"?avec={amended.pk}"
    assert compare in page.replace("&amp;", "&")
    assert "Cette version amende" in page
    differences = committee.get(compare).content.decode()
    assert "-&gt; 80 (2028)" in differences and "Structures accueillies" in differences
