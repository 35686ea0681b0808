"""Recording what a body decided (used later to validate plan versions)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from essor.bodies.models import Body
from essor.core.audit import log_action
from essor.decisions.models import Decision, Outcome
from essor.meetings.models import Meeting


def check_meeting(body: Body, meeting: Meeting | None) -> None:
    """A decision's meeting belongs to the body's process and, if it has a body, to that body;
    it has taken place (a decision is recorded after the fact)."""
    if meeting is None:
        return
    if not meeting.has_started:
        raise ValidationError(
            {"meeting": _("This meeting has not taken place yet.")}, code="not_held"
        )
    if meeting.process_id != body.process_id:
        raise ValidationError(
            {"meeting": _("This meeting belongs to another process.")}, code="other_process"
        )
    if meeting.body_id and meeting.body_id != body.pk:
        raise ValidationError(
            {"meeting": _("This meeting is a meeting of another body.")}, code="other_body"
        )


@transaction.atomic
def record_decision(
    *,
    body: Body,
    decided_on: dt.date,
    summary: str,
    outcome: str,
    subject: models.Model | None = None,
    subject_label: str = "",
    meeting: Meeting | None = None,
    comment: str = "",
    recorded_by=None,
) -> Decision:
    """Record what ``body`` decided on ``decided_on``, optionally about ``subject``.

    ``subject`` is any saved model instance (a plan version later); find the
    decisions about it with ``Decision.objects.about(obj)``. Raises
    ValidationError for an unknown outcome, an empty summary or a meeting of
    another process or body.
    """
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")}, code="outcome")
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Say what was decided.")}, code="summary")
    check_meeting(body, meeting)
    decision = Decision(
        body=body,
        meeting=meeting,
        decided_on=decided_on,
        summary=summary.strip(),
        outcome=outcome,
        comment=comment,
        subject_label=subject_label or (str(subject)[:300] if subject is not None else ""),
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
    )
    if subject is not None:
        decision.subject_type = ContentType.objects.get_for_model(subject)
        decision.subject_id = str(subject.pk)
    decision.save()
    log_action(
        recorded_by,
        "decision.recorded",
        decision,
        process=body.process_id,
        body=body.pk,
        outcome=outcome,
        subject=f"{decision.subject_type_id}:{decision.subject_id}" if subject is not None else "",
    )
    return decision


@transaction.atomic
def update_decision(decision: Decision, *, actor) -> Decision:
    check_meeting(decision.body, decision.meeting)
    decision.save()
    log_action(actor, "decision.updated", decision, process=decision.body.process_id)
    return decision


@transaction.atomic
def delete_decision(decision: Decision, *, actor) -> None:
    log_action(
        actor,
        "decision.deleted",
        decision,
        process=decision.body.process_id,
        summary=decision.summary[:200],
    )
    decision.delete()
