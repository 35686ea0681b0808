"""Pages and downloads with personal data, or reached through a personal token,
answer with ``Cache-Control: no-store`` (essor.core.caching.no_store)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from essor.bodies.tests.data import make_governance
from essor.core.caching import NO_STORE
from essor.meetings.services import renew_calendar_link
from essor.participation.services import join_workshop
from essor.surveys.tests.data import make_survey
from essor.workshops.services import create_workshop


@pytest.fixture
def world(cast):
    gov = make_governance(cast)
    srv = make_survey(cast, anonymous=False)
    workshop = create_workshop(process=cast.process, title="Atelier", questions=[])
    join_workshop(workshop, name="Lou")
    # The answer link lives until the meeting is over: the meeting is next week.
    gov.meeting.starts_at = timezone.now() + dt.timedelta(days=7)
    gov.meeting.ends_at = None
    gov.meeting.save()
    attendance = gov.meeting.attendances.get(person=gov.alice)
    attendance.rsvp_token = attendance.issue_rsvp_token()
    attendance.save()
    return {
        "gov": gov, "srv": srv, "workshop": workshop, "attendance": attendance,
        "process_feed": renew_calendar_link(cast.process, actor=None),
        "alice_feed": renew_calendar_link(gov.alice, actor=None),
    }  # fmt: skip


def _pages(cast, world):
    """(role, url) of every page and download that must not be stored."""
    gov, srv, workshop = world["gov"], world["srv"], world["workshop"]
    pid, sid = cast.process.pk, srv.survey.pk
    return [
        ("facilitator", reverse("organisations:person_list")),
        ("facilitator", reverse("organisations:person_edit", args=[gov.alice.pk])),
        ("facilitator", reverse("organisations:person_export", args=[gov.alice.pk])),
        ("contributor", reverse("meetings:detail", args=[pid, gov.meeting.pk])),
        ("facilitator", reverse("meetings:subscribe", args=[pid])),
        ("facilitator", reverse("meetings:attendance_sheet", args=[pid, gov.meeting.pk])),
        ("facilitator", reverse("meetings:attendance_export", args=[pid, gov.meeting.pk])),
        ("anonymous", reverse("meetings:ical_process", args=[pid, world["process_feed"]])),
        ("anonymous", reverse("meetings:ical_person", args=[world["alice_feed"]])),
        ("anonymous", reverse("meetings:rsvp", args=[world["attendance"].rsvp_token])),
        ("contributor", reverse("surveys:results", args=[pid, sid])),
        ("facilitator", reverse("surveys:export_csv", args=[pid, sid])),
        ("facilitator", reverse("surveys:export_xlsx", args=[pid, sid])),
        ("contributor", reverse("surveys:export_summary", args=[pid, sid])),
        ("facilitator", reverse("surveys:invitations", args=[pid, sid])),
        ("anonymous", reverse("surveys:answer", args=[srv.survey.public_token])),
        ("facilitator", reverse("participation:participants", args=[pid, workshop.pk])),
        ("facilitator", reverse("contributions:export", args=[pid])),
        ("facilitator", reverse("mobilisation:dashboard", args=[pid])),
        ("facilitator", reverse("mobilisation:export", args=[pid])),
        ("committee_member", reverse("bodies:detail", args=[pid, gov.copil.pk])),
        ("contributor", reverse("accounts:profile")),
        ("contributor", reverse("accounts:password_change")),
    ]


def test_personal_pages_and_downloads_are_not_stored(client_as, cast, world):
    checked = 0
    for role, url in _pages(cast, world):
        response = client_as(role).get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Cache-Control"] == NO_STORE, url
        checked += 1
    assert checked == 23


def test_ordinary_pages_keep_the_default_cache_headers(client_as, cast):
    response = client_as("contributor").get(reverse("processes:detail", args=[cast.process.pk]))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
