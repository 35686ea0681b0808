"""The figures of the mobilisation dashboard, computed from the attendance lists.

"Invited" means on the attendance list of the meeting (by e-mail or by any
other means); "present", "excused" and "absent" are what the facilitator
ticked. Only meetings with an attendance list count, and only meetings held
(started) count in the figures by kind and by commune: an upcoming meeting's
list is an invitation, not a mobilisation, and nobody is present at it yet (a
"present" or "absent" ticked ahead is not counted). The "last meeting" is the
latest meeting that has started where at least one person was ticked present.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from essor.bodies.models import BodyMember
from essor.meetings.models import Attendance, Meeting, MeetingKind
from essor.mobilisation.categories import (
    CATEGORIES,
    category_of,
    centre_of,
    commune_group_of,
    commune_groups,
)
from essor.organisations.models import Organisation
from essor.processes.models import Process
from essor.territories.models import Territory

PRESENT = Attendance.Status.PRESENT


@dataclass
class MeetingFigures:
    meeting: Meeting
    invited: int = 0
    emailed: int = 0
    yes: int = 0
    no: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def rate(self) -> int | None:
        """Share of the invited who came, in percent (once the meeting has started)."""
        if not self.invited or not self.meeting.has_started:
            return None
        return round(100 * self.present / self.invited)


@dataclass
class GroupFigures:
    key: str
    label: str
    invited: int = 0  # places on attendance lists (a person invited twice counts twice)
    present: int = 0  # presences
    people_present: set = field(default_factory=set)
    at_last_meeting: int = 0

    @property
    def people_present_count(self) -> int:
        return len(self.people_present)


@dataclass
class Dashboard:
    meetings: list[MeetingFigures]
    categories: list[GroupFigures]
    communes: list[GroupFigures]
    centre: Territory | None
    last_meeting: Meeting | None
    never_present: list[Organisation]
    workshops_held: int
    meetings_without_list: int

    @property
    def missing_categories(self) -> list[GroupFigures]:
        if self.last_meeting is None:
            return []
        return [group for group in self.categories if group.at_last_meeting == 0]


def _body_roles(process: Process) -> dict[int, list[str]]:
    roles: dict[int, list[str]] = defaultdict(list)
    members = BodyMember.objects.filter(body__process=process).exclude(role="")
    for person_id, role in members.values_list("person_id", "role"):
        roles[person_id].append(role)
    return roles


def _last_meeting(meetings: list[MeetingFigures]) -> Meeting | None:
    held = [m.meeting for m in meetings if m.meeting.has_started and m.present]
    return held[-1] if held else None


def workshop_meetings(process: Process):
    """Meetings of the process that are workshops and have started."""
    return process.meetings.filter(
        Q(kind=MeetingKind.WORKSHOP) | Q(workshop__isnull=False), starts_at__lte=timezone.now()
    )


def never_present_organisations(process: Process) -> tuple[list[Organisation], int]:
    """Organisations of the process directory nobody came from to a workshop so far."""
    workshops = workshop_meetings(process)
    came = Attendance.objects.filter(
        meeting__in=workshops, status=PRESENT, person__organisation__isnull=False
    ).values("person__organisation_id")  # no NULL: "NOT IN (…, NULL)" would match nothing
    organisations = (
        process.organisations.exclude(pk__in=came)
        .select_related("commune")
        .order_by("search_name", "pk")
    )
    return list(organisations), workshops.count()


def build_dashboard(process: Process) -> Dashboard:
    attendances = list(
        Attendance.objects.filter(meeting__process=process)
        .select_related("meeting", "person__organisation")
        .order_by("meeting__starts_at", "meeting_id", "pk")
    )
    by_meeting: dict[int, MeetingFigures] = {}
    for attendance in attendances:
        figures = by_meeting.setdefault(
            attendance.meeting_id, MeetingFigures(meeting=attendance.meeting)
        )
        figures.invited += 1
        figures.emailed += attendance.invited_at is not None
        figures.yes += attendance.response == Attendance.Response.YES
        figures.no += attendance.response == Attendance.Response.NO
        held = attendance.meeting.has_started
        figures.present += held and attendance.status == PRESENT
        figures.excused += attendance.status == Attendance.Status.EXCUSED
        figures.absent += held and attendance.status == Attendance.Status.ABSENT
    meetings = list(by_meeting.values())
    last_meeting = _last_meeting(meetings)

    centre = centre_of(process)
    categories = {key: GroupFigures(key, label) for key, label in CATEGORIES}
    communes = {key: GroupFigures(key, label) for key, label in commune_groups(centre)}
    roles = _body_roles(process)
    for attendance in attendances:
        if not attendance.meeting.has_started:
            continue
        person = attendance.person
        groups = (
            categories[category_of(person, roles.get(person.pk, []))],
            communes[commune_group_of(person, centre)],
        )
        for group in groups:
            group.invited += 1
            if attendance.status == PRESENT:
                group.present += 1
                group.people_present.add(person.pk)
                if last_meeting is not None and attendance.meeting_id == last_meeting.pk:
                    group.at_last_meeting += 1

    never_present, workshops_held = never_present_organisations(process)
    return Dashboard(
        meetings=meetings,
        categories=list(categories.values()),
        communes=list(communes.values()),
        centre=centre,
        last_meeting=last_meeting,
        never_present=never_present,
        workshops_held=workshops_held,
        meetings_without_list=process.meetings.count() - len(meetings),
    )
