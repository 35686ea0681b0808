"""Right of access (GDPR art. 15): the invitations and attendance of one person.

The organisations app builds the whole export of a person; it can take this
part from here. The answer link's token is left out: it is a secret, not
information about the person.

Right to erasure (art. 17, registered in MeetingsConfig.ready()): the person's
places on meeting lists (invitation, answer, presence) are deleted, and their name
is replaced in the texts of the workspace's meetings (agenda, minutes...), which
stay as the process's memory.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from essor.core.personal_data import Effect, processes_of
from essor.core.redaction import PersonMatcher, redact_rows
from essor.meetings.models import Attendance, Meeting
from essor.organisations.models import Person

MEETING_TEXTS = ["title", "description", "agenda", "minutes", "place"]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def person_data(person: Person, processes=None) -> dict:
    """``{"meeting_attendances": [...]}``: one entry per meeting the person was on the list
    of, among the meetings of ``processes`` (all when None)."""
    attendances = person.attendances.select_related("meeting__process").order_by(
        "meeting__starts_at", "pk"
    )
    if processes is not None:
        attendances = attendances.filter(meeting__process__in=processes)
    return {
        "meeting_attendances": [
            {
                "process": a.meeting.process.title,
                "meeting": a.meeting.title,
                "starts_at": _date(a.meeting.starts_at),
                "status": a.status,
                "invited_at": _date(a.invited_at),
                "response": a.response,
                "responded_at": _date(a.responded_at),
            }
            for a in attendances
        ]
    }


def _meetings_mentioning(person: Person):
    meetings = Meeting.objects.filter(process__workspace_id=person.workspace_id)
    return meetings, PersonMatcher.of(person).mentioned_in(meetings.iterator(), MEETING_TEXTS)


def describe(person: Person) -> list[Effect]:
    attendances = Attendance.objects.filter(person=person)
    count = attendances.count()
    meetings, mentioning = _meetings_mentioning(person)
    mentions = len(mentioning)
    return [
        Effect(
            ngettext(
                "%(count)d meeting invitation, answer or attendance deleted",
                "%(count)d meeting invitations, answers or attendances deleted",
                count,
            )
            % {"count": count},
            count,
            processes_of(attendances, "meeting__process"),
        ),
        Effect(
            ngettext(
                "%(count)d meeting whose texts (agenda, minutes...) name the person: "
                "the name is replaced",
                "%(count)d meetings whose texts (agenda, minutes...) name the person: "
                "the name is replaced",
                mentions,
            )
            % {"count": mentions},
            mentions,
            processes_of(meetings.filter(pk__in=[m.pk for m in mentioning]), "process"),
        ),
    ]


def erase(person: Person) -> None:
    Attendance.objects.filter(person=person).delete()
    meetings = Meeting.objects.filter(process__workspace_id=person.workspace_id)
    redact_rows(PersonMatcher.of(person), meetings, MEETING_TEXTS)
