"""Recording funding received, evidence and comments on an action; the plan's publication
settings; downloading evidence (only through the follow-up's permission check)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.followup import evidence
from essor.followup.evidence_context import action_reports
from essor.followup.evidence_forms import CommentForm, EvidenceForm, FundingForm, SettingsForm
from essor.followup.permissions import (
    COMMENT,
    RECORD,
    VIEW,
    get_evidence_for,
    get_followed_action_for,
    get_followed_plan_for,
)
from essor.followup.views import _action_page, _action_url, _add_errors


@login_required
@require_POST
def settings_save(request, process_id, plan_id):
    plan = get_followed_plan_for(request.user, process_id, plan_id, RECORD)
    form = SettingsForm(request.POST, prefix="settings")
    if form.is_valid():  # two check boxes: always valid
        evidence.save_settings(plan, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The publication settings have been saved."))
    return redirect("followup:dashboard", plan.process.pk, plan.pk)


@login_required
@require_POST
def funding_add(request, process_id, plan_id, action_id):
    action = get_followed_action_for(request.user, process_id, plan_id, action_id, RECORD)
    form = FundingForm(request.POST, plan=action.plan, prefix="funding")
    if form.is_valid():
        try:
            entry = evidence.record_funding(action, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The amount received has been recorded."))
            return redirect(_action_url(action, entry.year))
    return _action_page(request, action, funding_form=form)


@login_required
@require_POST
def evidence_add(request, process_id, plan_id, action_id):
    action = get_followed_action_for(request.user, process_id, plan_id, action_id, RECORD)
    form = EvidenceForm(
        request.POST, request.FILES, reports=action_reports(action), prefix="evidence"
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            evidence.attach_evidence(
                data["report"], upload=data["file"], title=data["title"], actor=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The document has been attached to the report."))
            return redirect(_action_url(action, data["report"].year))
    return _action_page(request, action, evidence_form=form)


@login_required
def evidence_download(request, process_id, attachment_id):
    item = get_evidence_for(request.user, process_id, attachment_id, VIEW)
    response = HttpResponse(bytes(item.content), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def comment_add(request, process_id, plan_id, action_id):
    action = get_followed_action_for(request.user, process_id, plan_id, action_id, COMMENT)
    form = CommentForm(request.POST, prefix="comment")
    if form.is_valid():
        try:
            evidence.add_comment(action, text=form.cleaned_data["text"], actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your comment has been added."))
            url = reverse("followup:action", args=[process_id, action.plan.pk, action.pk])
            return redirect(f"{url}#comments-title")
    return _action_page(request, action, comment_form=form)
