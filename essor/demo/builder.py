"""The demo process loaded by `make run`: a living example for newcomers.

A fictional but realistic ESS action-plan process for the Grand Poitiers
urban community and the city of Poitiers (real territories, fictional
organisations and people), built from the consultancy method template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from essor.accounts.models import User
from essor.bodies.models import Body, BodyKind, BodyMember
from essor.core.text import fold
from essor.decisions.models import Outcome
from essor.decisions.services import record_decision
from essor.demo.concertation import build_concertation
from essor.demo.second_workspace import build_second_workspace
from essor.followup.demo import build_followup_demo
from essor.meetings.models import Attendance, Audience, Meeting, MeetingKind
from essor.methods.models import MethodTemplate
from essor.organisations.models import EssFamily, Organisation, OrganisationKind, Person
from essor.plans.demo import build_demo_plan
from essor.processes.models import Membership, Process, ProcessStatus, Role
from essor.processes.services import create_process_from_template
from essor.synthesis.demo import build_synthesis
from essor.territories.lookup import resolve_key
from essor.workspaces.models import Workspace
from essor.workspaces.services import join_workspace

PARIS = ZoneInfo("Europe/Paris")
DEMO_TITLE = "Plan d’action ESS du Grand Poitiers et de la Ville de Poitiers"
DEMO_PASSWORD = "essor-demo"  # noqa: S105 — documented demo password, local use only
DEMO_TEMPLATE = "methode-cabinet-3-phases"
DEMO_WORKSPACE_SLUG = "grand-poitiers"
DEMO_USERS = [
    # email, full name, process role (None = platform admin)
    ("admin@essor.demo", "Alix Administratrice", None),
    ("animatrice@essor.demo", "Nadia Berthelot", Role.FACILITATOR),
    ("copil@essor.demo", "Jean-Marc Lefèvre", Role.COMMITTEE_MEMBER),
    ("contributeur@essor.demo", "Sophie Ménard", Role.CONTRIBUTOR),
]

AMBITION = (
    "<p>Un <strong>premier plan d’action</strong> à deux échelles, la Ville et la "
    "communauté urbaine : l’ambition doit rester réaliste au regard de la maturité "
    "du territoire.</p><ul><li>Une démarche ouverte, construite avec les acteurs de "
    "l’ESS et les directions.</li><li>Pas seulement une lecture par les financements : "
    "commande publique, foncier, coopérations.</li></ul>"
)

# name, kind, family, SIRET (fictional, checksum-valid), legal category, NAF, commune
ORGANISATIONS = [
    ("Direction du développement économique", OrganisationKind.DEPARTMENT,
     EssFamily.NOT_ESS, "", "", "", "86194"),
    ("Direction de la commande publique", OrganisationKind.DEPARTMENT,
     EssFamily.NOT_ESS, "", "", "", "86194"),
    ("Direction des solidarités et de la vie associative", OrganisationKind.DEPARTMENT,
     EssFamily.NOT_ESS, "", "", "", "86194"),
    ("Chambre régionale de l’ESS (fictive)", OrganisationKind.NETWORK,
     EssFamily.ASSOCIATION, "93621374300011", "9220", "94.99Z", "86194"),
    ("Recyclerie du Clain", OrganisationKind.ESS,
     EssFamily.ASSOCIATION, "81331152900016", "9220", "38.32Z", "86194"),
    ("SCIC Alimentation Vienne", OrganisationKind.ESS,
     EssFamily.COOPERATIVE, "95612210500011", "5560", "46.31Z", "86194"),
    ("SCOP Mobilités douces", OrganisationKind.ESS,
     EssFamily.COOPERATIVE, "89996470400014", "5458", "77.21Z", "86194"),
    ("Mutuelle solidaire du Poitou", OrganisationKind.ESS,
     EssFamily.MUTUAL, "85528662100013", "8210", "65.12Z", "86194"),
    ("Fondation Habitat partagé", OrganisationKind.ESS,
     EssFamily.FOUNDATION, "88432823800016", "9300", "68.20B", "86194"),
    ("Tiers-lieu des Couronneries", OrganisationKind.ESS,
     EssFamily.ASSOCIATION, "81964970800016", "9220", "94.99Z", "86194"),
    ("Club des entreprises du Grand Poitiers", OrganisationKind.BUSINESS,
     EssFamily.NOT_ESS, "89181990600019", "5710", "94.11Z", "86194"),
    ("Collectif citoyen Énergies partagées", OrganisationKind.CITIZENS,
     EssFamily.NOT_ESS, "", "", "", "86194"),
]  # fmt: skip

# first name, last name, organisation index, role/title, demo account email
PEOPLE = [
    ("Hélène", "Garnier", 0, "Vice-présidente déléguée à l’ESS", None),
    ("Jean-Marc", "Lefèvre", 0, "Directeur du développement économique", "copil@essor.demo"),
    ("Nadia", "Berthelot", 0, "Chargée de mission ESS", "animatrice@essor.demo"),
    ("Karim", "Haddad", 2, "Chargé de mission vie associative", None),
    ("Claire", "Morin", 1, "Responsable des achats responsables", None),
    ("Paul", "Rivière", 3, "Chargé de développement territorial", None),
    ("Sophie", "Ménard", 4, "Coordinatrice", "contributeur@essor.demo"),
    ("Thomas", "Bernard", 5, "Gérant", None),
    ("Inès", "Dupuis", 6, "Co-gérante", None),
    ("Louis", "Perrin", 9, "Animateur du tiers-lieu", None),
]


# The story is written as seen on this day: in the second phase, between the first
# actors' workshop (held) and the second (to come). Loading the demo moves every date
# by whole weeks (weekdays kept) so that the story holds on the day it is loaded.
REFERENCE_DAY = dt.date(2026, 11, 16)
# The facilitator's calendar of the three phases (adjusted from the template's durations).
PHASE_DATES = [
    ("2026-09-07", "2026-10-25"),
    ("2026-10-26", "2027-01-17"),
    ("2027-01-18", "2027-06-30"),
]


@dataclass(frozen=True)
class DemoCalendar:
    """The dates of the story, moved to the day the demo is loaded."""

    today: dt.date

    @property
    def shift(self) -> dt.timedelta:
        return dt.timedelta(weeks=round((self.today - REFERENCE_DAY).days / 7))

    def day(self, iso: str) -> dt.date:
        return dt.date.fromisoformat(iso) + self.shift

    def at(self, iso: str, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.day(iso), dt.time(hour, minute), tzinfo=PARIS)


def demo_email(first: str, last: str) -> str:
    """first.last@exemple.org with an ASCII local part ("Hélène" -> "helene")."""
    return ".".join("-".join(fold(part).split()) for part in (first, last)) + "@exemple.org"


def demo_exists() -> bool:
    return Process.objects.filter(title=DEMO_TITLE).exists()


@transaction.atomic
def build_demo(today: dt.date | None = None) -> Process:
    """Create the demo users, directory, process, bodies, calendar and decisions, dated
    around ``today`` (the day it is loaded by default)."""
    calendar_of = DemoCalendar(today or timezone.localdate())
    _at = calendar_of.at
    users = {}
    for email, full_name, role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            if role is None:
                user = User.objects.create_superuser(email, DEMO_PASSWORD, full_name=full_name)
            else:
                user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        users[email] = user
    facilitator = users["animatrice@essor.demo"]
    workspace, _created = Workspace.objects.get_or_create(
        slug=DEMO_WORKSPACE_SLUG, defaults={"name": "Grand Poitiers"}
    )
    for email, _name, role in DEMO_USERS:
        if role is not None:
            admin = role == Role.FACILITATOR  # the project lead administers the workspace
            join_workspace(workspace, users[email], "admin" if admin else "member")

    epci = resolve_key("epci:200069854")
    city = resolve_key("commune:86194")
    organisations = []
    for name, kind, family, siret, category, naf, commune in ORGANISATIONS:
        org, _created = Organisation.objects.get_or_create(
            workspace=workspace,
            name=name,
            defaults={
                "kind": kind,
                "ess_family": family,
                "siret": siret,
                "legal_category": category,
                "naf_code": naf,
                "commune": resolve_key(f"commune:{commune}"),
            },
        )
        organisations.append(org)
    people = []
    for first, last, org_index, title, email in PEOPLE:
        person, _created = Person.objects.get_or_create(
            workspace=workspace,
            first_name=first,
            last_name=last,
            defaults={
                "organisation": organisations[org_index],
                "role_title": title,
                "email": email or demo_email(first, last),
                "user": users.get(email) if email else None,
            },
        )
        people.append(person)

    template = MethodTemplate.objects.get(slug=DEMO_TEMPLATE)
    process = create_process_from_template(
        workspace=workspace,
        template=template,
        title=DEMO_TITLE,
        territories=[epci, city],
        created_by=facilitator,
        start_date=calendar_of.day(PHASE_DATES[0][0]),
        ambition=AMBITION,
    )
    process.status = ProcessStatus.ONGOING
    process.is_published = True
    process.end_date = calendar_of.day(PHASE_DATES[-1][1])
    process.save()
    for phase_row, (start, end) in zip(process.phases.order_by("order"), PHASE_DATES, strict=False):
        phase_row.start_date, phase_row.end_date = calendar_of.day(start), calendar_of.day(end)
        phase_row.save(update_fields=["start_date", "end_date"])
    process.organisations.set(organisations)
    for email, _name, role in DEMO_USERS:
        if role is not None:
            Membership.objects.update_or_create(
                process=process, user=users[email], defaults={"role": role}
            )

    copil = process.bodies.filter(kind=BodyKind.STEERING).first() or Body.objects.create(
        process=process, kind=BodyKind.STEERING, name="Comité de pilotage", short_name="COPIL"
    )
    cotech = process.bodies.filter(kind=BodyKind.TECHNICAL).first() or Body.objects.create(
        process=process, kind=BodyKind.TECHNICAL, name="Comité technique", short_name="COTECH"
    )
    for person, role in [(people[0], "Présidente"), (people[1], "Membre"), (people[2], "Membre"),
                         (people[5], "Membre invité")]:  # fmt: skip
        BodyMember.objects.get_or_create(body=copil, person=person, defaults={"role": role})
    for person, role in [(people[2], "Animatrice"), (people[3], "Membre"), (people[4], "Membre"),
                         (people[5], "Membre"), (people[6], "Membre")]:  # fmt: skip
        BodyMember.objects.get_or_create(body=cotech, person=person, defaults={"role": role})

    phases = list(process.phases.order_by("order"))

    def phase(index: int):
        return phases[min(index, len(phases) - 1)] if phases else None

    place = "Hôtel de ville de Poitiers, salle du conseil"
    calendar = [
        # kind, title, phase index, body, start, end, place, audience
        (MeetingKind.BODY_MEETING, "COPIL n°1 : lancement et proposition d’intervention", 0,
         copil, _at("2026-09-10", 10), _at("2026-09-10", 12), place, Audience.BODY),
        (MeetingKind.LAUNCH, "Lancement de la démarche avec les acteurs", 0, None,
         _at("2026-09-17", 18), _at("2026-09-17", 20), "Tiers-lieu des Couronneries",
         Audience.JOINT),
        (MeetingKind.DEPARTMENT_MEETING, "Rencontres avec les directions", 0, None,
         _at("2026-09-24", 9), _at("2026-09-24", 17), "Hôtel de ville, bureau 214",
         Audience.INTERNAL),
        (MeetingKind.WORKSHOP, "Atelier directions 1 : état des lieux, freins et leviers", 0,
         None, _at("2026-10-01", 14), _at("2026-10-01", 17), place, Audience.INTERNAL),
        (MeetingKind.BODY_MEETING, "COTECH n°1 : organisation des ateliers", 0, cotech,
         _at("2026-10-06", 9, 30), _at("2026-10-06", 11, 30), "Visioconférence", Audience.BODY),
        (MeetingKind.WORKSHOP, "Atelier directions 2 : construire l’action", 0, None,
         _at("2026-10-15", 14), _at("2026-10-15", 17), place, Audience.INTERNAL),
        (MeetingKind.WORKSHOP, "Atelier acteurs 1 : parcours d’accompagnement", 1, None,
         _at("2026-11-05", 18), _at("2026-11-05", 20, 30), "Recyclerie du Clain",
         Audience.ACTORS),
        (MeetingKind.WORKSHOP, "Atelier acteurs 2 : coopérations entre acteurs", 1, None,
         _at("2026-11-26", 18), _at("2026-11-26", 20, 30), "Tiers-lieu des Couronneries",
         Audience.ACTORS),
        (MeetingKind.BODY_MEETING, "COTECH n°2 : scénarios du plan", 1, cotech,
         _at("2026-12-08", 9, 30), _at("2026-12-08", 12), "Hôtel de ville, salle 3",
         Audience.BODY),
        (MeetingKind.WORKSHOP, "Atelier mixte : partager la projection", 1, None,
         _at("2027-01-14", 14), _at("2027-01-14", 17, 30), place, Audience.JOINT),
        (MeetingKind.WRITING, "Rédaction de la feuille de route", 2, None,
         _at("2027-01-18", 9), _at("2027-02-12", 18), "", Audience.INTERNAL),
        (MeetingKind.BODY_MEETING, "COTECH n°3 : réorientations", 2, cotech,
         _at("2027-02-16", 9, 30), _at("2027-02-16", 12), "Visioconférence", Audience.BODY),
        (MeetingKind.BODY_MEETING, "COPIL n°2 : validation du plan d’action", 2, copil,
         _at("2027-03-02", 10), _at("2027-03-02", 12), place, Audience.BODY),
        (MeetingKind.REPORT_BACK, "Restitution publique de la feuille de route", 2, None,
         _at("2027-03-18", 18), _at("2027-03-18", 20), "Maison de la Gibauderie",
         Audience.PUBLIC),
        (MeetingKind.COUNCIL_VOTE, "Vote en conseil communautaire", 2, None,
         _at("2027-03-26", 18), _at("2027-03-26", 21), "Hôtel de la communauté urbaine",
         Audience.ELECTED),
        (MeetingKind.FOLLOW_UP, "Comité de suivi annuel", 2, None,
         _at("2027-06-17", 14), _at("2027-06-17", 16), place, Audience.JOINT),
    ]  # fmt: skip
    meetings = []
    for kind, title, phase_index, body, start, end, where, audience in calendar:
        meeting = Meeting.objects.create(
            process=process,
            phase=phase(phase_index),
            body=body,
            kind=kind,
            title=title,
            starts_at=start,
            ends_at=end,
            place=where,
            online_url="https://visio.exemple.org/essor-demo" if where == "Visioconférence" else "",
            audience=audience,
        )
        if body is not None:
            for member in body.members.all():
                Attendance.objects.create(meeting=meeting, person=member.person)
        meetings.append(meeting)

    first_copil = meetings[0]
    first_copil.agenda = (
        "<ol><li>Ambition politique de la démarche</li><li>Proposition d’intervention"
        "</li><li>Personnes à mobiliser et livrables</li></ol>"
    )
    first_copil.minutes = (
        "<p>Le COPIL confirme un premier plan à deux échelles et une démarche ouverte.</p>"
    )
    first_copil.save()
    first_copil.attendances.update(status=Attendance.Status.PRESENT)
    first_copil.attendances.filter(person=people[5]).update(status=Attendance.Status.EXCUSED)
    meetings[4].attendances.update(status=Attendance.Status.PRESENT)

    build_concertation(
        process,
        organisations=organisations,
        people=people,
        meetings=meetings,
        facilitator=facilitator,
    )
    # The residents' workshop of the concertation phase, held after the actors' one.
    build_synthesis(process, facilitator=facilitator, held_on=calendar_of.day("2026-11-10"))
    record_decision(
        body=copil,
        meeting=first_copil,
        decided_on=calendar_of.day("2026-09-10"),
        summary="La proposition d’intervention et le calendrier de la démarche sont validés.",
        outcome=Outcome.VALIDATED,
        subject_label="Proposition d’intervention",
        recorded_by=facilitator,
    )
    record_decision(
        body=cotech,
        meeting=meetings[4],
        decided_on=calendar_of.day("2026-10-06"),
        summary="Deux ateliers acteurs en soirée ; invitations envoyées par la CRESS.",
        outcome=Outcome.NOTED,
        subject_label="Organisation des ateliers",
        recorded_by=facilitator,
    )
    build_demo_plan(process, facilitator=facilitator, shift=calendar_of.shift,
                    today=calendar_of.today)  # fmt: skip
    build_second_workspace(DEMO_PASSWORD, DEMO_TEMPLATE, today=calendar_of.today)
    build_followup_demo(
        workspace=workspace,
        users=users,
        people=people,
        organisations=organisations,
        territories=[city],
        template=template,
        today=calendar_of.today,
    )
    return process
