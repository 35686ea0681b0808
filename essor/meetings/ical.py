"""iCalendar (RFC 5545) feeds of meetings, built with the ``icalendar`` library."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from essor.meetings.models import Meeting

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Essor//Calendrier des démarches ESS//FR"
# A calendar application needs an end; a meeting typed without one lasts an hour.
DEFAULT_DURATION = dt.timedelta(hours=1)
# The last moment a datetime can hold, in Paris time.
LAST_MOMENT = dt.datetime.max.replace(tzinfo=PARIS)

logger = logging.getLogger(__name__)

_BLOCK_END = re.compile(r"<br\s*/?>|</(p|li|h[1-6]|blockquote|pre)>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)


def html_to_text(value: str) -> str:
    """Plain text of sanitised HTML: one line per paragraph or list item."""
    if not value:
        return ""
    text = _LIST_ITEM.sub("- ", _BLOCK_END.sub("\n", value))
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def paris_timezone() -> icalendar.Timezone:
    """VTIMEZONE for Europe/Paris with the EU rules (compact, valid without an end year)."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Paris")
    tz.add("x-lic-location", "Europe/Paris")
    for kind, name, start, offset_from, offset_to, month in (
        (icalendar.TimezoneDaylight, "CEST", dt.datetime(1981, 3, 29, 2), 1, 2, 3),
        (icalendar.TimezoneStandard, "CET", dt.datetime(1996, 10, 27, 3), 2, 1, 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:detail", args=[meeting.process_id, meeting.pk])


def meeting_event(
    meeting: Meeting, stamp: dt.datetime, public_url: str | None = None
) -> icalendar.Event:
    """The meeting as an event; with ``public_url`` (the public's page of the process) the
    event is the public's: it links there and leaves out the online link (internal)."""
    event = icalendar.Event()
    event.add("uid", f"{meeting.uid}@essor")
    event.add("dtstamp", stamp)
    start = timezone.localtime(meeting.starts_at, PARIS)
    end = timezone.localtime(meeting.ends_at, PARIS) if meeting.ends_at else None
    event.add("dtstart", start)
    event.add("dtend", end or _default_end(start))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    link = public_url or meeting.online_url or meeting_url(meeting)
    event.add("url", link)
    description = [
        html_to_text(meeting.description),
        html_to_text(meeting.agenda),
        f"{meeting.process}\n{public_url or meeting_url(meeting)}",
    ]
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("categories", [str(meeting.get_kind_display())])
    event.add("sequence", meeting.sequence)
    event.add("last-modified", meeting.updated_at.astimezone(dt.UTC))
    event.add("created", meeting.created_at.astimezone(dt.UTC))
    return event


def _default_end(start: dt.datetime) -> dt.datetime:
    # A meeting typed on the last evening of year 9999 cannot last an hour.
    if start > LAST_MOMENT - DEFAULT_DURATION:
        return LAST_MOMENT.replace(microsecond=0)
    return start + DEFAULT_DURATION


def build_calendar(name: str, meetings: Iterable[Meeting], public_url: str | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per meeting, times in Europe/Paris (``public_url``:
    see meeting_event)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add_component(paris_timezone())
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for meeting in meetings:
        try:
            event = meeting_event(meeting, stamp, public_url)
        except (OverflowError, ValueError):
            # One meeting at the very ends of time must not break the feed of every
            # subscriber: leave it out (the meeting form refuses such dates).
            logger.warning("Meeting %s left out of a calendar feed: date out of range", meeting.pk)
            continue
        cal.add_component(event)
    return cal.to_ical()


def invitation_calendar(meeting: Meeting, person, method: str, response: str = "") -> str:
    """The iCalendar object sent with an invitation e-mail (RFC 5546): METHOD REQUEST for the
    invitation and its updates (same UID, a higher SEQUENCE), CANCEL when the meeting is
    cancelled. Answers go through the e-mail's personal link, not by calendar reply
    (Essor reads no mail): RSVP is false."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(paris_timezone())
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    event = meeting_event(meeting, stamp)
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(str(meeting.process))
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{person.email}")
    attendee.params["cn"] = icalendar.vText(str(person))
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText(PARTSTAT.get(response, "NEEDS-ACTION"))
    attendee.params["rsvp"] = icalendar.vText("FALSE")
    event.add("attendee", attendee)
    if method == "CANCEL":
        event.pop("sequence")
        event.add("sequence", meeting.sequence + 1)
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical().decode()


PARTSTAT = {"yes": "ACCEPTED", "no": "DECLINED"}
