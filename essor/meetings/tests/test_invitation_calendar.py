"""Invitations land in calendars: an iCalendar REQUEST with the e-mail, an update when the
meeting moves, a CANCEL when it is deleted — each read back by the icalendar parser."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from essor.jobs.tests.helpers import run_jobs
from essor.meetings.models import Attendance, MeetingKind
from essor.meetings.tests.test_invitations import _fresh_rate_limits, _post, upcoming  # noqa: F401

pytestmark = pytest.mark.django_db


def _calendar(message) -> icalendar.Calendar:
    (part,) = [a for a in message.attachments if a.get_content_type() == "text/calendar"]
    assert part.get_filename() == "invitation.ics"
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert calendar["method"] == part.get_param("method")
    return calendar


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _event(calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event


def _edit(client, meeting, **changes):
    data = {
        "kind": MeetingKind.WORKSHOP, "title": meeting.title, "date": "2030-03-12",
        "start_time": "14:00", "end_time": "17:00", "place": meeting.place,
        "online_url": meeting.online_url, "audience": "actors",
    }  # fmt: skip
    data.update(changes)
    return run_jobs(
        client.post, reverse("meetings:edit", args=[meeting.process_id, meeting.pk]), data
    )


def test_each_invitation_carries_its_calendar_request_and_an_html_version(client_as, upcoming):  # noqa: F811
    meeting, _people = upcoming
    _post(client_as("facilitator"), meeting, everyone="on")
    zoe = next(m for m in mail.outbox if m.to == ["zoe@example.org"])
    html, mimetype = zoe.alternatives[0]
    assert mimetype == "text/html"
    assert "Bonjour Zoé Bernard," in html and "Venez nombreux." in html
    assert "/demarches/invitation/" in html  # the answer link, as a button
    calendar = _calendar(zoe)
    assert calendar["method"] == "REQUEST"
    event = _event(calendar)
    assert str(event["uid"]) == f"{meeting.uid}@essor"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert int(event["sequence"]) == meeting.sequence
    assert str(event["status"]) == "CONFIRMED"
    attendee = event["attendee"]
    assert str(attendee) == "mailto:zoe@example.org"
    assert attendee.params["partstat"] == "NEEDS-ACTION" and attendee.params["rsvp"] == "FALSE"
    assert str(event["organizer"]).startswith("mailto:")
    assert str(event["location"]) == "Maison des associations"


def test_moving_the_meeting_updates_the_invited_calendars_but_not_a_decliner(client_as, upcoming):  # noqa: F811
    meeting, people = upcoming
    client = client_as("facilitator")
    _post(client, meeting, everyone="on")
    first = {m.to[0]: _event(_calendar(m)) for m in mail.outbox}
    meeting.attendances.filter(person=people["yann"]).update(status=Attendance.Status.EXCUSED)
    mail.outbox.clear()
    response = _edit(client, meeting)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "zoe@example.org"]
    update = next(m for m in mail.outbox if m.to == ["zoe@example.org"])
    assert _plain(update.subject).startswith("Modification : Atelier des acteurs, mardi 12 mars")
    assert "Le lien de réponse de votre invitation fonctionne toujours." in update.body
    event = _event(_calendar(update))
    assert event["uid"] == first["zoe@example.org"]["uid"]
    assert int(event["sequence"]) > int(first["zoe@example.org"]["sequence"])
    assert event.decoded("dtstart") == dt.datetime(2030, 3, 12, 13, 0, tzinfo=dt.UTC)
    assert _calendar(update)["method"] == "REQUEST"


def test_changing_only_the_description_mails_nobody(client_as, upcoming):  # noqa: F811
    meeting, _people = upcoming
    client = client_as("facilitator")
    _post(client, meeting, everyone="on")
    _edit(client, meeting, date="2030-03-12")  # moved once
    mail.outbox.clear()
    _edit(client, meeting, date="2030-03-12", description="Apportez vos idées.")
    assert mail.outbox == []


def test_deleting_the_meeting_cancels_it_in_the_invited_calendars(client_as, upcoming):  # noqa: F811
    meeting, _people = upcoming
    client = client_as("facilitator")
    _post(client, meeting, everyone="on")
    uid, sequence = f"{meeting.uid}@essor", meeting.sequence
    mail.outbox.clear()
    url = reverse("meetings:delete", args=[meeting.process_id, meeting.pk])
    response = run_jobs(client.post, url)
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    cancel = next(m for m in mail.outbox if m.to == ["zoe@example.org"])
    assert _plain(cancel.subject).startswith("Annulation : Atelier des acteurs")
    calendar = _calendar(cancel)
    assert calendar["method"] == "CANCEL"
    event = _event(calendar)
    assert str(event["uid"]) == uid and str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == sequence + 1


def test_a_meeting_nobody_was_mailed_about_is_edited_and_deleted_silently(client_as, upcoming):  # noqa: F811
    meeting, _people = upcoming
    client = client_as("facilitator")
    _edit(client, meeting)
    run_jobs(client.post, reverse("meetings:delete", args=[meeting.process_id, meeting.pk]))
    assert mail.outbox == []
