"""Who may see and manage the calendar of a process.

The calendar (list, timeline, meeting pages) of a published process shows the public its
meetings open to the public, when the portal shows the calendar (essor.portal.visibility);
the other meetings, attendance, minutes, online links and decisions are internal (people
with a role in the process). Facilitators and platform admins plan
meetings, take attendance and regenerate the subscription link.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.meetings.models import Meeting
from essor.processes.permissions import (
    can_manage,
    get_process_for,
    has_role,
    is_platform_admin,
    is_published,
)

can_read_internal = is_platform_admin | has_role

rules.add_perm("meetings.view_calendar", is_platform_admin | has_role | is_published)
rules.add_perm("meetings.view_internal", can_read_internal)
rules.add_perm("meetings.subscribe", can_read_internal)
rules.add_perm("meetings.manage_meetings", can_manage)


def get_meeting_for(user, process_id, meeting_id, perm: str = "meetings.view_calendar") -> Meeting:
    """The meeting of that process if ``user`` has ``perm`` on the process (else 404/403)."""
    process = get_process_for(user, process_id, perm)
    try:
        meeting = Meeting.objects.select_related("phase", "body").get(
            pk=meeting_id, process=process
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm("meetings.view_internal", process):
        if not meetings_visible_to(user, process).filter(pk=meeting.pk).exists():
            raise Http404  # an internal meeting of a published process
    meeting.process = process
    return meeting


def meetings_visible_to(user, process):
    """Every meeting for people with a role; the public ones for the public."""
    from essor.portal.visibility import public_meetings

    if user.has_perm("meetings.view_internal", process):
        return process.meetings.all()
    return public_meetings(process)
