"""Scenarios and versions: copying a whole plan, and comparing two plans action by action."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from essor.core.audit import log_action
from essor.plans import history
from essor.plans.models import Action, Attachment, Axis, Plan, PlanKind, PlanStatus
from essor.plans.services import CHILD_MODELS

COPIED_PLAN_FIELDS = ["introduction", "follow_up", "mandate_start", "mandate_end"]
COPIED_ACTION_FIELDS = [
    "lineage", "order", "title", "description", "objectives", "expected_effects", "status",
    "status_reason", "priority", "start_date", "end_date", "themes", "audiences", "notes",
]  # fmt: skip
M2M_COPIED = history.M2M_FIELDS + ["contributions", "survey_answers"]


@transaction.atomic
def duplicate_plan(plan: Plan, *, name: str, kind: str = PlanKind.SCENARIO, actor) -> Plan:
    """A full, independent copy of ``plan`` (axes, actions, sub-actions, their content).

    Actions keep their ``lineage`` so the copy can be compared with the original.
    History, comments and submissions stay with the original.
    """
    copy = Plan.objects.create(
        process=plan.process,
        name=name,
        kind=kind,
        based_on=plan,
        status=PlanStatus.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{f: getattr(plan, f) for f in COPIED_PLAN_FIELDS},
    )
    axes = {}
    # First-level axes first (sorted in Python: databases order NULLs differently).
    for axis in sorted(plan.axes.all(), key=lambda a: (a.parent_id is not None, a.order, a.pk)):
        axes[axis.pk] = Axis.objects.create(
            plan=copy,
            parent=axes.get(axis.parent_id),
            order=axis.order,
            number=axis.number,
            title=axis.title,
            vision=axis.vision,
            lineage=axis.lineage,
        )
    pending = list(plan.actions.order_by("order", "id").prefetch_related(*M2M_COPIED))
    copies = {}
    while pending:  # parents before their sub-actions, whatever the depth
        ready = [a for a in pending if a.parent_id is None or a.parent_id in copies]
        if not ready:  # a loop of parents (never made by the services): copied without parent
            ready = pending
        for action in ready:
            new = Action.objects.create(
                plan=copy,
                axis=axes.get(action.axis_id),
                parent=copies.get(action.parent_id),
                **{f: getattr(action, f) for f in COPIED_ACTION_FIELDS},
            )
            for name in M2M_COPIED:
                getattr(new, name).set(getattr(action, name).all())
            copies[action.pk] = new
        pending = [a for a in pending if a.pk not in copies]
    for name, model in CHILD_MODELS.items():
        # An indicator keeps its identity in the copy, like an action (its ``lineage``).
        keys = history.CHILD_KEYS[name] + (["lineage"] if name == "indicators" else [])
        model.objects.bulk_create(
            model(action=copies[row.action_id], **{k: getattr(row, k) for k in keys})
            for row in model.objects.filter(action__plan=plan)
        )
    Attachment.objects.bulk_create(
        Attachment(action=copies[f.action_id], title=f.title, filename=f.filename,
                   content_type=f.content_type, size=f.size, content=f.content,
                   uploaded_by=f.uploaded_by)
        for f in Attachment.objects.filter(action__plan=plan)
    )  # fmt: skip
    log_action(actor, "plan.duplicated", copy, source=plan.pk, kind=kind)
    return copy


@dataclass
class ActionDifference:
    left: Action | None
    right: Action | None
    fields: list[tuple[str, str, str]]  # (label, left value, right value)

    @property
    def title(self) -> str:
        return (self.right or self.left).title


@dataclass
class Comparison:
    added: list[Action]  # in the right plan only
    removed: list[Action]  # in the left plan only
    changed: list[ActionDifference]
    unchanged: int


def _snapshots(plan: Plan) -> dict:
    actions = plan.actions.select_related("axis", "parent").prefetch_related(
        *history.M2M_FIELDS, *history.CHILD_FIELDS
    )
    return {a.lineage: (a, history.snapshot(a)) for a in actions}


def compare_plans(left: Plan, right: Plan) -> Comparison:
    """From ``left`` to ``right``: actions added, removed and changed field by field."""
    before, after = _snapshots(left), _snapshots(right)
    added = [after[k][0] for k in after if k not in before]
    removed = [before[k][0] for k in before if k not in after]
    changed, unchanged = [], 0
    for key in after:
        if key not in before:
            continue
        fields = [
            (history.field_label(name), old, new)
            for name, old, new in history.diff(before[key][1], after[key][1])
        ]
        if fields:
            changed.append(ActionDifference(before[key][0], after[key][0], fields))
        else:
            unchanged += 1
    return Comparison(added, removed, changed, unchanged)
