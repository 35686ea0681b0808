from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.core.forms import SHORT_TEXT_LIMIT
from essor.plans import attachments, history, services
from essor.plans.forms import (
    ActionForm,
    AttachmentForm,
    CommentForm,
    ReorientationForm,
    SourcesForm,
)
from essor.plans.freezing import linkable, shown_themes
from essor.plans.models import Action, Attachment
from essor.plans.overview import attach_pilots, completeness
from essor.plans.permissions import (
    COMMENT,
    MANAGE,
    VIEW,
    get_action_for,
    get_plan_for,
    get_reorientation_for,
)
from essor.plans.roadmap_facts import shown_labels
from essor.plans.views.common import int_or_none, plan_context
from essor.processes.permissions import get_process_for
from essor.synthesis.permissions import VIEW as SYNTHESIS_VIEW


def _form_page(request, plan, form, action=None, conflict=None):
    context = plan_context(
        request, plan.process, plan=plan, form=form, action=action, conflict=conflict
    )
    return render(request, "plans/action_form.html", context)


@login_required
def action_create(request, process_id, plan_id):
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    if plan.is_frozen:
        raise PermissionDenied
    initial = {"axis": plan.axes.filter(pk=int_or_none(request.GET.get("axe"))).first()}
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(plan=plan, data=form.action_data(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action has been created."))
            return redirect("plans:action", plan.process.pk, action.pk)
    return _form_page(request, plan, form)


@login_required
def action_edit(request, process_id, action_id):
    """Edit with optimistic locking: on a conflict, show both values and keep the user's input."""
    action = get_action_for(request.user, process_id, action_id, MANAGE)
    plan = action.plan
    if plan.is_frozen:
        raise PermissionDenied
    form = ActionForm(request.POST or None, instance=action, plan=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.action_data()
        try:
            services.update_action(
                action, data, expected_version=form.cleaned_data["version"], actor=request.user
            )
        except services.EditConflict as error:
            conflict = _conflict_rows(error, data)
            # Saving again from this page overwrites knowingly: it starts from the current version.
            form.data = form.data.copy()
            form.data["version"] = error.action.version
            form.add_error(
                None,
                _(
                    "Someone else saved this action while you were editing it. Nothing was "
                    "overwritten: compare the values below, adjust the form and save again."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect("plans:action", plan.process.pk, action.pk)
    return _form_page(request, plan, form, action=action, conflict=conflict)


def _conflict_rows(error: services.EditConflict, data) -> list[tuple[str, str, str]]:
    current = Action.objects.prefetch_related(*history.M2M_FIELDS, *history.CHILD_FIELDS).get(
        pk=error.action.pk
    )
    theirs = history.snapshot(current)
    mine = history.snapshot_of_data(data.fields, data.children)
    return [
        (history.field_label(name), theirs.get(name, ""), mine.get(name, ""))
        for name in history.TRACKED_FIELDS
        if name in error.fields or theirs.get(name, "") != mine.get(name, theirs.get(name, ""))
    ]


@login_required
def action_detail(request, process_id, action_id):
    action = get_action_for(request.user, process_id, action_id, VIEW)
    process = action.plan.process
    percent, missing = _completeness(action)
    context = plan_context(
        request,
        process,
        plan=action.plan,
        action=action,
        completeness=percent,
        missing=missing,
        comments=action.comments.select_related("author"),
        reorientations=action.reorientations.select_related("proposed_by", "decided_by"),
        comment_form=CommentForm(),
        attachment_form=AttachmentForm(),
        attachments=action.attachments.defer("content"),
        reorientation_form=ReorientationForm(),
        sub_actions=action.sub_actions.all(),
        contributions=action.contributions.select_related("workshop"),
        answers=action.survey_answers.select_related("question", "response__survey"),
        synthesis_themes=linkable(shown_themes(action)),
        pilots=shown_labels(action, "pilot_organisations") + shown_labels(action, "pilot_people"),
        partners=shown_labels(action, "partners"),
        departments=shown_labels(action, "departments"),
        can_view_synthesis=request.user.has_perm(SYNTHESIS_VIEW, process),
    )
    return render(request, "plans/action_detail.html", context)


def _completeness(action):
    annotated = Action.objects.for_overview().get(pk=action.pk)
    attach_pilots([annotated])
    return completeness(annotated)


@login_required
def action_history(request, process_id, action_id):
    action = get_action_for(request.user, process_id, action_id, VIEW)
    changes = [
        (change, history.field_label(change.field))
        for change in action.changes.select_related("changed_by")
    ]
    context = plan_context(
        request, action.plan.process, plan=action.plan, action=action, changes=changes
    )
    return render(request, "plans/action_history.html", context)


@login_required
def action_sources(request, process_id, action_id):
    """Link the action to the contributions and survey answers it comes from."""
    action = get_action_for(request.user, process_id, action_id, MANAGE)
    if action.plan.is_frozen:
        raise PermissionDenied
    process = action.plan.process
    initial = {"contributions": action.contributions.all(), "answers": action.survey_answers.all()}
    form = SourcesForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.link_sources(
            action,
            contributions=list(form.cleaned_data["contributions"]),
            answers=list(form.cleaned_data["answers"]),
            actor=request.user,
        )
        messages.success(request, _("The sources of the action have been saved."))
        return redirect("plans:action", process.pk, action.pk)
    context = plan_context(request, process, plan=action.plan, action=action, form=form)
    return render(request, "plans/action_sources.html", context)


@login_required
@require_POST
def action_delete(request, process_id, action_id):
    action = get_action_for(request.user, process_id, action_id, MANAGE)
    plan = action.plan
    services.delete_action(action, actor=request.user)
    messages.success(request, _("The action has been deleted."))
    return redirect("plans:detail", plan.process.pk, plan.pk)


@login_required
@require_POST
def attachment_add(request, process_id, action_id):
    action = get_action_for(request.user, process_id, action_id, MANAGE)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachments.add_attachment(
                action,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file has been attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("plans:action", action.plan.process.pk, action.pk)


def _attachment_for(request, process_id, attachment_id, perm):
    process = get_process_for(request.user, process_id, perm)
    item = (
        Attachment.objects.select_related("action__plan")
        .filter(pk=attachment_id, action__plan__process=process)
        .first()
    )
    if item is None:
        raise Http404
    return item


@login_required
def attachment_download(request, process_id, attachment_id):
    item = _attachment_for(request, process_id, attachment_id, VIEW)
    response = HttpResponse(bytes(item.content), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    return response


@login_required
@require_POST
def attachment_delete(request, process_id, attachment_id):
    item = _attachment_for(request, process_id, attachment_id, MANAGE)
    attachments.delete_attachment(item, actor=request.user)
    messages.success(request, _("The attachment has been removed."))
    return redirect("plans:action", process_id, item.action_id)


@login_required
@require_POST
def comment_add(request, process_id, action_id):
    action = get_action_for(request.user, process_id, action_id, COMMENT)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(action, text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("Your comment has been added."))
    else:  # empty or too long: the field's message says which
        messages.error(request, " ".join(form.errors["text"]))
    return redirect("plans:action", action.plan.process.pk, action.pk)


@login_required
@require_POST
def reorientation_add(request, process_id, action_id):
    action = get_action_for(request.user, process_id, action_id, COMMENT)
    form = ReorientationForm(request.POST)
    if form.is_valid():
        services.propose_reorientation(
            action, proposal=form.cleaned_data["proposal"], actor=request.user
        )
        messages.success(request, _("Your reorientation has been proposed to the facilitator."))
    else:
        messages.error(request, " ".join(form.errors["proposal"]))
    return redirect("plans:action", action.plan.process.pk, action.pk)


@login_required
@require_POST
def reorientation_decide(request, process_id, item_id):
    item = get_reorientation_for(request.user, process_id, item_id, MANAGE)
    accept = request.POST.get("decision")
    if accept not in ("accept", "decline"):
        raise Http404
    response = request.POST.get("response", "")
    try:
        if len(response) > SHORT_TEXT_LIMIT:  # refused, not cut: nothing is lost silently
            raise ValidationError(
                _("The answer is %(length)s characters long; the limit is %(limit)s.")
                % {"length": len(response), "limit": SHORT_TEXT_LIMIT}
            )
        services.decide_reorientation(
            item, accept=accept == "accept", response=response, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer to the reorientation has been recorded."))
    return redirect("plans:action", process_id, item.action_id)
