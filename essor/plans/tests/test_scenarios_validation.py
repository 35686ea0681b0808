import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from essor.decisions.models import Decision, Outcome
from essor.plans import scenarios, services, validation
from essor.plans.models import Action, PlanKind, PlanStatus
from essor.plans.services import ActionData
from essor.plans.tests.conftest import decide, held_meeting, validate


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


def test_a_copy_keeps_how_its_indicators_are_measured(setup, cast):
    indicator = setup.actions[0].indicators.get()
    indicator.direction, indicator.baseline_year, indicator.source = "down", 2025, "INSEE"
    indicator.yearly_targets = {"2028": "20"}
    indicator.save()
    copy = scenarios.duplicate_plan(setup.plan, name="Amendé", actor=cast.facilitator)
    copied = copy.actions.get(title="Créer un club ESS").indicators.get()
    assert (copied.direction, copied.baseline_year, copied.source) == ("down", 2025, "INSEE")
    assert copied.yearly_targets == {"2028": "20"}


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
    cotech_meeting = held_meeting(setup.cotech, dt.date(2026, 2, 16))
    decide(submission, cast.facilitator, meeting=cotech_meeting,
           comment="Avec réserves sur le budget")  # fmt: skip
    plan.refresh_from_db()
    # The COTECH gives an opinion: the plan is not validated and cannot go to the council.
    assert plan.status == PlanStatus.FAVOURABLE and not plan.is_frozen
    assert not validation.can_go_to_council(plan)
    with pytest.raises(ValidationError):
        validation.record_council_vote(plan, date=dt.date(2026, 3, 26), result="adopted",
                                       actor=cast.facilitator)  # fmt: skip
    plan.refresh_from_db()
    assert plan.council_vote_date is None and plan.council_vote_result == ""
    submission = validation.submit_plan(plan, body=setup.copil, actor=cast.facilitator)
    decide(submission, cast.admin, meeting=held_meeting(setup.copil, dt.date(2026, 3, 2)))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.VALIDATED and plan.is_frozen
    decisions = Decision.objects.about(plan).order_by("decided_on")
    assert [(d.body, d.outcome, d.decided_on) for d in decisions] == [
        (setup.cotech, "validated", dt.date(2026, 2, 16)),
        (setup.copil, "validated", dt.date(2026, 3, 2)),
    ]
    assert decisions[0].meeting == cotech_meeting
    assert decisions[0].summary == "Avis favorable sur Plan d'action"
    assert decisions[0].comment == "Avec réserves sur le budget"
    with pytest.raises(PermissionDenied):
        validation.submit_plan(plan, body=setup.copil, actor=cast.facilitator)
    with pytest.raises(PermissionDenied):
        services.delete_action(plan.actions.first(), actor=cast.facilitator)
    # Still comparable with a later version, which is editable.
    later = scenarios.duplicate_plan(plan, name="V2", kind=PlanKind.VERSION, actor=cast.admin)
    assert not later.is_frozen and later.status == PlanStatus.DRAFT
    assert scenarios.compare_plans(plan, later).unchanged == 3
    validation.record_council_vote(plan, date=dt.date(2026, 3, 26), result="adopted",
                                   actor=cast.facilitator)  # fmt: skip
    plan.refresh_from_db()
    assert plan.get_council_vote_result_display() == "adopté"


def test_to_rework_keeps_the_plan_editable(setup, cast):
    submission = validation.submit_plan(setup.plan, body=setup.copil, actor=cast.facilitator)
    decide(submission, cast.admin, outcome=Outcome.TO_REWORK)
    setup.plan.refresh_from_db()
    assert setup.plan.status == PlanStatus.TO_REWORK and not setup.plan.is_frozen
    with pytest.raises(ValidationError):
        validation.record_council_vote(setup.plan, date=dt.date(2026, 3, 26), result="adopted",
                                       actor=cast.facilitator)  # fmt: skip
    with pytest.raises(ValidationError):
        decide(submission, cast.admin)


def test_a_decision_is_taken_at_a_held_meeting_of_the_body(setup, cast):
    submission = validation.submit_plan(setup.plan, body=setup.copil, actor=cast.facilitator)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused = [
        held_meeting(setup.copil, tomorrow, "COPIL à venir"),  # not held yet
        held_meeting(setup.cotech, dt.date(2026, 3, 2)),  # another body's meeting
    ]
    for meeting in refused + [None]:
        with pytest.raises(ValidationError) as error:
            validation.record_plan_decision(
                submission, outcome=Outcome.VALIDATED, meeting=meeting, actor=cast.admin
            )
        assert "meeting" in error.value.message_dict
    setup.plan.refresh_from_db()
    submission.refresh_from_db()
    assert submission.decision is None and not setup.plan.is_frozen
    assert not Decision.objects.about(setup.plan).exists()


def test_a_council_vote_in_the_future_is_refused(setup, cast):
    plan = validate(setup, cast)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        validation.record_council_vote(plan, date=tomorrow, result="adopted", actor=cast.admin)
    assert error.value.message_dict["date"] == [
        "Un vote du conseil ne peut pas être daté dans le futur."
    ]
    plan.refresh_from_db()
    assert plan.council_vote_date is None


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
