"""What each page of the portal shows, built from essor.portal.visibility in a fixed
number of queries whatever the size of the process."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from essor.observatory.diagnostic import DiagnosticError, diagnose
from essor.plans.models import ActionStatus
from essor.portal import visibility
from essor.processes.models import Phase, Process
from essor.territories.models import Territory

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


def diagnostic_summary(territories: list[Territory]) -> dict | None:
    """Headline figures of the largest territory (the one the observatory opens on), from
    the register's cached diagnostic; None without a register or a territory."""
    if not territories:
        return None
    territory = max(territories, key=lambda t: t.population or 0)
    try:
        figures = diagnose(territory)
    except DiagnosticError:  # no register imported yet, or an unknown territory
        return None
    return {
        "territory": territory,
        "establishments": figures["ess"]["establishments"],
        "jobs": figures["ess"]["jobs"]["central"],
        "job_share": figures["ess_share"]["jobs_central"],
    }


def portal_context(process: Process) -> dict:
    settings = visibility.settings_for(process)
    themes = list(visibility.public_themes(process, settings))
    territories = list(process.territories.all())
    shows_diagnostic = visibility.shows(process, "diagnostic", settings)
    return {
        "process": process,
        "portal": settings,
        "territories": territories,
        "diagnostic": diagnostic_summary(territories) if shows_diagnostic else None,
        "steps": phase_steps(process),
        "meetings": list(visibility.upcoming_public_meetings(process, settings)[:NEXT_MEETINGS]),
        "themes": themes,
        "contribution_count": (
            visibility.public_contributions(process, settings).count() if themes else 0
        ),
        "roadmap": roadmap_summary(process, settings),
        "decisions": list(visibility.public_decisions(process, settings)),
    }
