"""Governance data on top of the cast, shared by the bodies, meetings and decisions tests."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=PARIS)


def make_governance(cast) -> SimpleNamespace:
    from essor.bodies.models import Body, BodyKind, BodyMember
    from essor.decisions.models import Decision, Outcome
    from essor.meetings.models import Attendance, Audience, Meeting, MeetingKind
    from essor.organisations.models import Organisation, OrganisationKind, Person
    from essor.processes.models import Phase

    process = cast.process
    phase1 = Phase.objects.create(
        process=process, order=1, name="Dynamique interne",
        start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 3, 31),
    )  # fmt: skip
    phase2 = Phase.objects.create(
        process=process, order=2, name="Dynamique externe",
        start_date=dt.date(2026, 4, 1), end_date=dt.date(2026, 6, 30),
    )  # fmt: skip
    org = Organisation.objects.create(
        workspace=cast.workspace, name="Recyclerie du Clain", kind=OrganisationKind.ESS
    )
    process.organisations.add(org)
    alice = Person.objects.create(
        workspace=cast.workspace,
        first_name="Alice",
        last_name="Martin",
        organisation=org,
        user=cast.committee_member,
    )
    bob = Person.objects.create(workspace=cast.workspace, first_name="Bob", last_name="Durand")
    copil = Body.objects.create(
        process=process, kind=BodyKind.STEERING, name="Comité de pilotage", short_name="COPIL",
        mission="Fixer l'ambition politique.",
    )  # fmt: skip
    BodyMember.objects.create(body=copil, person=alice, role="Présidente")
    meeting = Meeting.objects.create(
        process=process, phase=phase1, body=copil, kind=MeetingKind.BODY_MEETING,
        title="COPIL n°1", starts_at=paris("2026-01-15", 14), ends_at=paris("2026-01-15", 16),
        place="Hôtel de ville", online_url="https://visio.example.org/copil",
        audience=Audience.BODY, agenda="<p>Ordre du jour public</p>",
        minutes="<p>Compte rendu confidentiel</p>",
    )  # fmt: skip
    Attendance.objects.create(meeting=meeting, person=alice, status=Attendance.Status.PRESENT)
    workshop = Meeting.objects.create(
        process=process, kind=MeetingKind.WORKSHOP, title="Atelier acteurs",
        starts_at=paris("2026-07-02", 18), ends_at=paris("2026-07-02", 20),
    )  # fmt: skip
    Attendance.objects.create(meeting=workshop, person=bob)
    decision = Decision.objects.create(
        body=copil, meeting=meeting, decided_on=dt.date(2026, 1, 15),
        summary="Proposition d'intervention validée", outcome=Outcome.VALIDATED,
    )  # fmt: skip
    return SimpleNamespace(
        process=process, phase1=phase1, phase2=phase2, org=org, alice=alice, bob=bob,
        copil=copil, meeting=meeting, workshop=workshop, decision=decision,
    )  # fmt: skip
