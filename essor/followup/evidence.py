"""Recording what surrounds the reports: publication settings, funding received, evidence
attached to a report, comments. One function per use case, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.followup.evidence_models import (
    COMMENT_MAX_LENGTH,
    FollowupComment,
    FollowupSettings,
    FundingReceipt,
    ReportAttachment,
)
from essor.followup.models import ProgressReport
from essor.followup.services import check_followed
from essor.plans.attachments import checked_upload
from essor.plans.models import Action, Plan


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def followup_settings(plan: Plan) -> FollowupSettings:
    """The plan's settings; an amended version without its own keeps those of the latest
    version that had some; otherwise the defaults (unsaved). One query."""
    found = list(
        FollowupSettings.objects.filter(plan__process_id=plan.process_id).order_by(
            F("plan__frozen_at").desc(nulls_last=True), "-plan_id"
        )
    )
    for item in found:
        if item.plan_id == plan.pk:
            return item
    return FollowupSettings(
        plan=plan,
        notes_public_by_default=found[0].notes_public_by_default if found else False,
        budgets_public=found[0].budgets_public if found else False,
    )


def note_public_by_default(plan: Plan) -> bool:
    """Whether a new progress note on this plan starts public (the report forms' default)."""
    return followup_settings(plan).notes_public_by_default


@transaction.atomic
def save_settings(
    plan: Plan, *, notes_public_by_default: bool, budgets_public: bool, actor
) -> FollowupSettings:
    item, _created = FollowupSettings.objects.update_or_create(
        plan=plan,
        defaults={
            "notes_public_by_default": notes_public_by_default,
            "budgets_public": budgets_public,
        },
    )
    log_action(actor, "followup.settings_saved", plan, notes_public=notes_public_by_default,
               budgets_public=budgets_public)  # fmt: skip
    return item


@transaction.atomic
def record_funding(
    action: Action,
    *,
    funder: str,
    amount: Decimal,
    year: int,
    actor,
    received_on: dt.date | None = None,
    author_label: str = "",
) -> FundingReceipt:
    """An amount received from a funder for the action in ``year`` (a new entry)."""
    check_followed(action.plan, year)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("An amount received must be positive.")})
    if received_on is not None and received_on > timezone.localdate():
        raise ValidationError({"received_on": _("A date received cannot be in the future.")})
    entry = FundingReceipt(
        process_id=action.plan.process_id,
        lineage=action.lineage,
        action=action,
        funder=funder.strip(),
        amount=amount,
        year=year,
        received_on=received_on,
        author=_person(actor),
        author_label=author_label,
    )
    entry.full_clean()
    entry.save()
    log_action(actor, "followup.funding_recorded", action, year=year, amount=str(amount))
    return entry


@transaction.atomic
def attach_evidence(report: ProgressReport, *, upload, title: str, actor) -> ReportAttachment:
    """A file kept as evidence of ``report``: the plan's accepted kinds and size limit."""
    filename, content_type = checked_upload(upload)
    attachment = ReportAttachment.objects.create(
        report=report,
        title=(title or filename).strip()[:200],
        filename=filename,
        content_type=content_type,
        size=upload.size,
        content=upload.read(),
        uploaded_by=_person(actor),
    )
    log_action(actor, "followup.evidence_attached", report, attachment=attachment.pk)
    return attachment


@transaction.atomic
def add_comment(action: Action, *, text: str, actor) -> FollowupComment:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The comment is empty.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": _("The comment is too long.")})
    comment = FollowupComment.objects.create(
        process_id=action.plan.process_id,
        lineage=action.lineage,
        action=action,
        text=text,
        author=_person(actor),
    )
    log_action(actor, "followup.comment_added", action, comment=comment.pk)
    return comment
