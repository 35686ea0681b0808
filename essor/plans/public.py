"""The roadmap as the public reads it: the latest validated (frozen) version of the plan.

Only what the authority committed to and publishes: axes, actions with their
title, description, pilot organisations (not people: personal data), status,
schedule and indicators. Comments, reorientations, attachments, history,
scenarios, notes, budgets and drafts stay internal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.html import format_html_join

from essor.plans.history import number
from essor.plans.models import Action, ActionStatus, Axis, Indicator, Plan, PlanStatus
from essor.plans.roadmap_facts import shown_labels

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
        .prefetch_related("pilot_organisations", "milestones")
        .order_by("order", "id")
    )
    attach_indicator_rows(plan, actions)
    for action in actions:
        # Organisations only (people are personal data), as validated.
        action.pilot_names = shown_labels(action, "pilot_organisations")
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


def attach_indicator_rows(plan: Plan, actions: list[Action]) -> None:
    """Each action's indicator table body, rendered here rather than by the template:
    300 actions with 10 indicators each made 3,000 template rows, the bulk of the page's time."""
    rows = defaultdict(list)
    values = Indicator.objects.filter(action__plan=plan, action__status__in=PUBLIC_STATUSES)
    for action_id, *row in values.order_by("action", "id").values_list(
        "action_id", "name", "unit", "baseline", "target", "target_year"
    ):
        rows[action_id].append(row)
    for action in actions:
        action.indicator_rows = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td class="number">{}</td><td class="number">{}</td>'
            "<td>{}</td></tr>",
            (
                (name, unit, number(baseline) or "—", number(target) or "—", year or "—")
                for name, unit, baseline, target, year in rows.get(action.pk, [])
            ),
        )


# What higher apps (the follow-up's progress) add to the public page, registered in their
# AppConfig.ready(): plans shows it without importing them. A hook gets the plan and its
# public axes, may set attributes on them and their actions, and returns template context;
# its "includes" ({"head"|"top"|"axis": [template names]}) are rendered in place. What it
# adds to each action is HTML it renders itself, set as ``action.public_html``: an include
# per action would cost a quarter of the page's time on a plan of 300 actions.
# What hooks add is cached with the page (plans.public_cache): a hook's app must raise the
# page's number when what it reads is saved (bump_public_page) and put in the key whatever
# else its output depends on (register_key_part), and a hook must not depend on the reader.
PUBLIC_PAGE_HOOKS: list[Callable[[Plan, list[PublicAxis]], dict]] = []
PLACES = ("head", "top", "axis")


def register_public_hook(hook: Callable[[Plan, list[PublicAxis]], dict]) -> None:
    if hook not in PUBLIC_PAGE_HOOKS:
        PUBLIC_PAGE_HOOKS.append(hook)


def public_extras(plan: Plan, axes: list[PublicAxis]) -> dict:
    includes: dict[str, list[str]] = {place: [] for place in PLACES}
    context: dict = {}
    for hook in PUBLIC_PAGE_HOOKS:
        extra = dict(hook(plan, axes))
        for place, names in extra.pop("includes", {}).items():
            includes[place] += names
        context.update(extra)
    return {**context, "public_includes": includes}
