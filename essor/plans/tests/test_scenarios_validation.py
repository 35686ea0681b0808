import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from essor.decisions.models import Decision, Outcome
from essor.plans import scenarios, services, validation
from essor.plans.models import Action, PlanKind, PlanStatus
from essor.plans.services import ActionData


def test_scenario_is_an_independent_copy(setup, cast):
    copy = scenarios.duplicate_plan(setup.plan, name="Ambitieux", actor=cast.facilitator)
    assert copy.kind == PlanKind.SCENARIO and copy.based_on == setup.plan
    assert copy.axes.count() == 3
    assert copy.axes.get(title="Animer").parent.plan == copy
    club = copy.actions.get(title="Créer un club ESS")
    assert club.axis.plan == copy and club.axis.title == "Animer"
    assert list(club.departments.all()) == setup.departments[:1]
    assert club.indicators.get().target == 40
    assert list(club.contributions.all()) == setup.contributions[:1]
    services.update_action(club, ActionData(fields={"title": "Club élargi"}), expected_version=1,
                           actor=cast.facilitator)  # fmt: skip
    assert Action.objects.get(pk=setup.actions[0].pk).title == "Créer un club ESS"


def test_compare_lists_added_removed_and_changed_fields(setup, cast):
    copy = scenarios.duplicate_plan(setup.plan, name="Réaliste", actor=cast.facilitator)
    club = copy.actions.get(title="Créer un club ESS")
    services.update_action(
        club,
        ActionData(
            fields={"priority": "high"},
            children={"budget_lines": [{"year": 2027, "nature": "operating", "planned": 5000}]},
        ),
        expected_version=club.version,
        actor=cast.facilitator,
    )
    copy.actions.get(title="Maison de l'ESS").delete()
    services.create_action(plan=copy, data=ActionData(fields={"title": "Mois de l'ESS"}),
                           actor=cast.facilitator)  # fmt: skip
    result = scenarios.compare_plans(setup.plan, copy)
    assert [a.title for a in result.added] == ["Mois de l'ESS"]
    assert [a.title for a in result.removed] == ["Maison de l'ESS"]
    assert result.unchanged == 1
    (difference,) = result.changed
    fields = {label: (left, right) for label, left, right in difference.fields}
    assert fields["priorité"] == ("moyenne", "haute")
    assert fields["budget"] == ("2027 fonctionnement 10\u202f000", "2027 fonctionnement 5\u202f000")


def test_validation_by_cotech_then_copil_freezes_the_plan(setup, cast):
    plan = setup.plan
    submission = validation.submit_plan(plan, body=setup.cotech, actor=cast.facilitator)
    assert plan.status == PlanStatus.SUBMITTED
    with pytest.raises(ValidationError):  # one pending submission at a time
        validation.submit_plan(plan, body=setup.copil, actor=cast.facilitator)
    validation.record_plan_decision(
        submission, outcome=Outcome.VALIDATED, decided_on=dt.date(2027, 2, 16),
        comment="Avec réserves sur le budget", actor=cast.facilitator,
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == PlanStatus.VALIDATED and not plan.is_frozen
    submission = validation.submit_plan(plan, body=setup.copil, actor=cast.facilitator)
    validation.record_plan_decision(
        submission, outcome=Outcome.VALIDATED, decided_on=dt.date(2027, 3, 2), actor=cast.admin
    )
    plan.refresh_from_db()
    assert plan.is_frozen
    decisions = Decision.objects.about(plan).order_by("decided_on")
    assert [(d.body, d.outcome) for d in decisions] == [
        (setup.cotech, "validated"),
        (setup.copil, "validated"),
    ]
    assert decisions[0].comment == "Avec réserves sur le budget"
    with pytest.raises(PermissionDenied):
        validation.submit_plan(plan, body=setup.copil, actor=cast.facilitator)
    with pytest.raises(PermissionDenied):
        services.delete_action(plan.actions.first(), actor=cast.facilitator)
    # Still comparable with a later version, which is editable.
    later = scenarios.duplicate_plan(plan, name="V2", kind=PlanKind.VERSION, actor=cast.admin)
    assert not later.is_frozen and later.status == PlanStatus.DRAFT
    assert scenarios.compare_plans(plan, later).unchanged == 3
    validation.record_council_vote(plan, date=dt.date(2027, 3, 26), result="adopted",
                                   actor=cast.facilitator)  # fmt: skip
    plan.refresh_from_db()
    assert plan.get_council_vote_result_display() == "adopté"


def test_to_rework_keeps_the_plan_editable(setup, cast):
    submission = validation.submit_plan(setup.plan, body=setup.copil, actor=cast.facilitator)
    validation.record_plan_decision(
        submission, outcome=Outcome.TO_REWORK, decided_on=dt.date(2027, 3, 2), actor=cast.admin
    )
    setup.plan.refresh_from_db()
    assert setup.plan.status == PlanStatus.TO_REWORK and not setup.plan.is_frozen
    with pytest.raises(ValidationError):
        validation.record_council_vote(setup.plan, date=dt.date(2027, 3, 26), result="adopted",
                                       actor=cast.facilitator)  # fmt: skip
    with pytest.raises(ValidationError):
        validation.record_plan_decision(
            submission, outcome=Outcome.VALIDATED, decided_on=dt.date(2027, 3, 3), actor=cast.admin
        )


def test_body_of_another_process_is_refused(setup, cast):
    from essor.bodies.models import Body
    from essor.processes.models import Process

    elsewhere = Process.objects.create(workspace=cast.workspace, title="x")
    other = Body.objects.create(process=elsewhere, kind="steering", name="COPIL ailleurs")
    with pytest.raises(ValidationError):
        validation.submit_plan(setup.plan, body=other, actor=cast.facilitator)


def test_copy_keeps_sub_axes_and_sub_actions(setup, cast):
    club = setup.actions[0]
    sub = services.create_action(
        plan=setup.plan,
        data=ActionData(fields={"title": "Première rencontre", "parent": club}),
        actor=cast.facilitator,
    )
    services.create_action(
        plan=setup.plan,
        data=ActionData(fields={"title": "Invitations", "parent": sub}),
        actor=cast.facilitator,
    )
    copy = scenarios.duplicate_plan(setup.plan, name="Copie", actor=cast.facilitator)
    assert copy.axes.get(title="Animer").parent.title == "Coopérer"
    invitations = copy.actions.get(title="Invitations")
    assert invitations.parent.parent == copy.actions.get(title="Créer un club ESS")


def test_linking_sources_is_in_the_history(setup, cast):
    action = setup.actions[1]
    services.link_sources(
        action, contributions=setup.contributions[:1], answers=[], actor=cast.facilitator
    )
    change = action.changes.get(field="contributions")
    assert change.old_value == "" and change.new_value == "Un lieu pour les acteurs de l'ESS"
