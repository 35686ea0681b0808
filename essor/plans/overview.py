"""What the plan overview shows, computed in a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from essor.plans.models import Action, Axis, Plan

# What a complete action sheet holds (label, test on an action from for_overview()).
COMPLETENESS = [
    (_("description"), lambda a: bool(a.description.strip())),
    (_("objectives"), lambda a: bool(a.objectives.strip())),
    (_("pilot"), lambda a: bool(a.pilot_organisations.all() or a.pilot_people.all())),
    (_("departments"), lambda a: bool(a.departments.all())),
    (_("schedule"), lambda a: bool(a.start_date and a.end_date)),
    (_("budget"), lambda a: bool(a.budget_planned)),
    (_("indicators"), lambda a: bool(a.indicator_count)),
    (_("levers"), lambda a: bool(a.levers.all())),
]


def completeness(action: Action) -> tuple[int, list[str]]:
    """Percentage of the sheet filled in, and what is missing."""
    missing = [str(label) for label, test in COMPLETENESS if not test(action)]
    return round(100 * (len(COMPLETENESS) - len(missing)) / len(COMPLETENESS)), missing


@dataclass
class AxisBlock:
    axis: Axis | None
    actions: list[Action] = field(default_factory=list)
    children: list[AxisBlock] = field(default_factory=list)

    def all_actions(self) -> list[Action]:
        return self.actions + [a for child in self.children for a in child.all_actions()]

    @property
    def has_support(self) -> bool:
        return any(a.contribution_count for a in self.all_actions())


@dataclass
class Overview:
    blocks: list[AxisBlock]
    actions: list[Action]
    unsupported_axes: list[Axis]
    without_pilot: list[Action]
    status_counts: dict
    average_completeness: int


def build_overview(plan: Plan, actions) -> Overview:
    """Group ``actions`` (a queryset of the plan, maybe filtered) under the axis tree."""
    actions = list(actions.for_overview().order_by("axis__order", "order", "id"))
    axes = list(plan.axes.all())
    blocks = {axis.pk: AxisBlock(axis) for axis in axes}
    roots = []
    for axis in axes:
        parent = blocks.get(axis.parent_id)
        (parent.children if parent else roots).append(blocks[axis.pk])
    loose = AxisBlock(None)
    for action in actions:
        action.completeness, action.missing = completeness(action)
        blocks.get(action.axis_id, loose).actions.append(action)
    if loose.actions:
        roots.append(loose)
    status_counts = {}
    for action in actions:
        status_counts[action.status] = status_counts.get(action.status, 0) + 1
    return Overview(
        blocks=roots,
        actions=actions,
        unsupported_axes=[b.axis for b in blocks.values() if not b.has_support],
        without_pilot=[
            a
            for a in actions
            if a.is_committed and not (a.pilot_organisations.all() or a.pilot_people.all())
        ],
        status_counts=status_counts,
        average_completeness=(
            round(sum(a.completeness for a in actions) / len(actions)) if actions else 0
        ),
    )
