"""The iCalendar feeds (RFC 5545), read back with two independent parsers."""

import datetime as dt
import re
from urllib.parse import urlsplit

import icalendar
import pytest
import vobject
from django.urls import reverse

from essor.bodies.tests.data import paris
from essor.meetings.models import Attendance, Meeting, MeetingKind
from essor.meetings.services import renew_calendar_link
from essor.processes.models import Process

UTC = dt.UTC


def _process_feed(client, process) -> bytes:
    token = renew_calendar_link(process, actor=None)
    url = reverse("meetings:ical_process", args=[process.pk, token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].endswith('.ics"')
    return response.content


def _person_feed(client, person) -> bytes:
    token = renew_calendar_link(person, actor=None)
    response = client.get(reverse("meetings:ical_person", args=[token]))
    assert response.status_code == 200
    return response.content


def _events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def _vevents(content: bytes) -> dict[str, object]:
    calendar = vobject.readOne(content.decode("utf-8"))
    return {event.summary.value: event for event in calendar.vevent_list}


def test_process_feed_parses_with_icalendar(client, gov):
    content = _process_feed(client, gov.process)
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//Essor//")
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = _events(content)
    assert set(events) == {"COPIL n°1", "Atelier acteurs"}
    copil = events["COPIL n°1"]
    assert copil["dtstart"].params["TZID"] == "Europe/Paris"
    assert copil["dtstart"].dt.astimezone(UTC) == dt.datetime(2026, 1, 15, 13, tzinfo=UTC)
    assert copil["dtend"].dt.astimezone(UTC) == dt.datetime(2026, 1, 15, 15, tzinfo=UTC)
    assert str(copil["location"]) == "Hôtel de ville"
    assert str(copil["url"]) == "https://visio.example.org/copil"
    assert str(copil["uid"]) == f"{gov.meeting.uid}@essor"
    assert copil["dtstamp"].dt.tzinfo is not None
    assert copil["dtstamp"].dt.utcoffset() == dt.timedelta(0)
    assert "Ordre du jour public" in str(copil["description"])
    assert "Compte rendu confidentiel" not in content.decode()
    workshop = events["Atelier acteurs"]
    # Without an online link, the URL is the meeting's page.
    assert str(workshop["url"]).endswith(
        reverse("meetings:detail", args=[gov.process.pk, gov.workshop.pk])
    )
    assert "LOCATION" not in workshop
    assert workshop["dtstart"].dt.astimezone(UTC) == dt.datetime(2026, 7, 2, 16, tzinfo=UTC)


def test_process_feed_parses_with_vobject(client, gov):
    content = _process_feed(client, gov.process)
    calendar = vobject.readOne(content.decode("utf-8"))
    assert calendar.name == "VCALENDAR"
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value.startswith("-//Essor//")
    events = _vevents(content)
    assert set(events) == {"COPIL n°1", "Atelier acteurs"}
    copil = events["COPIL n°1"]
    # vobject builds the zone from the file's own VTIMEZONE: this checks its rules.
    assert copil.dtstart.value.astimezone(UTC) == dt.datetime(2026, 1, 15, 13, tzinfo=UTC)
    assert copil.dtend.value.astimezone(UTC) == dt.datetime(2026, 1, 15, 15, tzinfo=UTC)
    assert copil.location.value == "Hôtel de ville"
    assert copil.url.value == "https://visio.example.org/copil"
    assert copil.uid.value == f"{gov.meeting.uid}@essor"
    assert copil.dtstamp.value.utcoffset() == dt.timedelta(0)
    summer = events["Atelier acteurs"]
    assert summer.dtstart.value.astimezone(UTC) == dt.datetime(2026, 7, 2, 16, tzinfo=UTC)


@pytest.mark.parametrize("parser", ["icalendar", "vobject"])
def test_times_around_the_autumn_clock_change(client, gov, parser):
    """Paris is UTC+2 until 25 October 2026 at 3:00, then UTC+1."""
    for day in ("2026-10-24", "2026-10-25"):
        Meeting.objects.create(
            process=gov.process, kind=MeetingKind.WORKSHOP, title=f"Atelier du {day}",
            starts_at=paris(day, 10), ends_at=paris(day, 12),
        )  # fmt: skip
    night = Meeting.objects.create(
        process=gov.process, kind=MeetingKind.WRITING, title="Nuit du changement d'heure",
        starts_at=paris("2026-10-24", 22), ends_at=paris("2026-10-25", 4),
    )  # fmt: skip
    content = _process_feed(client, gov.process)
    if parser == "icalendar":
        starts = {k: e["dtstart"].dt for k, e in _events(content).items()}
        ends = {k: e["dtend"].dt for k, e in _events(content).items()}
    else:
        starts = {k: e.dtstart.value for k, e in _vevents(content).items()}
        ends = {k: e.dtend.value for k, e in _vevents(content).items()}
    assert starts["Atelier du 2026-10-24"].astimezone(UTC) == dt.datetime(
        2026, 10, 24, 8, tzinfo=UTC
    )
    assert starts["Atelier du 2026-10-25"].astimezone(UTC) == dt.datetime(
        2026, 10, 25, 9, tzinfo=UTC
    )
    # Same-zone subtraction in Python ignores the change of offset: compare in UTC.
    duration = ends[night.title].astimezone(UTC) - starts[night.title].astimezone(UTC)
    assert duration == dt.timedelta(hours=7)
    assert b"DTSTART;TZID=Europe/Paris:20261025T100000" in content


def test_uid_is_stable_and_sequence_follows_changes(client, gov):
    first = _events(_process_feed(client, gov.process))
    second = _events(_process_feed(client, gov.process))
    assert {k: str(e["uid"]) for k, e in first.items()} == {
        k: str(e["uid"]) for k, e in second.items()
    }
    assert len({str(e["uid"]) for e in first.values()}) == 2
    facilitator = client_for(gov.process, "facilitator")
    response = facilitator.post(
        reverse("meetings:edit", args=[gov.process.pk, gov.meeting.pk]),
        {"kind": "body_meeting", "title": "COPIL n°1", "body": gov.copil.pk,
         "date": "2026-01-16", "start_time": "14:00", "end_time": "16:00"},
    )  # fmt: skip
    assert response.status_code == 302
    moved = _events(_process_feed(client, gov.process))["COPIL n°1"]
    assert str(moved["uid"]) == str(first["COPIL n°1"]["uid"])
    assert moved["sequence"] == first["COPIL n°1"]["sequence"] + 1
    assert moved["dtstart"].dt.date() == dt.date(2026, 1, 16)


def client_for(process, role):
    from django.test import Client

    from essor.processes.models import Membership

    client = Client()
    client.force_login(Membership.objects.get(process=process, role=role).user)
    return client


def test_meeting_without_end_lasts_an_hour(client, gov):
    Meeting.objects.create(
        process=gov.process, kind=MeetingKind.LAUNCH, title="Lancement",
        starts_at=paris("2026-02-02", 18),
    )  # fmt: skip
    event = _events(_process_feed(client, gov.process))["Lancement"]
    assert event["dtend"].dt - event["dtstart"].dt == dt.timedelta(hours=1)


TRICKY = "COTECH, budget; scénarios\\2027\nsuite"


@pytest.mark.parametrize("parser", ["icalendar", "vobject"])
def test_commas_semicolons_newlines_are_escaped(client, gov, parser):
    Meeting.objects.create(
        process=gov.process, kind=MeetingKind.BODY_MEETING, title=TRICKY,
        place="Salle 3, 1er étage; bâtiment B", starts_at=paris("2026-03-03", 9),
    )  # fmt: skip
    content = _process_feed(client, gov.process)
    assert "SUMMARY:COTECH\\, budget\\; scénarios\\\\2027\\nsuite".encode() in content
    if parser == "icalendar":
        event = _events(content)[TRICKY]
        assert str(event["location"]) == "Salle 3, 1er étage; bâtiment B"
    else:
        event = _vevents(content)[TRICKY]
        assert event.location.value == "Salle 3, 1er étage; bâtiment B"


@pytest.mark.parametrize("parser", ["icalendar", "vobject"])
def test_long_lines_are_folded_at_75_octets(client, gov, parser):
    title = "Atelier « économie circulaire et réemploi » avec les têtes de réseau " * 3
    agenda = "<ul>" + "<li>Coopérations entre acteurs de l’économie sociale</li>" * 6 + "</ul>"
    Meeting.objects.create(
        process=gov.process, kind=MeetingKind.WORKSHOP, title=title, agenda=agenda,
        starts_at=paris("2026-03-04", 9),
    )  # fmt: skip
    content = _process_feed(client, gov.process)
    assert content.endswith(b"\r\n")
    lines = content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert all(b"\n" not in line for line in lines)
    for line in lines:
        line.decode("utf-8")  # no multi-byte character cut in two by the folding
    if parser == "icalendar":
        event = _events(content)[title]
        assert "- Coopérations entre acteurs" in str(event["description"])
    else:
        assert title in _vevents(content)


def _other_process_with_meetings(gov):
    other = Process.objects.create(workspace=gov.process.workspace, title="Plan ESS de la Vienne")
    expected = Meeting.objects.create(
        process=other, kind=MeetingKind.WORKSHOP, title="Atelier départemental",
        starts_at=paris("2026-05-05", 9),
    )  # fmt: skip
    Attendance.objects.create(meeting=expected, person=gov.alice)
    excused = Meeting.objects.create(
        process=other, kind=MeetingKind.REPORT_BACK, title="Restitution excusée",
        starts_at=paris("2026-06-06", 18),
    )  # fmt: skip
    Attendance.objects.create(meeting=excused, person=gov.alice, status="excused")
    Meeting.objects.create(
        process=other, kind=MeetingKind.LAUNCH, title="Lancement sans Alice",
        starts_at=paris("2026-04-04", 18),
    )  # fmt: skip
    return other


@pytest.mark.parametrize("parser", ["icalendar", "vobject"])
def test_person_feed_holds_only_her_meetings_across_processes(client, gov, parser):
    _other_process_with_meetings(gov)
    # Member of the COPIL, not on the attendance list of this new one: still hers.
    Meeting.objects.create(
        process=gov.process, body=gov.copil, kind=MeetingKind.BODY_MEETING, title="COPIL n°2",
        starts_at=paris("2026-06-20", 10),
    )  # fmt: skip
    content = _person_feed(client, gov.alice)
    titles = set(_events(content) if parser == "icalendar" else _vevents(content))
    assert titles == {"COPIL n°1", "COPIL n°2", "Atelier départemental"}
    bob = set(_events(_person_feed(client, gov.bob)))
    assert bob == {"Atelier acteurs"}


def test_person_feed_drops_a_meeting_she_is_excused_from(client, gov):
    gov.meeting.attendances.filter(person=gov.alice).update(status="excused")
    assert "COPIL n°1" not in _events(_person_feed(client, gov.alice))


def test_person_feed_of_a_person_without_meetings_is_a_valid_empty_calendar(client, gov):
    from essor.organisations.models import Person

    nobody = Person.objects.create(
        workspace=gov.process.workspace, first_name="Zoé", last_name="Sans-Réunion"
    )
    content = _person_feed(client, nobody)
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.walk("VEVENT") == []
    assert vobject.readOne(content.decode()).prodid.value.startswith("-//Essor//")


def test_regenerating_the_process_token_invalidates_the_old_url(client, gov, feeds):
    old = reverse("meetings:ical_process", args=[gov.process.pk, feeds.process])
    assert client.get(old).status_code == 200
    response = client_for(gov.process, "facilitator").post(
        reverse("meetings:regenerate_token", args=[gov.process.pk])
    )
    assert response.status_code == 200  # the new link, shown this once
    assert client.get(old).status_code == 404
    new = re.search(r'value="(https?://[^"]+\.ics)"', response.content.decode())[1]
    assert client.get(urlsplit(new).path).status_code == 200
    from essor.core.models import AuditEntry

    entry = AuditEntry.objects.get(verb="process.calendar_link_renewed", actor__isnull=False)
    assert feeds.process not in str(entry.data)


def test_regenerating_the_person_token_invalidates_the_old_url(client, gov, feeds):
    old = reverse("meetings:ical_person", args=[feeds.alice])
    assert client.get(old).status_code == 200
    response = client_for(gov.process, "committee_member").post(
        reverse("meetings:regenerate_person_token", args=[gov.process.pk])
    )
    assert response.status_code == 200  # the new link, shown this once
    assert client.get(old).status_code == 404
    assert "COPIL n°1" in _events(_person_feed(client, gov.alice))
