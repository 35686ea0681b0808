"""The actions of a plan over the years of the mandate, as rows of year cells."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


def when(year: int, today: dt.date) -> str:
    """ "past", "current" or "future": what a screen reader says about a year's cell."""
    if year < today.year:
        return "past"
    return "current" if year == today.year else "future"


@dataclass
class YearCell:
    on: bool  # the action runs that year
    when: str  # "past", "current" or "future"


@dataclass
class TimelineRow:
    action: object
    cells: list[YearCell]  # one per year of the mandate
    milestones: list


@dataclass
class Timeline:
    years: list[int]
    rows: list[TimelineRow]
    unscheduled: list


def build_timeline(plan, actions, today: dt.date | None = None) -> Timeline:
    today = today or timezone.localdate()
    years = list(range(plan.mandate_start, plan.mandate_end + 1))
    rows, unscheduled = [], []
    for action in actions:
        if not action.start_date:
            unscheduled.append(action)
            continue
        end = (action.end_date or action.start_date).year
        cells = [
            YearCell(on=action.start_date.year <= year <= end, when=when(year, today))
            for year in years
        ]
        rows.append(TimelineRow(action, cells, list(action.milestones.all())))
    return Timeline(years, rows, unscheduled)
