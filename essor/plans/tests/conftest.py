import datetime as dt
from dataclasses import dataclass

import pytest

from essor.decisions.models import Outcome

# The observatory's hand-built register, for the roadmap's diagnostic summary.
from essor.observatory.tests.conftest import france, imported, sirene_dir  # noqa: F401
from essor.plans import services, validation
from essor.plans.models import ActionStatus, Axis
from essor.plans.services import ActionData
from essor.synthesis import services as synthesis


@dataclass
class Setup:
    process: object
    plan: object
    axes: list
    actions: list
    departments: list
    organisations: list
    person: object
    cotech: object
    copil: object
    contributions: list


@pytest.fixture
def setup(cast):
    """The cast's process with a directory, COTECH/COPIL, contributions and a small plan."""
    from essor.bodies.models import Body, BodyKind
    from essor.contributions.services import add_contribution
    from essor.organisations.models import Organisation, OrganisationKind, Person

    process = cast.process
    departments = [
        Organisation.objects.create(
            workspace=cast.workspace, name=name, kind=OrganisationKind.DEPARTMENT
        )
        for name in ("Direction de l'économie", "Direction de la commande publique")
    ]
    organisations = [
        Organisation.objects.create(workspace=cast.workspace, name=name, kind=OrganisationKind.ESS)
        for name in ("Recyclerie du Clain", "SCIC Alimentation")
    ]
    process.organisations.add(*departments, *organisations)
    person = Person.objects.create(
        workspace=cast.workspace,
        first_name="Claude",
        last_name="Contributeur",
        organisation=organisations[0],
        user=cast.contributor,
    )
    cotech = Body.objects.create(
        process=process, kind=BodyKind.TECHNICAL, name="Comité technique", short_name="COTECH"
    )
    copil = Body.objects.create(
        process=process, kind=BodyKind.STEERING, name="Comité de pilotage", short_name="COPIL"
    )
    contributions = [
        add_contribution(process=process, text="Un lieu pour les acteurs de l'ESS"),
        add_contribution(process=process, text="Former les élus à l'ESS"),
    ]
    plan = services.create_plan(process=process, name="Plan d'action", actor=cast.facilitator)
    first = services.save_axis(
        Axis(plan=plan, number="1", title="Coopérer", vision="Un réseau vivant"),
        actor=cast.facilitator,
    )
    second = services.save_axis(Axis(plan=plan, number="2", title="Acheter responsable"),
                                actor=cast.facilitator)  # fmt: skip
    sub = services.save_axis(
        Axis(plan=plan, parent=first, number="1.1", title="Animer"), actor=cast.facilitator
    )
    levers = list(process.plan_levers.all())
    actions = [
        services.create_action(
            plan=plan,
            data=ActionData(
                fields={
                    "title": "Créer un club ESS",
                    "axis": sub,
                    "status": ActionStatus.RETAINED,
                    "description": "Réunir les acteurs",
                    "start_date": dt.date(2027, 1, 1),
                    "end_date": dt.date(2028, 12, 31),
                    "pilot_organisations": [organisations[0]],
                    "departments": [departments[0]],
                    "levers": [levers[5]],
                    "themes": ["coopération"],
                },
                children={
                    "indicators": [
                        {
                            "name": "Membres",
                            "unit": "nombre",
                            "baseline": 0,
                            "target": 40,
                            "target_year": 2028,
                        }
                    ],
                    "budget_lines": [
                        {"year": 2027, "nature": "operating", "planned": 10000, "actual": None}
                    ],
                },  # fmt: skip
            ),
            actor=cast.facilitator,
        ),
        services.create_action(
            plan=plan,
            data=ActionData(
                fields={"title": "Clauses sociales", "axis": second, "status": "retained"}
            ),
            actor=cast.facilitator,
        ),
        services.create_action(
            plan=plan,
            data=ActionData(
                fields={
                    "title": "Maison de l'ESS",
                    "axis": first,
                    "status": ActionStatus.NOT_RETAINED,
                    "status_reason": "Pas de local disponible",
                }
            ),
            actor=cast.facilitator,
        ),
    ]
    actions[0].contributions.add(contributions[0])
    return Setup(
        process, plan, [first, second, sub], actions, departments, organisations, person,
        cotech, copil, contributions,
    )  # fmt: skip


@pytest.fixture
def themes(setup, cast):
    """Two themes of the process's synthesis, each holding one contribution."""
    wall = synthesis.synthesis_for(setup.process)
    wall.include_other = True  # the setup's contributions were added by hand
    wall.save()
    place = synthesis.create_theme(wall, "Un lieu commun", actor=cast.facilitator)
    training = synthesis.create_theme(wall, "Former les élus", actor=cast.facilitator)
    synthesis.update_theme(
        place, title=place.title, summary="Un tiers-lieu pour se croiser.", actor=cast.facilitator
    )
    synthesis.place(wall, setup.contributions[0].pk, place, actor=cast.facilitator)
    synthesis.place(wall, setup.contributions[1].pk, training, actor=cast.facilitator)
    return [place, training]


def held_meeting(body, day=dt.date(2026, 3, 2), title=None):
    """A meeting of ``body`` that has taken place (a plan decision is taken at one)."""
    from django.utils import timezone

    from essor.meetings.models import Meeting, MeetingKind

    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
    return Meeting.objects.create(
        process=body.process, body=body, kind=MeetingKind.BODY_MEETING,
        title=title or f"Réunion du {body.short_name or body.name}", starts_at=starts_at,
    )  # fmt: skip


def decide(submission, actor, outcome=Outcome.VALIDATED, meeting=None, **extra):
    """Record the body's decision at one of its held meetings (a new one unless given)."""
    return validation.record_plan_decision(
        submission, outcome=outcome, meeting=meeting or held_meeting(submission.body),
        actor=actor, **extra,
    )  # fmt: skip


def validate(setup, cast, plan=None):
    """COTECH (favourable opinion) then COPIL validate the plan: it is frozen."""
    plan = plan or setup.plan
    for body in (setup.cotech, setup.copil):
        submission = validation.submit_plan(plan, body=body, actor=cast.facilitator)
        decide(submission, cast.facilitator)
    plan.refresh_from_db()
    assert plan.is_frozen
    return plan
