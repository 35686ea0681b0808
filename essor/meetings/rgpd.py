"""Right of access (GDPR art. 15): the invitations and attendance of one person.

The organisations app builds the whole export of a person; it can take this
part from here. The answer link's token is left out: it is a secret, not
information about the person. Erasing a person deletes their attendances
(``essor.organisations.services.erase_person``), so nothing is left here.
"""

from __future__ import annotations

from essor.organisations.models import Person


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
