import copy
import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from essor.bodies.models import BodyKind
from essor.core.models import AuditEntry
from essor.core.tests.french import plain
from essor.processes import services
from essor.processes.models import Membership, Process, Role
from essor.processes.tests.data import STRUCTURE, make_template


def test_create_process_from_template_copies_the_method(cast):
    template = make_template()
    process = services.create_process_from_template(
        workspace=cast.workspace,
        template=template,
        title="  Plan ESS  ",
        territories=[cast.territory],
        created_by=cast.facilitator,
        start_date=dt.date(2026, 9, 7),
        ambition='<p>Ambition <script>alert(1)</script><a href="javascript:x()">x</a></p>',
    )
    assert process.title == "Plan ESS"
    assert "<script>" not in process.ambition and "javascript:" not in process.ambition
    phases = list(process.phases.all())
    assert [(p.order, p.name) for p in phases] == [
        (1, "Dynamique interne"),
        (2, "Dynamique externe"),
    ]
    # Phases chained from the start date with their typical durations.
    assert phases[0].start_date == dt.date(2026, 9, 7)
    assert phases[0].end_date == dt.date(2026, 11, 1)
    assert phases[1].start_date == dt.date(2026, 11, 2)
    assert phases[1].end_date == dt.date(2027, 1, 24)
    assert process.end_date == dt.date(2027, 1, 24)
    assert list(process.bodies.values_list("kind", "short_name")) == [
        (BodyKind.STEERING, "COPIL"),
        (BodyKind.TECHNICAL, "COTECH"),
    ]
    workshop = process.workshop_templates.get(title="Atelier directions")
    assert workshop.phase == phases[0]
    assert workshop.questions == ["Quels freins ?", "Quels leviers ?"]
    assert process.workshop_templates.get(title="Atelier libre").phase is None
    assert process.deliverables.get().phase == phases[1]
    assert Membership.objects.get(process=process).role == Role.FACILITATOR
    assert AuditEntry.objects.filter(verb="process.created", target_id=str(process.pk)).exists()


def test_structure_round_trip_gives_the_same_process(cast):
    process = services.create_process_from_template(
        workspace=cast.workspace, template=make_template(), title="A", territories=[cast.territory]
    )
    structure = services.process_structure(process)
    again = services.create_process_from_template(
        workspace=cast.workspace,
        template=make_template(slug="copie", structure=structure),
        title="B",
        territories=[cast.territory],
    )
    first, second = services.process_structure(process), services.process_structure(again)
    first["name"] = second["name"] = ""
    assert first == second
    expected = copy.deepcopy(STRUCTURE)
    # Phase keys are renamed, the content is the same.
    assert [p["name"] for p in structure["phases"]] == [p["name"] for p in expected["phases"]]
    assert [w["phase"] for w in structure["workshops"]] == ["phase-1", None]
    assert structure["bodies"] == expected["bodies"]


def test_phase_without_duration_leaves_the_following_undated(cast):
    structure = copy.deepcopy(STRUCTURE)
    structure["phases"][0]["duration_weeks"] = None
    process = services.create_process_from_template(
        workspace=cast.workspace,
        template=make_template(structure=structure),
        title="A",
        territories=[cast.territory],
        start_date=dt.date(2026, 1, 5),
    )
    assert [(p.start_date, p.end_date) for p in process.phases.all()] == [(None, None)] * 2
    assert process.end_date is None


def test_process_keeps_at_least_one_facilitator(cast):
    facilitator = Membership.objects.get(process=cast.process, role=Role.FACILITATOR)
    with pytest.raises(services.LastFacilitator):
        services.change_member_role(facilitator, Role.CONTRIBUTOR, actor=cast.admin)
    with pytest.raises(services.LastFacilitator):
        services.remove_member(facilitator, actor=cast.admin)
    membership, created = services.add_member(
        cast.process, email="Nouvelle@Example.org", full_name="Nina", role=Role.FACILITATOR,
        actor=cast.facilitator,
    )  # fmt: skip
    assert created and membership.user.email == "nouvelle@example.org"
    assert not membership.user.has_usable_password()
    services.remove_member(facilitator, actor=cast.admin)
    assert not Membership.objects.filter(pk=facilitator.pk).exists()


def test_create_process_command(cast):
    make_template()
    out = StringIO()
    call_command(
        "create_process", "--template", "methode-test", "--territory", "epci:200069854",
        "--territory", "commune:86194", "--title", "Plan ESS", "--start-date", "2026-09-07",
        "--facilitator", "animatrice@example.org", "--workspace", "grand-poitiers", stdout=out,
    )  # fmt: skip
    process = Process.objects.get(pk=int(out.getvalue().strip()))
    assert {t.key for t in process.territories.all()} == {"epci:200069854", "commune:86194"}
    assert process.memberships.get().user == cast.facilitator
    assert process.workspace == cast.workspace


def test_create_process_command_uses_the_only_workspace(cast):
    make_template()
    cast.elsewhere_process.delete()
    cast.elsewhere.delete()
    out = StringIO()
    call_command("create_process", "--template", "methode-test", "--territory", "epci:200069854",
                 "--title", "Plan ESS", stdout=out)  # fmt: skip
    assert Process.objects.get(pk=int(out.getvalue().strip())).workspace == cast.workspace


def test_create_process_command_needs_a_workspace_when_there_are_several(cast):
    make_template()
    argv = ["--template", "methode-test", "--territory", "epci:200069854", "--title", "Plan"]
    with pytest.raises(
        CommandError, match="Plusieurs espaces existent.*cress-voisine, grand-poitiers"
    ):
        call_command("create_process", *argv, stdout=StringIO())
    assert Process.objects.count() == 2  # the cast's two processes only


@pytest.mark.parametrize(
    "args,message",
    [
        (["--template", "inconnu"], "Modèle de méthode « inconnu » inconnu"),
        (["--territory", "epci:999999999"], "Aucun territoire « epci:999999999 »"),
        (["--territory", "canton:1"], "n’est pas une clé de territoire"),
        (["--start-date", "07/09/2026"], "Date de début « 07/09/2026 » invalide"),
        (["--title", "  "], "Le titre de la démarche ne peut pas être vide"),
        (["--workspace", "nulle-part"], "Espace « nulle-part » inconnu.*grand-poitiers"),
    ],
)
def test_create_process_command_bad_input(cast, args, message):
    make_template()
    base = {"--template": "methode-test", "--territory": "epci:200069854", "--title": "Plan",
            "--workspace": "grand-poitiers"}  # fmt: skip
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [item for pair in base.items() for item in pair]
    with pytest.raises(CommandError) as error:
        call_command("create_process", *argv, stdout=StringIO())
    assert re.search(message, plain(str(error.value)))
    assert not Process.objects.exclude(pk__in=[cast.process.pk, cast.elsewhere_process.pk]).exists()
