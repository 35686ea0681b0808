"""A published process with public and internal material of every kind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from essor.bodies.models import Body, BodyKind
from essor.contributions.models import Contribution
from essor.decisions.models import Decision, Outcome
from essor.followup import services as followup
from essor.followup.tests.conftest import followed  # noqa: F401
from essor.meetings.models import Audience, Meeting, MeetingKind
from essor.portal.models import PortalSettings
from essor.synthesis.models import Placement, Synthesis, Theme
from essor.territories.models import Territory

INTERNAL = [
    "Note interne du pilote",
    "Réunion des services",
    "À classer",
    "Une monnaie locale",  # not retained
    "Commentaire confidentiel",
]


@pytest.fixture
def published(cast, followed):  # noqa: F811
    process = cast.process
    process.is_published = True
    process.ambition = "<p>Une ESS forte.</p><p>Avec les acteurs.</p>"
    process.save()
    process.territories.add(Territory.objects.get(kind="commune", code="86194"))
    PortalSettings.objects.create(process=process, show_themes=True, show_decisions=True)
    when = timezone.now() + dt.timedelta(days=7)
    Meeting.objects.create(process=process, kind=MeetingKind.WORKSHOP, title="Atelier ouvert",
                           starts_at=when, audience=Audience.PUBLIC)  # fmt: skip
    Meeting.objects.create(process=process, kind=MeetingKind.WORKSHOP,
                           title="Réunion des services", starts_at=when,
                           audience=Audience.INTERNAL)  # fmt: skip
    synthesis = Synthesis.objects.create(process=process)
    bin_ = Theme.objects.create(synthesis=synthesis, title="À classer", is_unsorted=True)
    mobility = Theme.objects.create(synthesis=synthesis, title="Mobilités", letter="A", order=1,
                                    summary="Des navettes")  # fmt: skip
    for text, theme in [("Navettes", mobility), ("Covoiturage", mobility), ("Plus tard", bin_)]:
        contribution = Contribution.objects.create(process=process, text=text)
        Placement.objects.create(synthesis=synthesis, contribution=contribution, theme=theme)
    body = Body.objects.create(process=process, kind=BodyKind.STEERING, name="Comité de pilotage")
    Decision.objects.create(body=body, decided_on=dt.date(2026, 6, 1), outcome=Outcome.VALIDATED,
                            summary="Feuille de route validée",
                            comment="Commentaire confidentiel")  # fmt: skip
    actor = cast.facilitator
    followup.record_report(followed.place, year=2025, status="in_progress", progress=40,
                           note="Le lieu ouvre au printemps", note_is_public=True,
                           actor=actor)  # fmt: skip
    followup.record_report(followed.network, year=2025, status="blocked",
                           note="Note interne du pilote", actor=actor)  # fmt: skip
    followup.record_indicator_value(followed.jobs, year=2025, value=Decimal("22.5"), actor=actor)
    followup.record_indicator_value(followed.jobs, year=2025, value=Decimal(24), actor=actor)
    return process
