from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.plans import services
from essor.plans.forms import ActionFilterForm, AxisForm, LeverForm, PlanForm
from essor.plans.models import ActionStatus, Axis
from essor.plans.overview import build_overview
from essor.plans.permissions import MANAGE, VIEW, get_plan_for
from essor.plans.public import latest_validated_plan
from essor.plans.views.common import plan_context
from essor.processes.permissions import get_process_for


@login_required
def plan_list(request, process_id):
    """Every version and scenario of the process's plan."""
    process = get_process_for(request.user, process_id, VIEW)
    plans = process.plans.select_related("based_on").prefetch_related("submissions__decision")
    context = plan_context(
        request, process, plans=plans, public_plan=latest_validated_plan(process)
    )
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_create(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    form = PlanForm(request.POST or None, initial={"name": _("Action plan")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.create_plan(process=process, actor=request.user, **data)
        messages.success(request, _("The plan has been created."))
        return redirect("plans:detail", process.pk, plan.pk)
    return render(request, "plans/plan_form.html", plan_context(request, process, form=form))


@login_required
def plan_edit(request, process_id, plan_id):
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.update_plan(form.save(commit=False), actor=request.user)
        messages.success(request, _("The plan has been saved."))
        return redirect("plans:detail", plan.process.pk, plan.pk)
    context = plan_context(request, plan.process, form=form, plan=plan)
    return render(request, "plans/plan_form.html", context)


@login_required
def plan_detail(request, process_id, plan_id):
    """The overview: axes, actions, statuses, pilots, completeness, gaps in traceability."""
    plan = get_plan_for(request.user, process_id, plan_id, VIEW)
    form = ActionFilterForm(request.GET or None, plan=plan)
    overview = build_overview(plan, form.filter(plan.actions.all()))
    labels = dict(ActionStatus.choices)
    context = plan_context(
        request,
        plan.process,
        plan=plan,
        plan_view="overview",
        form=form,
        overview=overview,
        status_counts=[(labels[s], n) for s, n in overview.status_counts.items()],
        filtering=any(request.GET.get(name) for name in form.fields),
        submissions=plan.submissions.select_related("body", "decision__meeting"),
        # The follow-up app's rule, by name: plans does not import the app that follows it.
        can_follow=plan.is_frozen and request.user.has_perm("followup.view_followup", plan.process),
        # One reverse() for all rows instead of one per action (hundreds on a big plan).
        action_url_prefix=reverse("plans:action", args=[plan.process.pk, 0]).removesuffix("0/"),
    )
    return render(request, "plans/plan_detail.html", context)


@login_required
def axis_edit(request, process_id, plan_id, axis_id=None):
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    axis = None
    if axis_id is not None:
        axis = plan.axes.filter(pk=axis_id).first()
        if axis is None:
            raise Http404
    form = AxisForm(request.POST or None, instance=axis or Axis(plan=plan), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_axis(form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The axis has been saved."))
            return redirect("plans:detail", plan.process.pk, plan.pk)
    context = plan_context(request, plan.process, plan=plan, form=form, axis=axis)
    return render(request, "plans/axis_form.html", context)


@login_required
@require_POST
def axis_delete(request, process_id, plan_id, axis_id):
    plan = get_plan_for(request.user, process_id, plan_id, MANAGE)
    axis = plan.axes.filter(pk=axis_id).first()
    if axis is not None:
        services.delete_axis(axis, actor=request.user)
        messages.success(request, _("The axis has been deleted; its actions are kept."))
    return redirect("plans:detail", plan.process.pk, plan.pk)


@login_required
def lever_list(request, process_id):
    """The editable list of levers (seeded with the common ones)."""
    process = get_process_for(request.user, process_id, VIEW)
    can_manage = request.user.has_perm(MANAGE, process)
    form = LeverForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        services.ensure_levers(process)
        if form.is_valid():
            try:
                services.add_lever(process, name=form.cleaned_data["name"], actor=request.user)
            except ValidationError as error:
                form.add_error("name", error.message_dict.get("name", error.messages))
            else:
                messages.success(request, _("The lever has been added."))
                return redirect("plans:levers", process.pk)
    context = plan_context(request, process, levers=process.plan_levers.all(), form=form)
    return render(request, "plans/lever_list.html", context)


@login_required
@require_POST
def lever_delete(request, process_id, lever_id):
    process = get_process_for(request.user, process_id, MANAGE)
    lever = process.plan_levers.filter(pk=lever_id).first()
    if lever is not None:
        try:
            services.delete_lever(lever, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The lever has been removed from the list."))
    return redirect("plans:levers", process.pk)
