"""Meetings at the edges of the calendar: the feeds keep answering, the form refuses them."""

import datetime as dt

import icalendar
from django.urls import reverse

from essor.bodies.tests.data import paris
from essor.meetings.models import Attendance, Meeting, MeetingKind
from essor.meetings.services import renew_calendar_link


def _feeds(client, gov):
    process = gov.process
    process_token = renew_calendar_link(process, actor=None)
    person_token = renew_calendar_link(gov.alice, actor=None)
    return [
        client.get(reverse("meetings:ical_process", args=[process.pk, process_token])),
        client.get(reverse("meetings:ical_person", args=[person_token])),
    ]


def test_feed_answers_with_a_meeting_in_year_9999(client, gov):
    late = Meeting.objects.create(
        process=gov.process, kind=MeetingKind.WORKSHOP, title="Fin des temps",
        starts_at=paris("9999-12-31", 23, 30),
    )  # fmt: skip
    Attendance.objects.create(meeting=late, person=gov.alice)
    for response in _feeds(client, gov):
        assert response.status_code == 200
        calendar = icalendar.Calendar.from_ical(response.content)
        events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
        assert "COPIL n°1" in events
        assert events["Fin des temps"]["dtstart"].dt.year == 9999
        assert events["Fin des temps"]["dtend"].dt > events["Fin des temps"]["dtstart"].dt


def test_feed_answers_with_a_meeting_at_the_very_ends_of_time(client, gov):
    # Stored in UTC at the limits, these cannot even be shown in Paris time:
    # the feed leaves them out instead of failing for every subscriber.
    for title, moment in (
        ("Trop tard", dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC)),
        ("Trop tôt", dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC)),
    ):
        Meeting.objects.create(
            process=gov.process, kind=MeetingKind.WORKSHOP, title=title, starts_at=moment
        )
    response = _feeds(client, gov)[0]
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    titles = {str(e["summary"]) for e in events}
    assert "COPIL n°1" in titles
    assert "Trop tard" not in titles


def test_meeting_form_refuses_absurd_years(client_as, gov):
    client = client_as("facilitator")
    url = reverse("meetings:create", args=[gov.process.pk])
    before = Meeting.objects.count()
    for day in ("9999-12-31", "0001-01-01", "2301-05-01"):
        response = client.post(
            url,
            {"kind": MeetingKind.WORKSHOP, "title": "Réunion", "date": day, "start_time": "10:00"},
        )
        assert response.status_code == 200
        assert "Indiquez une année entre" in response.content.decode()
    assert Meeting.objects.count() == before
    valid = {"kind": MeetingKind.WORKSHOP, "title": "Réunion", "start_time": "10:00"}
    response = client.post(url, {**valid, "date": "2027-03-01"})
    assert response.status_code == 302
    assert Meeting.objects.count() == before + 1


def test_calendar_pages_answer_with_a_meeting_in_year_9999(client_as, gov):
    late = Meeting.objects.create(
        process=gov.process, kind=MeetingKind.WORKSHOP, title="Fin des temps",
        starts_at=paris("9999-12-31", 23, 30),
    )  # fmt: skip
    client = client_as("facilitator")
    for name, args in (
        ("meetings:list", [gov.process.pk]),
        ("meetings:timeline", [gov.process.pk]),
        ("meetings:detail", [gov.process.pk, late.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
