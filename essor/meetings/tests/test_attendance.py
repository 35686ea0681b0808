"""Nobody is present at a meeting that has not taken place yet."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from essor.core.tests.french import plain
from essor.meetings import services
from essor.meetings.models import Attendance, Meeting, MeetingKind


@pytest.fixture
def upcoming(gov):
    """A COPIL meeting next week, with Alice expected."""
    meeting = Meeting.objects.create(
        process=gov.process, body=gov.copil, kind=MeetingKind.BODY_MEETING, title="COPIL n°2",
        starts_at=timezone.now() + dt.timedelta(days=7),
    )  # fmt: skip
    meeting.attendances.create(person=gov.alice)
    return meeting


def _page(client, gov, meeting) -> str:
    url = reverse("meetings:detail", args=[gov.process.pk, meeting.pk])
    return client.get(url).content.decode()


def _save(client, gov, meeting, attendance, status):
    url = reverse("meetings:attendance", args=[gov.process.pk, meeting.pk])
    return client.post(url, {f"status-{attendance.pk}": status}, follow=True)


def test_present_is_not_offered_before_the_meeting(client_as, gov, upcoming):
    client = client_as("facilitator")
    attendance = upcoming.attendances.get()
    page = _page(client, gov, upcoming)
    assert f'id="status-{attendance.pk}-excused"' in page
    assert f'id="status-{attendance.pk}-present"' not in page
    assert "La réunion n’a pas encore eu lieu" in page
    held = gov.meeting.attendances.get()
    assert f'id="status-{held.pk}-present"' in _page(client, gov, gov.meeting)


def test_present_is_refused_before_the_meeting_and_accepted_after(client_as, gov, upcoming):
    client = client_as("facilitator")
    attendance = upcoming.attendances.get()
    response = _save(client, gov, upcoming, attendance, "present")
    message = (
        "Impossible de cocher la présence de Alice Martin : la réunion n’a pas encore eu lieu."
    )
    assert message in plain(response)
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.EXPECTED
    _save(client, gov, upcoming, attendance, "excused")
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.EXCUSED
    held = gov.workshop.attendances.get()  # a past workshop, Bob expected
    _save(client, gov, gov.workshop, held, "present")
    held.refresh_from_db()
    assert held.status == Attendance.Status.PRESENT


def test_service_refuses_present_before_the_meeting(gov, upcoming, cast):
    attendance = upcoming.attendances.get()
    with pytest.raises(ValidationError):
        services.record_attendance(
            upcoming, {attendance.pk: Attendance.Status.PRESENT}, actor=cast.facilitator
        )
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.EXPECTED
