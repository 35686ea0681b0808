"""The one definition of what of a process the public may see.

The portal's pages, the read API and the open data packages all ask here, so that a part a
facilitator hides disappears everywhere at once. Every function returns an empty queryset
(never an error) for a process that is not published or a part that is hidden.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from essor.contributions.models import Contribution
from essor.decisions.models import Decision
from essor.meetings.models import Audience, Meeting
from essor.plans.models import Action, Plan
from essor.plans.public import PUBLIC_STATUSES, latest_validated_plan
from essor.portal.models import PortalSettings
from essor.processes.models import Process
from essor.synthesis.models import Theme


def published_processes():
    return Process.objects.published()


def settings_for(process: Process) -> PortalSettings:
    """The process's settings, or unsaved defaults (no write on a public read)."""
    try:
        return process.portal_settings
    except PortalSettings.DoesNotExist:
        return PortalSettings(process=process)


def shows(process: Process, part: str, settings: PortalSettings | None = None) -> bool:
    """Whether the public sees ``part`` ("calendar", "themes", …) of this process."""
    if not process.is_published:
        return False
    settings = settings or settings_for(process)
    return bool(getattr(settings, f"show_{part}"))


def public_meetings(process: Process, settings: PortalSettings | None = None):
    """Meetings open to the public, earliest first."""
    if not shows(process, "calendar", settings):
        return Meeting.objects.none()
    return process.meetings.filter(audience=Audience.PUBLIC).order_by("starts_at", "pk")


def public_themes(process: Process, settings: PortalSettings | None = None):
    """Lettered themes of the synthesis with ``contribution_count`` (set-aside and withdrawn
    contributions excluded)."""
    if not shows(process, "themes", settings):
        return Theme.objects.none()
    return (
        Theme.objects.lettered()
        .filter(synthesis__process=process)
        .annotate(
            contribution_count=Count(
                "placements",
                filter=Q(placements__set_aside=False, placements__contribution__is_withdrawn=False),
            )
        )
        .order_by("order", "pk")
    )


def public_contributions(process: Process, settings: PortalSettings | None = None):
    """Contributions placed in a lettered theme; callers show their text, never a name."""
    settings = settings or settings_for(process)
    if not (shows(process, "themes", settings) and settings.show_contributions):
        return Contribution.objects.none()
    # A withdrawn contribution is out of the synthesis (its wall and counts): out of sight.
    return (
        Contribution.objects.kept()
        .filter(
            process=process,
            synthesis_placement__set_aside=False,
            synthesis_placement__theme__is_unsorted=False,
            synthesis_placement__synthesis__process=process,
        )
        .order_by("pk")
    )


def public_decisions(process: Process, settings: PortalSettings | None = None):
    if not shows(process, "decisions", settings):
        return Decision.objects.none()
    return Decision.objects.filter(body__process=process).select_related("body", "meeting")


def upcoming_public_meetings(process: Process, settings: PortalSettings | None = None):
    """Public meetings not over yet (one without an end is over once it has started)."""
    now = timezone.now()
    return public_meetings(process, settings).filter(
        Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
    )


def public_plan(process: Process, settings: PortalSettings | None = None) -> Plan | None:
    """The roadmap the public reads (latest validated version), or None when hidden."""
    if not shows(process, "roadmap", settings):
        return None
    plan = latest_validated_plan(process)
    if plan is not None:
        plan.process = process  # callers read plan.process: no second query
    return plan


def public_actions(process: Process, settings: PortalSettings | None = None):
    """Actions of the public roadmap, in the statuses the public reads."""
    plan = public_plan(process, settings)
    if plan is None:
        return Action.objects.none()
    return plan.actions.filter(status__in=PUBLIC_STATUSES)
