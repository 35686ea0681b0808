"""Traceability seen from the contributions: which action took each one up.

The link table belongs to the plan (Action.contributions); the contributions
pages ask this module rather than knowing the plan's models. One query for a
whole page of contributions, whatever its length.
"""

from __future__ import annotations

from collections import defaultdict

from essor.plans.models import Action


def taken_up_by(contribution_ids) -> dict[int, list[Action]]:
    """The actions linked to each contribution (ids, or a query of ids), one per action
    lineage (scenarios and versions copy the link; the newest plan's copy is named),
    sorted by title."""
    through = Action.contributions.through
    rows = (
        through.objects.filter(contribution__in=contribution_ids)
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
    return {pk: sorted(actions, key=lambda a: a.title.lower()) for pk, actions in found.items()}


def attach_taken_up_by(contributions) -> None:
    """Set ``taken_up_by`` on each contribution: the actions linked to it (see above)."""
    contributions = list(contributions)
    if not contributions:
        return
    found = taken_up_by([c.pk for c in contributions])
    for contribution in contributions:
        contribution.taken_up_by = found.get(contribution.pk, [])


def action_titles(contribution_ids) -> dict[int, str]:
    """The titles of the actions taking each contribution up, for the exports
    (registered with ``essor.contributions.follow_up``)."""
    return {
        pk: "; ".join(action.title for action in actions)
        for pk, actions in taken_up_by(contribution_ids).items()
    }
