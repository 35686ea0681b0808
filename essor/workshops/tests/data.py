"""A workshop on top of the cast: two questions, a directory organisation, a free calendar entry."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def make_workshop(cast) -> SimpleNamespace:
    from essor.meetings.models import Meeting, MeetingKind
    from essor.organisations.models import Organisation, OrganisationKind
    from essor.processes.models import WorkshopTemplate
    from essor.workshops.services import create_workshop

    process = cast.process
    org = Organisation.objects.create(
        workspace=cast.workspace, name="Recyclerie du Clain", kind=OrganisationKind.ESS
    )
    process.organisations.add(org)
    template = WorkshopTemplate.objects.create(
        process=process, order=1, title="Atelier services", audience="departments",
        objectives="Faire l'état des actions.",
        questions=["Quelles actions existent ?", "Quels freins et leviers ?"],
    )  # fmt: skip
    meeting = Meeting.objects.create(
        process=process, kind=MeetingKind.WORKSHOP, title="Atelier acteurs du 2 juillet",
        starts_at=dt.datetime(2026, 7, 2, 18, tzinfo=PARIS),
        ends_at=dt.datetime(2026, 7, 2, 20, tzinfo=PARIS),
    )  # fmt: skip
    workshop = create_workshop(
        process=process,
        title="Atelier acteurs",
        date=dt.date(2026, 6, 4),
        questions=["Quels besoins des structures ?", "Quelles coopérations ?"],
        objectives="Recueillir les besoins.",
    )
    q1, q2 = workshop.questions.all()
    return SimpleNamespace(
        process=process, org=org, template=template, meeting=meeting, workshop=workshop,
        q1=q1, q2=q2,
    )  # fmt: skip
