import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from essor.core.models import AuditEntry
from essor.plans import history, lines, services
from essor.plans.models import COMMON_LEVERS, Action, ActionChange, ActionStatus, Lever
from essor.plans.services import ActionData, EditConflict


def test_first_plan_seeds_the_common_levers(setup):
    names = set(Lever.objects.filter(process=setup.process).values_list("name", flat=True))
    assert len(names) == len(COMMON_LEVERS)
    assert "Appel à projets" in names


def test_queryset_methods(setup, cast):
    club, clauses, house = setup.actions
    assert set(Action.objects.retained()) == {club, clauses}
    assert list(Action.objects.not_retained()) == [house]
    assert set(Action.objects.without_pilot()) == {clauses, house}
    assert list(Action.objects.piloted_by(cast.contributor)) == [club]
    assert not Action.objects.piloted_by(cast.outsider).exists()


def test_not_retained_needs_a_reason(setup, cast):
    with pytest.raises(ValidationError) as error:
        services.create_action(
            plan=setup.plan,
            data=ActionData(fields={"title": "Sans raison", "status": ActionStatus.NOT_RETAINED}),
            actor=cast.facilitator,
        )
    assert "status_reason" in error.value.message_dict
    assert not Action.objects.filter(title="Sans raison").exists()


def test_dates_outside_the_mandate_or_reversed_are_refused(setup, cast):
    club = setup.actions[0]
    data = ActionData(fields={"start_date": dt.date(2040, 1, 1), "end_date": dt.date(2020, 1, 1)})
    with pytest.raises(ValidationError) as error:
        services.update_action(club, data, expected_version=club.version, actor=cast.facilitator)
    assert {"start_date", "end_date"} <= set(error.value.message_dict)


def test_update_records_each_changed_field(setup, cast):
    club = setup.actions[0]
    data = ActionData(
        fields={"title": "Créer le club ESS", "partners": [setup.organisations[1]]},
        children={"fundings": [{"funder": "Région", "amount": 5000}]},
    )
    services.update_action(club, data, expected_version=1, actor=cast.facilitator)
    club.refresh_from_db()
    assert club.version == 2
    changes = {c.field: c for c in ActionChange.objects.filter(action=club, version=2)}
    assert set(changes) == {"title", "partners", "fundings"}
    assert changes["title"].old_value == "Créer un club ESS"
    assert changes["title"].new_value == "Créer le club ESS"
    assert changes["partners"].new_value == "SCIC Alimentation"
    assert changes["fundings"].new_value == "Région\u00a0: 5\u202f000"
    assert changes["title"].changed_by == cast.facilitator
    assert AuditEntry.objects.filter(verb="plan.action_updated").exists()


def test_concurrent_edit_is_a_conflict_and_writes_nothing(setup, cast):
    club = setup.actions[0]
    first_editor = Action.objects.get(pk=club.pk)
    second_editor = Action.objects.get(pk=club.pk)
    services.update_action(
        first_editor,
        ActionData(fields={"description": "Version de Fanny"}),
        expected_version=1,
        actor=cast.facilitator,
    )
    with pytest.raises(EditConflict) as error:
        services.update_action(
            second_editor,
            ActionData(fields={"description": "Version d'Ada", "title": "Autre titre"}),
            expected_version=1,
            actor=cast.admin,
        )
    assert error.value.fields == {"description"}
    club.refresh_from_db()
    assert club.description == "Version de Fanny"
    assert club.title == "Créer un club ESS"
    assert club.version == 2


def test_frozen_plan_is_read_only(setup, cast):
    from django.utils import timezone

    setup.plan.frozen_at = timezone.now()
    setup.plan.save()
    club = Action.objects.get(pk=setup.actions[0].pk)
    with pytest.raises(PermissionDenied):
        services.update_action(
            club, ActionData(fields={"title": "x"}), expected_version=1, actor=cast.facilitator
        )
    with pytest.raises(PermissionDenied):
        services.create_action(
            plan=club.plan, data=ActionData(fields={"title": "y"}), actor=cast.facilitator
        )


def test_sources_must_be_of_the_same_process(setup, cast):
    from essor.contributions.services import add_contribution
    from essor.processes.models import Process

    other = Process.objects.create(workspace=cast.workspace, title="Ailleurs")
    foreign = add_contribution(process=other, text="Idée d'ailleurs")
    with pytest.raises(ValidationError):
        services.link_sources(
            setup.actions[1], contributions=[foreign], answers=[], actor=cast.facilitator
        )
    services.link_sources(
        setup.actions[1], contributions=setup.contributions, answers=[], actor=cast.facilitator
    )
    assert setup.actions[1].contributions.count() == 2


def test_reorientation_is_answered_once(setup, cast):
    item = services.propose_reorientation(
        setup.actions[1], proposal="Cibler d'abord les marchés de restauration", actor=cast.admin
    )
    services.decide_reorientation(item, accept=True, response="D'accord", actor=cast.facilitator)
    item.refresh_from_db()
    assert item.status == "accepted" and item.decided_by == cast.facilitator
    with pytest.raises(ValidationError):
        services.decide_reorientation(item, accept=False, actor=cast.facilitator)


def test_lines_round_trip_through_their_text():
    budget = lines.parse_budget("2027 fonctionnement 10 000 / 8 000,50\n2028 investissement 5000")
    assert budget[0]["planned"] == 10000 and str(budget[0]["actual"]) == "8000.50"
    assert [history.budget_text(b) for b in budget] == [
        "2027 fonctionnement 10\u202f000 / 8\u202f000,50",
        "2028 investissement 5\u202f000",
    ]
    indicator = lines.parse_indicators("Structures membres [nombre] 0 -> 40 (2028)")[0]
    assert history.indicator_text(indicator) == "Structures membres [nombre] 0 -> 40 (2028)"
    milestone = lines.parse_milestones("15/03/2027 Lancement ✓")[0]
    assert milestone == {"date": dt.date(2027, 3, 15), "label": "Lancement", "done": True}


def test_lines_errors_name_the_line():
    with pytest.raises(ValidationError) as error:
        lines.parse_budget("2027 fonctionnement 100\n2027 loyer 3")
    assert error.value.messages[0].startswith("Ligne 2")
    with pytest.raises(ValidationError) as error:
        lines.parse_milestones("mars 2027 lancement")
    assert "JJ/MM/AAAA" in error.value.messages[0]


def test_overview_annotations_do_not_multiply_rows(setup, cast):
    club = setup.actions[0]
    data = ActionData(
        children={
            "budget_lines": [
                {"year": 2027, "nature": "operating", "planned": 100},
                {"year": 2028, "nature": "investment", "planned": 50},
            ],
            "indicators": [{"name": f"Indicateur {i}"} for i in range(3)],
        }
    )
    services.update_action(club, data, expected_version=1, actor=cast.facilitator)
    club.contributions.add(*setup.contributions)
    annotated = Action.objects.for_overview().get(pk=club.pk)
    assert annotated.budget_planned == 150
    assert annotated.indicator_count == 3
    assert annotated.contribution_count == 2


def test_attachments_are_checked_kept_in_history_and_copied(setup, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from essor.plans import attachments, scenarios

    club = setup.actions[0]
    with pytest.raises(ValidationError):
        attachments.add_attachment(
            club, upload=SimpleUploadedFile("virus.exe", b"MZ"), title="", actor=cast.facilitator
        )
    item = attachments.add_attachment(
        club,
        upload=SimpleUploadedFile("../budget détaillé.csv", b"a;b\n1;2\n"),
        title="Budget",
        actor=cast.facilitator,
    )
    assert item.filename == "budget détaillé.csv" and item.content_type == "text/csv"
    assert club.changes.filter(field="attachments", new_value="Budget").exists()
    copy = scenarios.duplicate_plan(setup.plan, name="Copie", actor=cast.facilitator)
    copied = copy.actions.get(title=club.title).attachments.get()
    assert bytes(copied.content) == b"a;b\n1;2\n"
