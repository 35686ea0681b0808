import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from essor.contributions.services import add_contribution, set_withdrawn
from essor.meetings.models import Audience, Meeting, MeetingKind
from essor.plans.tests.conftest import setup, themes, validate  # noqa: F401
from essor.processes.models import Phase
from essor.synthesis import services as synthesis


@dataclass
class Public:
    process: object
    plan: object
    themes: list
    meetings: dict


def meeting(process, title, audience, days, **fields):
    return Meeting.objects.create(
        process=process, kind=MeetingKind.WORKSHOP, title=title, audience=audience,
        starts_at=timezone.now() + dt.timedelta(days=days), **fields,
    )  # fmt: skip


@pytest.fixture
def public(setup, themes, cast):  # noqa: F811 (the plans fixtures imported above)
    """The cast's process, published, with all a portal shows and internal material around:
    phases, public and internal meetings, themes with a named author's contribution, a
    set-aside and a withdrawn one, a validated roadmap with a not-retained action."""
    process = setup.process
    today = timezone.localdate()
    Phase.objects.create(process=process, order=1, name="Diagnostic partagé",
                         start_date=today - dt.timedelta(days=90),
                         end_date=today - dt.timedelta(days=30))  # fmt: skip
    Phase.objects.create(process=process, order=2, name="Ateliers de co-construction",
                         start_date=today - dt.timedelta(days=29),
                         end_date=today + dt.timedelta(days=30))  # fmt: skip
    Phase.objects.create(process=process, order=3, name="Rédaction du plan",
                         start_date=today + dt.timedelta(days=31))  # fmt: skip
    meetings = {
        "open": meeting(process, "Forum ouvert ESS", Audience.PUBLIC, 10,
                        place="Salle des fêtes", online_url="https://visio.example.org/secret",
                        description="<p>Venez nombreux</p>"),
        "past": meeting(process, "Réunion publique de lancement", Audience.PUBLIC, -60),
        "internal": meeting(process, "Réunion des services confidentielle", Audience.INTERNAL, 5),
    }  # fmt: skip
    wall = synthesis.synthesis_for(process)
    named = add_contribution(process=process, text="Une monnaie locale citoyenne",
                             author_person=setup.person,
                             author_organisation=setup.organisations[0])  # fmt: skip
    synthesis.place(wall, named.pk, themes[0], actor=cast.facilitator)
    withdrawn = add_contribution(process=process, text="Texte retiré par son auteur")
    synthesis.place(wall, withdrawn.pk, themes[0], actor=cast.facilitator)
    set_withdrawn(withdrawn, True, actor=cast.facilitator)
    aside = add_contribution(process=process, text="Hors sujet mis de côté")
    synthesis.place(wall, aside.pk, None, actor=cast.facilitator)  # set aside
    plan = validate(setup, cast)
    process.is_published = True
    process.save()
    return Public(process, plan, themes, meetings)
