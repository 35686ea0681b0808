"""Scenarios (copies compared side by side) and validation by the bodies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from essor.plans import scenarios, validation
from essor.plans.forms import CouncilVoteForm, DecisionForm, ScenarioForm, SubmitForm
from essor.plans.models import PlanKind
from essor.plans.permissions import MANAGE, VIEW, get_plan_for
from essor.plans.views.common import int_or_none, plan_context


@login_required
def duplicate(request, process_id, plan_id):
    """Copy the plan into a named scenario, or into a new version (``?kind=version``)."""
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    kind = PlanKind.VERSION if request.GET.get("kind") == "version" else PlanKind.SCENARIO
    form = ScenarioForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        copy = scenarios.duplicate_plan(
            plan, name=form.cleaned_data["name"], kind=kind, actor=request.user
        )
        messages.success(request, _("The copy has been created: you can edit it independently."))
        return redirect("plans:detail", plan.process.pk, copy.pk)
    context = plan_context(request, plan.process, plan=plan, form=form, kind=kind)
    return render(request, "plans/duplicate.html", context)


@login_required
def compare(request, process_id, plan_id):
    """This plan (left) against another version or scenario (right), side by side."""
    plan = get_plan_for(request.user, process_id, plan_id, VIEW)
    others = plan.process.plans.exclude(pk=plan.pk)
    other = others.filter(pk=int_or_none(request.GET.get("avec"))).first()
    comparison = scenarios.compare_plans(plan, other) if other else None
    context = plan_context(
        request,
        plan.process,
        plan=plan,
        plan_view="compare",
        others=others,
        other=other,
        comparison=comparison,
    )
    return render(request, "plans/compare.html", context)


@login_required
def submit(request, process_id, plan_id):
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    form = SubmitForm(request.POST or None, process=plan.process)
    if request.method == "POST" and form.is_valid():
        try:
            validation.submit_plan(plan, body=form.cleaned_data["body"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan has been submitted to the body."))
            return redirect("plans:detail", plan.process.pk, plan.pk)
    return render(
        request, "plans/submit.html", plan_context(request, plan.process, plan=plan, form=form)
    )


@login_required
def decide(request, process_id, plan_id, submission_id):
    """Record the body's decision on a submitted plan (a decision record of the body)."""
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    submission = plan.submissions.select_related("body").filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    form = DecisionForm(request.POST or None, body=submission.body)
    if request.method == "POST" and form.is_valid():
        try:
            validation.record_plan_decision(submission, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision of the body has been recorded."))
            return redirect("plans:detail", plan.process.pk, plan.pk)
    context = plan_context(request, plan.process, plan=plan, form=form, submission=submission)
    return render(request, "plans/decide.html", context)


@login_required
def council_vote(request, process_id, plan_id):
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    if not validation.can_go_to_council(plan):
        # Only after the steering committee's validation (a COTECH opinion is not enough).
        messages.error(
            request, _("Only a plan validated by the steering committee goes to the council vote.")
        )
        return redirect("plans:detail", plan.process.pk, plan.pk)
    form = CouncilVoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            validation.record_council_vote(plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The council vote has been recorded."))
            return redirect("plans:detail", plan.process.pk, plan.pk)
    return render(
        request,
        "plans/council_vote.html",
        plan_context(request, plan.process, plan=plan, form=form),
    )
