"""Traceability seen from the contributions: which action took each one up.

The link table belongs to the plan (Action.contributions); the contributions
pages ask this module rather than knowing the plan's models. One query for a
whole page of contributions, whatever its length.
"""

from __future__ import annotations

from collections import defaultdict

from essor.plans.models import Action


def attach_taken_up_by(contributions) -> None:
    """Set ``taken_up_by`` on each contribution: the actions linked to it, one per action
    lineage (scenarios and versions copy the link; the newest plan's copy is named)."""
    contributions = list(contributions)
    if not contributions:
        return
    through = Action.contributions.through
    rows = (
        through.objects.filter(contribution__in=[c.pk for c in contributions])
        .select_related("action__plan")
        .order_by("-action__plan__created_at", "-action__plan_id", "action__title")
    )
    found: dict[int, list[Action]] = defaultdict(list)
    seen: set[tuple[int, object]] = set()
    for row in rows:
        key = (row.contribution_id, row.action.lineage)
        if key not in seen:
            seen.add(key)
            found[row.contribution_id].append(row.action)
    for contribution in contributions:
        contribution.taken_up_by = sorted(
            found.get(contribution.pk, []), key=lambda a: a.title.lower()
        )
