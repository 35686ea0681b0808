"""The roadmap as the public reads it: the latest validated (frozen) version of the plan.

Only what the authority committed to and publishes: axes, actions with their
title, description, pilot organisations (not people: personal data), status,
schedule and indicators. Comments, reorientations, attachments, history,
scenarios, notes, budgets and drafts stay internal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from essor.plans.models import Action, ActionStatus, Axis, Plan, PlanStatus

# Proposals still under study and the ones not retained are internal working material.
PUBLIC_STATUSES = [
    ActionStatus.RETAINED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.PAUSED,
    ActionStatus.ABANDONED,
]


def latest_validated_plan(process) -> Plan | None:
    """The most recently frozen plan validated by the steering committee, if any."""
    if process is None:
        return None
    return (
        Plan.objects.filter(process=process, status=PlanStatus.VALIDATED, frozen_at__isnull=False)
        .order_by("-frozen_at", "-id")
        .first()
    )


@dataclass
class PublicAxis:
    axis: Axis | None
    actions: list[Action] = field(default_factory=list)
    children: list[PublicAxis] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return len(self.actions) + sum(c.action_count for c in self.children)


def public_roadmap(plan: Plan) -> list[PublicAxis]:
    """Axes (with sub-axes) and their public actions, in a fixed number of queries."""
    actions = list(
        plan.actions.filter(status__in=PUBLIC_STATUSES)
        .select_related("parent")
        .prefetch_related("pilot_organisations", "indicators", "milestones")
        .order_by("order", "id")
    )
    by_axis: dict[int | None, list[Action]] = {}
    for action in actions:
        by_axis.setdefault(action.axis_id, []).append(action)
    axes = plan.axes.filter(parent__isnull=True).prefetch_related(
        Prefetch("children", queryset=Axis.objects.order_by("order", "id"))
    )
    result = [
        PublicAxis(
            axis,
            by_axis.get(axis.pk, []),
            [PublicAxis(child, by_axis.get(child.pk, [])) for child in axis.children.all()],
        )
        for axis in axes
    ]
    if by_axis.get(None):
        result.append(PublicAxis(None, by_axis[None]))
    return [item for item in result if item.action_count]
