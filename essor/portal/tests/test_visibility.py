"""What the public sees of a process: one definition, part by part, nothing when unpublished."""

import datetime as dt

import pytest
from django.utils import timezone

from essor.bodies.models import Body, BodyKind
from essor.contributions.models import Contribution
from essor.decisions.models import Decision, Outcome
from essor.meetings.models import Audience, Meeting, MeetingKind
from essor.portal import visibility
from essor.portal.models import PortalSettings
from essor.synthesis.models import Placement, Synthesis, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(cast):
    """A process with a public and an internal meeting, two themes, a bin and a decision."""
    process = cast.process
    when = timezone.now() + dt.timedelta(days=7)
    Meeting.objects.create(
        process=process, kind=MeetingKind.WORKSHOP, title="Atelier ouvert", starts_at=when,
        audience=Audience.PUBLIC,
    )  # fmt: skip
    Meeting.objects.create(
        process=process, kind=MeetingKind.WORKSHOP, title="Réunion des services", starts_at=when,
        audience=Audience.INTERNAL,
    )  # fmt: skip
    synthesis = Synthesis.objects.create(process=process)
    bin_ = Theme.objects.create(synthesis=synthesis, title="À classer", is_unsorted=True)
    mobility = Theme.objects.create(synthesis=synthesis, title="Mobilités", letter="A", order=1)
    funding = Theme.objects.create(synthesis=synthesis, title="Financement", letter="B", order=2)
    texts = {}
    for text, theme, aside in [
        ("Navettes vers les zones d'activité", mobility, False),
        ("Covoiturage solidaire", mobility, False),
        ("Hors sujet : le stationnement", mobility, True),
        ("Fonds de garantie", funding, False),
        ("À trier plus tard", bin_, False),
    ]:
        contribution = Contribution.objects.create(process=process, text=text)
        Placement.objects.create(
            synthesis=synthesis,
            contribution=contribution,
            theme=None if aside else theme,
            set_aside=aside,
        )
        texts[text] = contribution
    body = Body.objects.create(process=process, kind=BodyKind.STEERING, name="Comité de pilotage")
    Decision.objects.create(
        body=body, decided_on=dt.date(2026, 6, 1), summary="Feuille de route validée",
        outcome=Outcome.VALIDATED,
    )  # fmt: skip
    return process


def test_an_unpublished_process_shows_nothing_whatever_its_settings(heard):
    PortalSettings.objects.create(process=heard, **{part: True for part in PortalSettings.PARTS})
    heard.refresh_from_db()
    assert not visibility.public_meetings(heard).exists()
    assert not visibility.public_themes(heard).exists()
    assert not visibility.public_contributions(heard).exists()
    assert not visibility.public_decisions(heard).exists()
    assert not visibility.shows(heard, "roadmap")


def test_defaults_show_the_public_calendar_diagnostic_and_roadmap_only(
    heard, django_assert_num_queries
):
    heard.is_published = True
    heard.save()
    with django_assert_num_queries(1):  # looking for settings; the defaults are never saved
        settings = visibility.settings_for(heard)
    assert settings.pk is None and not PortalSettings.objects.exists()
    assert [m.title for m in visibility.public_meetings(heard, settings)] == ["Atelier ouvert"]
    assert visibility.shows(heard, "diagnostic", settings)
    assert visibility.shows(heard, "roadmap", settings)
    assert not visibility.public_themes(heard, settings).exists()
    assert not visibility.public_decisions(heard, settings).exists()


def test_themes_count_their_lines_and_contributions_need_the_themes_shown(heard):
    heard.is_published = True
    heard.save()
    settings = PortalSettings.objects.create(process=heard, show_themes=True)
    themes = visibility.public_themes(heard, settings)
    assert [(t.title, t.contribution_count) for t in themes] == [
        ("Mobilités", 2),
        ("Financement", 1),
    ]
    assert not visibility.public_contributions(heard, settings).exists()
    settings.show_contributions = True
    assert sorted(c.text for c in visibility.public_contributions(heard, settings)) == [
        "Covoiturage solidaire",
        "Fonds de garantie",
        "Navettes vers les zones d'activité",
    ]
    settings.show_themes = False
    assert not visibility.public_contributions(heard, settings).exists()


def test_decisions_show_when_the_facilitator_says_so(heard, cast):
    heard.is_published = True
    heard.save()
    settings = PortalSettings.objects.create(process=heard, show_decisions=True)
    assert [d.summary for d in visibility.public_decisions(heard, settings)] == [
        "Feuille de route validée"
    ]
    assert not visibility.public_decisions(cast.elsewhere_process).exists()
