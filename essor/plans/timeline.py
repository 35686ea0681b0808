"""The actions of a plan over the years of the mandate, as rows of year cells."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TimelineRow:
    action: object
    cells: list[bool]  # one per year: the action runs that year
    milestones: list


@dataclass
class Timeline:
    years: list[int]
    rows: list[TimelineRow]
    unscheduled: list


def build_timeline(plan, actions) -> Timeline:
    years = list(range(plan.mandate_start, plan.mandate_end + 1))
    rows, unscheduled = [], []
    for action in actions:
        if not action.start_date:
            unscheduled.append(action)
            continue
        end = (action.end_date or action.start_date).year
        cells = [action.start_date.year <= year <= end for year in years]
        rows.append(TimelineRow(action, cells, list(action.milestones.all())))
    return Timeline(years, rows, unscheduled)
