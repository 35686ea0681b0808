"""Validation of a plan version by the bodies (COTECH, then COPIL) and the council vote.

The body's answer is a decision record of essor.decisions about the plan, taken
at a meeting of the body; a technical committee gives an opinion, the steering
committee validates: the plan is then frozen (read-only, still comparable, and
showing the synthesis as it was) and can go to the council vote.
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
from essor.meetings.models import Meeting
from essor.plans import freezing
from essor.plans.models import ActionStatus, CouncilResult, Plan, PlanStatus, Submission
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


def decision_meetings(body: Body):
    """The meetings of ``body`` a decision can be recorded at: those already held."""
    return body.meetings.filter(starts_at__lte=timezone.now()).order_by("-starts_at", "-id")


@transaction.atomic
def record_plan_decision(
    submission: Submission,
    *,
    outcome: str,
    meeting: Meeting,
    comment: str = "",
    actor,
) -> Submission:
    """Record the body's decision on the submitted plan, taken at one of its (held) meetings
    and dated by it. Only the steering committee validates (and freezes) a plan; a technical
    committee's "validated" is a favourable opinion."""
    if submission.decision_id:
        raise ValidationError(_("This submission already has its decision."))
    if outcome not in PLAN_OUTCOMES:
        raise ValidationError({"outcome": _("Choose validated or to be reworked.")})
    body = submission.body
    if meeting is None or not decision_meetings(body).filter(pk=meeting.pk).exists():
        raise ValidationError(
            {"meeting": _("Choose a meeting of this body that has already taken place.")}
        )
    plan = submission.plan
    steering = body.kind == BodyKind.STEERING
    if outcome == Outcome.TO_REWORK:
        summary = _("%(plan)s to be reworked")
    elif steering:
        summary = _("%(plan)s validated")
    else:
        summary = _("Favourable opinion on %(plan)s")
    submission.decision = record_decision(
        body=body,
        meeting=meeting,
        decided_on=timezone.localtime(meeting.starts_at).date(),
        summary=summary % {"plan": plan.name},
        outcome=outcome,
        subject=plan,
        comment=comment,
        recorded_by=actor,
    )
    submission.save(update_fields=["decision"])
    fields = ["status", "updated_at"]
    if outcome == Outcome.TO_REWORK:
        plan.status = PlanStatus.TO_REWORK
    elif steering:
        plan.status = PlanStatus.VALIDATED
        freezing.freeze(plan)
        fields += freezing.FROZEN_FIELDS
    else:
        plan.status = PlanStatus.FAVOURABLE
    plan.save(update_fields=fields)
    log_action(actor, "plan.decision_recorded", plan, outcome=outcome, frozen=plan.is_frozen,
               meeting=meeting.pk)  # fmt: skip
    return submission


def can_go_to_council(plan: Plan) -> bool:
    """The council votes on a plan the steering committee validated (hence frozen)."""
    return plan.status == PlanStatus.VALIDATED and plan.is_frozen


@transaction.atomic
def record_council_vote(plan: Plan, *, date: dt.date, result: str, note: str = "", actor) -> Plan:
    """The council's vote on a validated plan (allowed on a frozen plan: it is not content)."""
    if not can_go_to_council(plan):
        raise ValidationError(
            _("Only a plan validated by the steering committee goes to the council vote.")
        )
    if date > timezone.localdate():
        raise ValidationError({"date": _("A council vote cannot be dated in the future.")})
    plan.council_vote_date = date
    plan.council_vote_result = result
    plan.council_vote_note = note
    plan.save(update_fields=["council_vote_date", "council_vote_result", "council_vote_note"])
    log_action(actor, "plan.council_vote", plan, result=result, date=str(date))
    return plan


@transaction.atomic
def record_prior_adoption(plan: Plan, *, adopted_on: dt.date, actor) -> Plan:
    """A plan the council adopted before the authority used Essor (``import_plan
    --adopted-on``): validated, frozen and adopted on that date, ready for follow-up.

    Its bodies' decisions happened outside Essor, so none is recorded; actions still
    "proposed" are taken as retained, since the council voted the plan as imported."""
    if adopted_on > timezone.localdate():
        raise ValidationError({"date": _("A council vote cannot be dated in the future.")})
    plan.actions.filter(status=ActionStatus.PROPOSED).update(status=ActionStatus.RETAINED)
    plan.status = PlanStatus.VALIDATED
    freezing.freeze(plan)
    plan.council_vote_date = adopted_on
    plan.council_vote_result = CouncilResult.ADOPTED
    plan.mandate_start = min(plan.mandate_start, adopted_on.year)
    plan.save()
    log_action(actor, "plan.prior_adoption", plan, date=str(adopted_on))
    return plan


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
