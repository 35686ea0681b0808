"""Use cases of the plan: plans, axes, actions (with history and optimistic locking), levers,
traceability links, comments and reorientations. Each writes its audit entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.core.text import fold
from essor.plans import history
from essor.plans.models import (
    COMMON_LEVERS,
    Action,
    ActionStatus,
    Axis,
    BudgetLine,
    Comment,
    Funding,
    Indicator,
    Lever,
    Milestone,
    Plan,
    Reorientation,
    ReorientationStatus,
)
from essor.processes.models import Process

CHILD_MODELS = {
    "milestones": Milestone,
    "budget_lines": BudgetLine,
    "fundings": Funding,
    "indicators": Indicator,
}


class EditConflict(Exception):
    """Someone saved the action since the editor opened it; nothing was written."""

    def __init__(self, action: Action, fields: set[str]):
        super().__init__(action.pk)
        self.action = action
        self.fields = fields


@dataclass
class ActionData:
    """What an edit of an action sets: scalar and many-to-many fields, and child rows."""

    fields: dict = field(default_factory=dict)
    children: dict[str, list[dict]] = field(default_factory=dict)


def check_editable(plan: Plan) -> None:
    if plan.is_frozen:
        raise PermissionDenied(_("This version of the plan is validated and frozen: read only."))


def ensure_levers(process: Process) -> None:
    """Seed the process's editable list of levers with the common ones (once)."""
    if process.plan_levers.exists():
        return
    # Stored as text in the platform's language, whoever triggers the seeding.
    with translation.override(settings.LANGUAGE_CODE):
        Lever.objects.bulk_create(
            Lever(process=process, name=str(name), order=index)
            for index, name in enumerate(COMMON_LEVERS)
        )


@transaction.atomic
def create_plan(*, process: Process, name: str, actor, **fields) -> Plan:
    ensure_levers(process)
    plan = Plan.objects.create(process=process, name=name, created_by=_user(actor), **fields)
    log_action(actor, "plan.created", plan, process=process.pk)
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, actor) -> Plan:
    check_editable(Plan.objects.get(pk=plan.pk))
    plan.save()
    log_action(actor, "plan.updated", plan, process=plan.process_id)
    return plan


@transaction.atomic
def save_axis(axis: Axis, *, actor) -> Axis:
    check_editable(axis.plan)
    if axis.parent_id and (axis.parent.plan_id != axis.plan_id or axis.parent.parent_id):
        raise ValidationError(
            {"parent": _("A sub-axis belongs to a first-level axis of the same plan.")}
        )
    if axis.pk and axis.parent_id and axis.children.exists():
        raise ValidationError({"parent": _("This axis has sub-axes: it stays at the first level.")})
    if not axis.pk and not axis.order:
        axis.order = (axis.plan.axes.aggregate(m=Max("order"))["m"] or 0) + 1
    axis.save()
    log_action(actor, "plan.axis_saved", axis, plan=axis.plan_id)
    return axis


@transaction.atomic
def delete_axis(axis: Axis, *, actor) -> None:
    check_editable(axis.plan)
    log_action(actor, "plan.axis_deleted", axis, plan=axis.plan_id, title=axis.title)
    axis.delete()


def clean_action(action: Action, plan: Plan) -> None:
    """Business rules of an action, as French messages at the field at fault."""
    errors = {}
    if not (action.title or "").strip():
        errors["title"] = _("Give the action a title.")
    if action.status == ActionStatus.NOT_RETAINED and not (action.status_reason or "").strip():
        errors["status_reason"] = _("Say why the action is not retained: the reason is kept.")
    if action.start_date and action.end_date and action.end_date < action.start_date:
        errors["end_date"] = _("The end comes before the start.")
    for name in ("start_date", "end_date"):
        value = getattr(action, name)
        if value and not plan.mandate_start <= value.year <= plan.mandate_end:
            errors[name] = _("The date is outside the mandate (%(start)s–%(end)s).") % {
                "start": plan.mandate_start,
                "end": plan.mandate_end,
            }
    if action.axis_id and action.axis.plan_id != plan.pk:
        errors["axis"] = _("This axis belongs to another plan.")
    if action.parent_id and (action.parent.plan_id != plan.pk or action.parent_id == action.pk):
        errors["parent"] = _("Choose another action of the same plan.")
    if errors:
        raise ValidationError(errors)


def clean_relations(data: ActionData, plan: Plan) -> None:
    """Links that must stay within the plan's process (the form limits them; the import
    and scripts go through here too)."""
    themes = data.fields.get("synthesis_themes") or []
    if any(t.synthesis.process_id != plan.process_id for t in themes):
        raise ValidationError(
            {"synthesis_themes": _("Only themes of this process's synthesis can be linked.")}
        )


def _apply(action: Action, data: ActionData) -> None:
    for name, value in data.fields.items():
        if name not in history.M2M_FIELDS:
            setattr(action, name, value)


def _write_relations(action: Action, data: ActionData) -> None:
    for name, value in data.fields.items():
        if name in history.M2M_FIELDS:
            getattr(action, name).set(value)
    for name, rows in data.children.items():
        model = CHILD_MODELS[name]
        if name == "indicators":
            rows = _keep_indicator_lineages(action, rows)
        model.objects.filter(action=action).delete()
        model.objects.bulk_create(model(action=action, **row) for row in rows)


def _keep_indicator_lineages(action: Action, rows: list[dict]) -> list[dict]:
    """An indicator typed again under the same name stays the same indicator: the values
    measured on the voted version follow it into an amended version (its ``lineage``)."""
    if not action.pk:
        return rows
    kept: dict[str, list] = {}
    for name, lineage in action.indicators.order_by("id").values_list("name", "lineage"):
        kept.setdefault(fold(name), []).append(lineage)
    result = []
    for row in rows:
        same = kept.get(fold(row["name"]))
        result.append({**row, "lineage": same.pop(0)} if same else row)
    return result


@transaction.atomic
def create_action(*, plan: Plan, data: ActionData, actor) -> Action:
    check_editable(plan)
    action = Action(plan=plan)
    _apply(action, data)
    clean_action(action, plan)
    clean_relations(data, plan)
    if not action.order:
        action.order = (plan.actions.aggregate(m=Max("order"))["m"] or 0) + 1
    action.save()
    _write_relations(action, data)
    history.record_changes(
        action, [("title", "", action.title)], version=action.version, actor=actor
    )
    log_action(actor, "plan.action_created", action, plan=plan.pk)
    return action


@transaction.atomic
def update_action(action: Action, data: ActionData, *, expected_version: int, actor) -> Action:
    """Save an edit made from ``expected_version``; record each changed field.

    Raises EditConflict (nothing written) if someone saved the action meanwhile:
    the version is bumped with a conditional UPDATE so that two concurrent
    saves of the same version cannot both succeed, on any database.
    """
    check_editable(action.plan)
    # From the database: a bound ModelForm has already written its values on ``action``.
    before = history.snapshot(Action.objects.get(pk=action.pk))
    _apply(action, data)
    clean_action(action, action.plan)
    clean_relations(data, action.plan)
    bumped = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        current = Action.objects.get(pk=action.pk)
        raise EditConflict(current, history.changed_since(current, expected_version))
    action.version = expected_version + 1
    action.save()
    _write_relations(action, data)
    after = history.snapshot(action)
    changes = history.diff(before, after)
    history.record_changes(action, changes, version=action.version, actor=actor)
    log_action(
        actor, "plan.action_updated", action, plan=action.plan_id, fields=[c[0] for c in changes]
    )
    return action


@transaction.atomic
def delete_action(action: Action, *, actor) -> None:
    check_editable(action.plan)
    log_action(actor, "plan.action_deleted", action, plan=action.plan_id, title=action.title)
    action.delete()


@transaction.atomic
def link_sources(action: Action, *, contributions, answers, actor) -> None:
    """Set the contributions and survey answers the action comes from (same process only)."""
    check_editable(action.plan)
    process_id = action.plan.process_id
    if any(c.process_id != process_id for c in contributions) or any(
        a.response.survey.process_id != process_id for a in answers
    ):
        raise ValidationError(_("Only contributions of this process can be linked."))
    before = _sources_text(action)
    action.contributions.set(contributions)
    action.survey_answers.set(answers)
    after = _sources_text(action)
    if before != after:
        history.record_changes(
            action, [("contributions", before, after)], version=action.version, actor=actor
        )
    log_action(
        actor,
        "plan.action_sources",
        action,
        contributions=[c.pk for c in contributions],
        answers=[a.pk for a in answers],
    )


@transaction.atomic
def add_comment(action: Action, *, text: str, actor) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The comment is empty.")})
    comment = Comment.objects.create(action=action, author=_user(actor), text=text)
    log_action(actor, "plan.comment_added", action, comment=comment.pk)
    return comment


@transaction.atomic
def propose_reorientation(action: Action, *, proposal: str, actor) -> Reorientation:
    proposal = (proposal or "").strip()
    if not proposal:
        raise ValidationError({"proposal": _("Describe the proposed reorientation.")})
    item = Reorientation.objects.create(action=action, proposed_by=_user(actor), proposal=proposal)
    log_action(actor, "plan.reorientation_proposed", action, reorientation=item.pk)
    return item


@transaction.atomic
def decide_reorientation(
    item: Reorientation, *, accept: bool, response: str = "", actor
) -> Reorientation:
    if item.status != ReorientationStatus.PENDING:
        raise ValidationError(_("This reorientation has already been answered."))
    item.status = ReorientationStatus.ACCEPTED if accept else ReorientationStatus.DECLINED
    item.response = (response or "").strip()
    item.decided_by = _user(actor)
    item.decided_at = timezone.now()
    item.save()
    log_action(actor, f"plan.reorientation_{item.status}", item.action, reorientation=item.pk)
    return item


@transaction.atomic
def add_lever(process: Process, *, name: str, actor) -> Lever:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the lever a name.")})
    if process.plan_levers.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This lever is already in the list.")})
    order = (process.plan_levers.aggregate(m=Max("order"))["m"] or 0) + 1
    lever = Lever.objects.create(process=process, name=name[:150], order=order)
    log_action(actor, "plan.lever_added", lever, process=process.pk)
    return lever


@transaction.atomic
def delete_lever(lever: Lever, *, actor) -> None:
    if lever.actions.exists():
        raise ValidationError(_("This lever is used by actions: remove it from them first."))
    log_action(actor, "plan.lever_deleted", lever, process=lever.process_id, name=lever.name)
    lever.delete()


def _sources_text(action: Action) -> str:
    texts = [str(c) for c in action.contributions.all()]
    texts += [a.text[:80] for a in action.survey_answers.all()]
    return "\n".join(sorted(texts))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
