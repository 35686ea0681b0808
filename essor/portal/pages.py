"""What each page of the portal shows, built from essor.portal.visibility in a fixed
number of queries whatever the size of the process."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from essor.plans.models import ActionStatus
from essor.portal import visibility
from essor.processes.models import Phase, Process

# Meetings listed on the portal's home; the calendar page lists them all.
NEXT_MEETINGS = 5


@dataclass
class PhaseStep:
    phase: Phase
    state: str  # "done", "current", "upcoming" or "" (no dates to tell)


def phase_steps(process: Process, today: dt.date | None = None) -> list[PhaseStep]:
    """The phases in order, each placed against today by its dates."""
    today = today or timezone.localdate()
    steps = []
    for phase in process.phases.order_by("order", "pk"):
        if phase.end_date and phase.end_date < today:
            state = "done"
        elif phase.start_date and phase.start_date <= today:
            state = "current"
        elif phase.start_date:
            state = "upcoming"
        else:
            state = ""
        steps.append(PhaseStep(phase, state))
    return steps


def roadmap_summary(process: Process, settings) -> dict | None:
    """The public roadmap's plan and its number of actions per status, or None."""
    plan = visibility.public_plan(process, settings)
    if plan is None:
        return None
    counts = dict(
        visibility.public_actions(process, settings)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    statuses = [
        (ActionStatus(status).label, counts[status])
        for status in ActionStatus.values
        if counts.get(status)
    ]
    return {"plan": plan, "action_count": sum(counts.values()), "statuses": statuses}


def portal_context(process: Process) -> dict:
    settings = visibility.settings_for(process)
    themes = list(visibility.public_themes(process, settings))
    return {
        "process": process,
        "portal": settings,
        "territories": list(process.territories.all()),
        "steps": phase_steps(process),
        "meetings": list(visibility.upcoming_public_meetings(process, settings)[:NEXT_MEETINGS]),
        "themes": themes,
        "contribution_count": (
            visibility.public_contributions(process, settings).count() if themes else 0
        ),
        "roadmap": roadmap_summary(process, settings),
        "decisions": list(visibility.public_decisions(process, settings)),
    }
