"""A second workspace for the demo: another authority with its own process, directory and
facilitator, so that the isolation of workspaces can be seen (and is tested)."""

from __future__ import annotations

import datetime as dt

from essor.accounts.models import User
from essor.bodies.models import Body, BodyKind, BodyMember
from essor.methods.models import MethodTemplate
from essor.organisations.models import EssFamily, Organisation, OrganisationKind, Person
from essor.processes.models import Membership, Process, ProcessStatus, Role
from essor.processes.services import create_process_from_template
from essor.territories.lookup import resolve_key
from essor.workspaces.models import Workspace, WorkspaceRole
from essor.workspaces.services import join_workspace

SECOND_WORKSPACE_SLUG = "grand-chatellerault"
SECOND_TITLE = "Feuille de route ESS du Grand Châtellerault"
SECOND_USERS = [
    # email, full name, process role
    ("animateur.chatellerault@essor.demo", "Yann Le Gall", Role.FACILITATOR),
]
ORGANISATIONS = [
    ("Direction de l’attractivité du Grand Châtellerault", OrganisationKind.DEPARTMENT,
     EssFamily.NOT_ESS),
    ("Ressourcerie châtelleraudaise", OrganisationKind.ESS, EssFamily.ASSOCIATION),
    ("SCIC Bois et bocage", OrganisationKind.ESS, EssFamily.COOPERATIVE),
]  # fmt: skip
PEOPLE = [
    # first name, last name, organisation index, role/title
    ("Martine", "Chauvet", 0, "Vice-présidente à l’économie"),
    ("Bruno", "Texier", 1, "Directeur"),
    ("Lina", "Benali", 2, "Sociétaire salariée"),
]


def build_second_workspace(password: str, template_slug: str, today: dt.date) -> Process:
    """The Grand Châtellerault workspace (idempotent), with its own facilitator as admin; its
    process started four weeks before ``today``, the day the demo is loaded."""
    workspace, _created = Workspace.objects.get_or_create(
        slug=SECOND_WORKSPACE_SLUG, defaults={"name": "Grand Châtellerault"}
    )
    email, full_name, _role = SECOND_USERS[0]
    facilitator = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password, full_name=full_name
    )
    join_workspace(workspace, facilitator, WorkspaceRole.ADMIN)
    organisations = [
        Organisation.objects.get_or_create(
            workspace=workspace, name=name, defaults={"kind": kind, "ess_family": family,
                                                      "commune": resolve_key("commune:86066")},
        )[0]
        for name, kind, family in ORGANISATIONS
    ]  # fmt: skip
    people = [
        Person.objects.get_or_create(
            workspace=workspace, first_name=first, last_name=last,
            defaults={"organisation": organisations[index], "role_title": title,
                      "email": f"{first}.{last}@exemple.org".lower()},
        )[0]
        for first, last, index, title in PEOPLE
    ]  # fmt: skip
    process = Process.objects.filter(workspace=workspace, title=SECOND_TITLE).first()
    if process is None:
        process = create_process_from_template(
            workspace=workspace,
            template=MethodTemplate.objects.filter(slug=template_slug).first(),
            title=SECOND_TITLE,
            territories=[resolve_key("epci:248600413")],
            created_by=facilitator,
            start_date=today - dt.timedelta(weeks=4),
        )
        process.status = ProcessStatus.ONGOING
        process.save(update_fields=["status"])
    Membership.objects.get_or_create(
        process=process, user=facilitator, defaults={"role": Role.FACILITATOR}
    )
    process.organisations.add(*organisations)
    copil = process.bodies.filter(kind=BodyKind.STEERING).first() or Body.objects.create(
        process=process, kind=BodyKind.STEERING, name="Comité de pilotage", short_name="COPIL"
    )
    for person in people:
        BodyMember.objects.get_or_create(body=copil, person=person, defaults={"role": "Membre"})
    return process
