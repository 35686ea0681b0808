"""The timeline of a process: phases as rows, months as columns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from essor.meetings.models import Meeting, MeetingKind
from essor.processes.models import Phase, Process

PARIS = ZoneInfo("Europe/Paris")
MAX_MONTHS = 60

# A symbol per kind so that markers do not rely on colour alone (see the legend).
KIND_SYMBOLS = {
    MeetingKind.LAUNCH: "★",
    MeetingKind.DEPARTMENT_MEETING: "■",
    MeetingKind.WORKSHOP: "●",
    MeetingKind.BODY_MEETING: "◆",
    MeetingKind.WRITING: "✎",
    MeetingKind.REPORT_BACK: "▲",
    MeetingKind.COUNCIL_VOTE: "⚑",
    MeetingKind.FOLLOW_UP: "↻",
    MeetingKind.OTHER: "○",
}


@dataclass
class Cell:
    month: dt.date
    in_phase: bool = False
    is_start: bool = False
    is_end: bool = False
    meetings: list = field(default_factory=list)
    when: str = ""  # "past", "current" or "future" month, for screen readers


@dataclass
class Row:
    label: str
    phase: Phase | None
    start: dt.date | None
    end: dt.date | None
    cells: list[Cell]


@dataclass
class Timeline:
    months: list[dt.date]
    rows: list[Row]
    truncated: bool = False


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, PARIS).date()


def marker(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "day": local_day(meeting.starts_at),
        "symbol": KIND_SYMBOLS.get(meeting.kind, "○"),
        "label": meeting.title,
    }


def _when(month: dt.date, this_month: dt.date) -> str:
    if month < this_month:
        return "past"
    return "current" if month == this_month else "future"


def legend() -> list[dict]:
    return [
        {"kind": kind.value, "label": kind.label, "symbol": KIND_SYMBOLS[kind]}
        for kind in MeetingKind
    ]


def build_timeline(
    process: Process, no_phase_label: str, today: dt.date | None = None, meetings=None
) -> Timeline:
    """``today`` (Paris) tells past, current and future months apart; tests pass it.
    ``meetings``: those the reader may see (every meeting of the process by default)."""
    this_month = month_of(today or timezone.localdate(timezone=PARIS))
    phases = list(process.phases.all())
    meetings = list(
        (process.meetings if meetings is None else meetings).select_related("body", "phase")
    )
    by_phase: dict[int | None, list[Meeting]] = {}
    for meeting in meetings:
        by_phase.setdefault(meeting.phase_id, []).append(meeting)

    spans: list[tuple[str, Phase | None, dt.date | None, dt.date | None]] = []
    for phase in phases:
        own = [local_day(m.starts_at) for m in by_phase.get(phase.pk, [])]
        start = phase.start_date or (min(own) if own else phase.end_date)
        end = phase.end_date or (max(own) if own else start)
        if start and end and end < start:
            start, end = end, start
        spans.append((phase.name, phase, start, end))
    if by_phase.get(None):
        spans.append((no_phase_label, None, None, None))

    days = [d for _, _, s, e in spans for d in (s, e) if d]
    days += [local_day(m.starts_at) for m in meetings]
    days += [local_day(m.ends_at) for m in meetings if m.ends_at]
    days += [d for d in (process.start_date, process.end_date) if d]
    if not days:
        return Timeline(months=[], rows=[])

    months = []
    current, last = month_of(min(days)), month_of(max(days))
    while current <= last and len(months) < MAX_MONTHS:
        months.append(current)
        current = next_month(current)
    truncated = current <= last

    rows = []
    for label, phase, start, end in spans:
        cells = [Cell(month=m, when=_when(m, this_month)) for m in months]
        index = {c.month: c for c in cells}
        if start and end:
            covered = [c for c in cells if month_of(start) <= c.month <= month_of(end)]
            for cell in covered:
                cell.in_phase = True
            if covered:
                covered[0].is_start = True
                covered[-1].is_end = True
        for meeting in by_phase.get(phase.pk if phase else None, []):
            cell = index.get(month_of(local_day(meeting.starts_at)))
            if cell is not None:
                cell.meetings.append(marker(meeting))
        rows.append(Row(label=label, phase=phase, start=start, end=end, cells=cells))
    return Timeline(months=months, rows=rows, truncated=truncated)
