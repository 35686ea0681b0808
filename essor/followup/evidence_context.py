"""What the follow-up pages show of the settings, funding, evidence and comments (context
for the dashboard and the action page; the views that record them are evidence_views)."""

from __future__ import annotations

from django.db.models import Sum

from essor.followup.evidence import followup_settings
from essor.followup.evidence_forms import CommentForm, EvidenceForm, FundingForm, SettingsForm
from essor.followup.evidence_models import FollowupComment, FundingReceipt, ReportAttachment
from essor.followup.models import ProgressReport
from essor.followup.permissions import COMMENT, RECORD


def action_reports(action):
    return ProgressReport.objects.filter(
        process_id=action.plan.process_id, lineage=action.lineage
    ).order_by("-created_at", "-id")


def action_extras(request, action, forms: dict) -> dict:
    """Funding received, evidence and comments of an action, with their forms."""
    plan = action.plan
    same = {"process_id": plan.process_id, "lineage": action.lineage}
    funding = FundingReceipt.objects.filter(**same).select_related("author")
    return {
        "can_comment": request.user.has_perm(COMMENT, plan.process),
        "funding": funding.order_by("-year", "-created_at", "-id"),
        "funding_by_year": funding.values_list("year").annotate(total=Sum("amount"))
        .order_by("year"),
        "evidence": ReportAttachment.objects.filter(report__process_id=plan.process_id,
                                                    report__lineage=action.lineage)
        .select_related("report__author").defer("content").order_by("-uploaded_at", "-id"),
        "comments": FollowupComment.objects.filter(**same).select_related("author")
        .order_by("-created_at", "-id"),
        "funding_form": forms.get("funding_form") or FundingForm(plan=plan, prefix="funding"),
        "evidence_form": forms.get("evidence_form")
        or EvidenceForm(reports=action_reports(action), prefix="evidence"),
        "comment_form": forms.get("comment_form") or CommentForm(prefix="comment"),
    }  # fmt: skip


def dashboard_extras(request, plan) -> dict:
    """The publication settings and their form (facilitators), the public links."""
    current = followup_settings(plan)
    extras = {"followup_settings": current}
    if request.user.has_perm(RECORD, plan.process):
        extras["settings_form"] = SettingsForm(
            initial={
                "notes_public_by_default": current.notes_public_by_default,
                "budgets_public": current.budgets_public,
            },
            prefix="settings",
        )
    return extras
