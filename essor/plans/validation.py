"""Validation of a plan version by the bodies (COTECH, then COPIL) and the council vote.

The body's answer is a decision record of essor.decisions about the plan; a
plan validated by the steering committee is frozen (read-only, still comparable).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.bodies.models import Body, BodyKind
from essor.core.audit import log_action
from essor.decisions.models import Outcome
from essor.decisions.services import record_decision
from essor.plans.models import Plan, PlanStatus, Submission
from essor.plans.services import check_editable

PLAN_OUTCOMES = [Outcome.VALIDATED, Outcome.TO_REWORK]


@transaction.atomic
def submit_plan(plan: Plan, *, body: Body, actor) -> Submission:
    """Send the plan to a body of its process for a decision."""
    check_editable(plan)
    if body.process_id != plan.process_id:
        raise ValidationError({"body": _("This body belongs to another process.")})
    if plan.submissions.filter(decision__isnull=True).exists():
        raise ValidationError(
            {"body": _("The plan is already awaiting a decision: record it first.")}
        )
    submission = Submission.objects.create(plan=plan, body=body, submitted_by=_user(actor))
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    log_action(actor, "plan.submitted", plan, body=body.pk)
    return submission


@transaction.atomic
def record_plan_decision(
    submission: Submission,
    *,
    outcome: str,
    decided_on: dt.date,
    comment: str = "",
    actor,
) -> Submission:
    """Record the body's decision on the submitted plan; a COPIL validation freezes it."""
    if submission.decision_id:
        raise ValidationError(_("This submission already has its decision."))
    if outcome not in PLAN_OUTCOMES:
        raise ValidationError({"outcome": _("Choose validated or to be reworked.")})
    plan = submission.plan
    summary = (
        _("%(plan)s validated") if outcome == Outcome.VALIDATED else _("%(plan)s to be reworked")
    ) % {"plan": plan.name}
    submission.decision = record_decision(
        body=submission.body,
        decided_on=decided_on,
        summary=summary,
        outcome=outcome,
        subject=plan,
        comment=comment,
        recorded_by=actor,
    )
    submission.save(update_fields=["decision"])
    if outcome == Outcome.TO_REWORK:
        plan.status = PlanStatus.TO_REWORK
    else:
        plan.status = PlanStatus.VALIDATED
        if submission.body.kind == BodyKind.STEERING:
            plan.frozen_at = timezone.now()
    plan.save(update_fields=["status", "frozen_at", "updated_at"])
    log_action(actor, "plan.decision_recorded", plan, outcome=outcome, frozen=plan.is_frozen)
    return submission


@transaction.atomic
def record_council_vote(plan: Plan, *, date: dt.date, result: str, note: str = "", actor) -> Plan:
    """The council's vote on a validated plan (allowed on a frozen plan: it is not content)."""
    if plan.status != PlanStatus.VALIDATED:
        raise ValidationError(_("Only a validated plan goes to the council vote."))
    plan.council_vote_date = date
    plan.council_vote_result = result
    plan.council_vote_note = note
    plan.save(update_fields=["council_vote_date", "council_vote_result", "council_vote_note"])
    log_action(actor, "plan.council_vote", plan, result=result, date=str(date))
    return plan


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
