"""The state of an action for a year, derived from its reports; when an action is late.

Rules (never typed by anyone, always computed):

- Status for a year: that of the latest report of that year or an earlier one (a report
  for 2027 written after one for 2028 does not change 2028). No report yet: not started.
- Spent for a year: per nature, the latest report of that year giving that amount.
- Late on a day: not done nor abandoned, and either its planned end has passed, or its
  planned start has passed while it is still not started. The planned start and end are
  the action's dates, else its first and last milestones. For a past year the day is
  31 December of that year; for this year and later ones, today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from essor.followup.models import FINISHED_STATUSES, ProgressStatus

# The columns of a report a summary reads (values_list order).
REPORT_COLUMNS = ("lineage", "year", "status", "progress", "spent_operating", "spent_investment")


@dataclass(frozen=True)
class ReportRow:
    lineage: object
    year: int
    status: str
    progress: int | None
    spent_operating: Decimal | None
    spent_investment: Decimal | None


@dataclass
class ActionYear:
    status: str
    progress: int | None
    late: bool
    reported: bool  # a report was made for this very year
    spent_operating: Decimal | None
    spent_investment: Decimal | None

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label


@dataclass
class ActionHistory:
    """The reports on one action (its lineage), in chronological order."""

    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    rows: list[ReportRow] = field(default_factory=list)

    def state(self, year: int, today: dt.date) -> ActionYear:
        latest = None
        spent = {"spent_operating": None, "spent_investment": None}
        reported = False
        for row in self.rows:  # chronological: the last match wins
            if row.year <= year:
                latest = row
            if row.year == year:
                reported = True
                for name in spent:
                    if getattr(row, name) is not None:
                        spent[name] = getattr(row, name)
        status = latest.status if latest else ProgressStatus.NOT_STARTED
        return ActionYear(
            status=status,
            progress=latest.progress if latest else None,
            late=is_late(status, self.planned_start, self.planned_end, reference_day(year, today)),
            reported=reported,
            **spent,
        )


def reference_day(year: int, today: dt.date) -> dt.date:
    return min(today, dt.date(year, 12, 31))


def is_late(status: str, start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    if status in FINISHED_STATUSES:
        return False
    if end is not None and end < on:
        return True
    return start is not None and start < on and status == ProgressStatus.NOT_STARTED


def planned_span(action, first_milestone, last_milestone) -> tuple[dt.date | None, dt.date | None]:
    return (action.start_date or first_milestone, action.end_date or last_milestone)
