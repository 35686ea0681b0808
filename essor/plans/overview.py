"""What the plan overview shows, computed in a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from essor.plans.models import Action, Axis, Plan
from essor.plans.roadmap_facts import shown_labels

# What a complete action sheet holds (label, test on an action from for_overview()
# with its pilots attached).
COMPLETENESS = [
    (_("description"), lambda a: bool(a.description.strip())),
    (_("objectives"), lambda a: bool(a.objectives.strip())),
    (_("pilot"), lambda a: bool(a.pilots)),
    (_("departments"), lambda a: bool(a.department_count)),
    (_("schedule"), lambda a: bool(a.start_date and a.end_date)),
    (_("budget"), lambda a: bool(a.budget_planned)),
    (_("indicators"), lambda a: bool(a.indicator_count)),
    (_("levers"), lambda a: bool(a.lever_count)),
]


def attach_pilots(actions: list[Action]) -> None:
    """Set ``action.pilots`` (names of pilot organisations, then people) in two queries;
    a frozen plan's actions keep the names they were validated with."""
    by_id = {}
    for action in actions:
        if action.frozen_labels is not None:
            action.pilots = shown_labels(action, "pilot_organisations") + shown_labels(
                action, "pilot_people"
            )
        else:
            action.pilots = []
            by_id[action.pk] = action
    organisations = Action.pilot_organisations.through.objects.filter(action__in=by_id)
    for action_id, name in organisations.values_list("action_id", "organisation__name"):
        by_id[action_id].pilots.append(name)
    people = Action.pilot_people.through.objects.filter(action__in=by_id).values_list(
        "action_id", "person__first_name", "person__last_name"
    )
    for action_id, first, last in people:
        by_id[action_id].pilots.append(f"{first} {last}".strip())


def completeness(action: Action, labels: list[str] | None = None) -> tuple[int, list[str]]:
    """Percentage of the sheet filled in, and what is missing."""
    labels = labels or [str(label) for label, _test in COMPLETENESS]
    missing = [labels[i] for i, (_label, test) in enumerate(COMPLETENESS) if not test(action)]
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
    attach_pilots(actions)
    labels = [str(label) for label, _test in COMPLETENESS]  # translated once, not per action
    axes = list(plan.axes.all())
    blocks = {axis.pk: AxisBlock(axis) for axis in axes}
    roots = []
    for axis in axes:
        parent = blocks.get(axis.parent_id)
        (parent.children if parent else roots).append(blocks[axis.pk])
    loose = AxisBlock(None)
    for action in actions:
        action.completeness, action.missing = completeness(action, labels)
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
        without_pilot=[a for a in actions if a.is_committed and not a.pilots],
        status_counts=status_counts,
        average_completeness=(
            round(sum(a.completeness for a in actions) / len(actions)) if actions else 0
        ),
    )
