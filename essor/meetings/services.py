"""Use cases of the calendar (each writes an audit entry)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.meetings.models import Attendance, Meeting
from essor.organisations.models import Person
from essor.processes.models import Process


@transaction.atomic
def save_meeting(meeting: Meeting, *, actor=None) -> Meeting:
    """Create or update a meeting (``meeting.process`` set).

    An update bumps the iCalendar SEQUENCE so that subscribed calendars take
    the change. The members of the meeting's body are put on the attendance
    list (those already there keep their status).
    """
    created = meeting.pk is None
    if not created:
        meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db(fields=["sequence"])
    added = invite_body_members(meeting) if meeting.body_id else 0
    log_action(
        actor,
        "meeting.created" if created else "meeting.updated",
        meeting,
        process=meeting.process_id,
        invited=added,
    )
    return meeting


def invite_body_members(meeting: Meeting) -> int:
    """Put the members of the meeting's body on its attendance list; returns how many."""
    if not meeting.body_id:
        return 0
    already = set(meeting.attendances.values_list("person_id", flat=True))
    new = [
        Attendance(meeting=meeting, person_id=person_id)
        for person_id in meeting.body.members.values_list("person_id", flat=True)
        if person_id not in already
    ]
    Attendance.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def delete_meeting(meeting: Meeting, *, actor) -> None:
    log_action(actor, "meeting.deleted", meeting, process=meeting.process_id, title=meeting.title)
    meeting.delete()


@transaction.atomic
def add_attendees(meeting: Meeting, people: Iterable[Person], *, actor) -> int:
    """Expect more people at a meeting; returns how many were added."""
    already = set(meeting.attendances.values_list("person_id", flat=True))
    new = [Attendance(meeting=meeting, person=p) for p in people if p.pk not in already]
    Attendance.objects.bulk_create(new)
    log_action(actor, "meeting.attendees_added", meeting, people=[a.person_id for a in new])
    return len(new)


@transaction.atomic
def remove_attendee(attendance: Attendance, *, actor) -> None:
    log_action(actor, "meeting.attendee_removed", attendance.meeting, person=attendance.person_id)
    attendance.delete()


@transaction.atomic
def record_attendance(meeting: Meeting, statuses: dict[int, str], *, actor) -> int:
    """Save the statuses of several attendances at once (ids of this meeting only).

    Raises ValidationError (nothing written) for "present" at a meeting not yet held."""
    if not meeting.has_started and Attendance.Status.PRESENT in statuses.values():
        raise ValidationError(
            _("Nobody can be ticked present at a meeting that has not taken place yet.")
        )
    changed = 0
    for attendance in meeting.attendances.filter(pk__in=list(statuses)):
        status = statuses[attendance.pk]
        if status != attendance.status:
            attendance.status = status
            attendance.save(update_fields=["status"])
            changed += 1
    log_action(actor, "meeting.attendance_recorded", meeting, changed=changed)
    return changed


@transaction.atomic
def renew_calendar_link(owner: Process | Person, *, actor) -> str:
    """A new private calendar link for a process or a person; the old one stops working.

    Returns the token, to be shown this once: only its hash is kept."""
    token = owner.issue_calendar_token()
    owner.save(update_fields=["calendar_token_hash", "calendar_token_created_at"])
    log_action(actor, f"{owner._meta.model_name}.calendar_link_renewed", owner)
    return token


@transaction.atomic
def revoke_calendar_link(owner: Process | Person, *, actor) -> None:
    """No calendar link any more: a feed fetched with the old one answers 404."""
    owner.revoke_calendar_token()
    owner.save(update_fields=["calendar_token_hash", "calendar_token_created_at"])
    log_action(actor, f"{owner._meta.model_name}.calendar_link_revoked", owner)
