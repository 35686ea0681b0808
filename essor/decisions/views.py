from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.decisions import services
from essor.decisions.forms import DecisionForm
from essor.decisions.models import Decision, Outcome
from essor.decisions.permissions import get_decision_for
from essor.processes.context import process_context
from essor.processes.permissions import get_process_for


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def decision_list(request, process_id):
    """Every decision of the bodies of the process, filterable by body and outcome."""
    process = get_process_for(request.user, process_id, "decisions.view_decisions")
    decisions = Decision.objects.filter(body__process=process).select_related("body", "meeting")
    bodies = process.bodies.all()
    body = bodies.filter(pk=_int(request.GET.get("instance"))).first()
    if body is not None:
        decisions = decisions.filter(body=body)
    outcome = request.GET.get("issue", "")
    if outcome in Outcome.values:
        decisions = decisions.filter(outcome=outcome)
    context = {
        **process_context(request.user, process, "decisions"),
        "decisions": decisions,
        "bodies": bodies,
        "selected_body": body,
        "outcomes": Outcome.choices,
        "selected_outcome": outcome,
    }
    return render(request, "decisions/decision_list.html", context)


@login_required
def decision_create(request, process_id):
    """Record a decision; ``?meeting=`` or ``?body=`` prefill the form."""
    process = get_process_for(request.user, process_id, "decisions.manage_decisions")
    initial = {"decided_on": timezone.localdate()}
    meeting = process.meetings.filter(pk=_int(request.GET.get("meeting"))).first()
    body = process.bodies.filter(pk=_int(request.GET.get("body"))).first()
    if meeting is not None:
        initial.update(meeting=meeting, decided_on=timezone.localtime(meeting.starts_at).date())
        body = body or meeting.body
    if body is not None:
        initial["body"] = body
    form = DecisionForm(request.POST or None, initial=initial, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.record_decision(
                body=data["body"],
                meeting=data["meeting"],
                decided_on=data["decided_on"],
                summary=data["summary"],
                outcome=data["outcome"],
                subject_label=data["subject_label"],
                comment=data["comment"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            if decision.meeting_id:
                return redirect("meetings:detail", process.pk, decision.meeting_id)
            return redirect("bodies:detail", process.pk, decision.body_id)
    context = {**process_context(request.user, process, "decisions"), "form": form}
    return render(request, "decisions/decision_form.html", context)


@login_required
def decision_edit(request, process_id, decision_id):
    decision = get_decision_for(request.user, process_id, decision_id)
    process = decision.body.process
    form = DecisionForm(request.POST or None, instance=decision, process=process)
    if request.method == "POST" and form.is_valid():
        services.update_decision(form.save(commit=False), actor=request.user)
        messages.success(request, _("The decision has been saved."))
        return redirect("decisions:list", process.pk)
    context = {
        **process_context(request.user, process, "decisions"),
        "form": form,
        "decision": decision,
    }
    return render(request, "decisions/decision_form.html", context)


@login_required
def decision_delete(request, process_id, decision_id):
    decision = get_decision_for(request.user, process_id, decision_id)
    process = decision.body.process
    if request.method == "POST":
        services.delete_decision(decision, actor=request.user)
        messages.success(request, _("The decision has been deleted."))
        return redirect("decisions:list", process.pk)
    context = {**process_context(request.user, process, "decisions"), "decision": decision}
    return render(request, "decisions/decision_confirm_delete.html", context)
