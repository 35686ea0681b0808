"""Cross views of a plan: transversality matrix, timeline, my actions, traceability."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from essor.core.text import fold
from essor.organisations.models import OrganisationKind
from essor.plans.models import Action
from essor.plans.permissions import VIEW, get_plan_for
from essor.plans.timeline import build_timeline
from essor.plans.views.common import plan_context
from essor.processes.permissions import get_process_for


@login_required
def matrix(request, process_id, plan_id):
    """Departments × actions, and organisations (pilot or partner) × actions."""
    plan = get_plan_for(request.user, process_id, plan_id, VIEW)
    actions = list(
        plan.actions.top_level().prefetch_related("departments", "pilot_organisations", "partners")
    )
    departments, organisations = {}, {}
    for action in actions:
        for org in action.departments.all():
            departments[org.pk] = org
        for org in [*action.pilot_organisations.all(), *action.partners.all()]:
            if org.kind != OrganisationKind.DEPARTMENT:
                organisations[org.pk] = org

    # A frozen plan names the organisations as validated, not as renamed since.
    validated = {
        pk: label
        for action in actions
        for name in ("departments", "pilot_organisations", "partners")
        for pk, label in (action.frozen_labels or {}).get(name, [])
    }

    def rows(orgs, roles):
        table = []
        named = [(validated.get(org.pk, org.name), org) for org in orgs.values()]
        for name, org in sorted(named, key=lambda pair: (fold(pair[0]), pair[1].pk)):
            cells = [roles(action, org) for action in actions]
            table.append((name, cells, sum(1 for c in cells if c)))
        return table

    def department_role(action, org):
        return "✓" if org in action.departments.all() else ""

    def organisation_role(action, org):
        if org in action.pilot_organisations.all():
            return "P"
        return "p" if org in action.partners.all() else ""

    context = plan_context(
        request,
        plan.process,
        plan=plan,
        plan_view="matrix",
        actions=actions,
        department_rows=rows(departments, department_role),
        organisation_rows=rows(organisations, organisation_role),
    )
    return render(request, "plans/matrix.html", context)


@login_required
def timeline(request, process_id, plan_id):
    plan = get_plan_for(request.user, process_id, plan_id, VIEW)
    actions = plan.actions.top_level().select_related("axis").prefetch_related("milestones")
    context = plan_context(
        request,
        plan.process,
        plan=plan,
        plan_view="timeline",
        timeline=build_timeline(plan, actions),
    )
    return render(request, "plans/timeline.html", context)


@login_required
def my_actions(request, process_id):
    """Actions of every plan of the process piloted by the user (as a person or organisation)."""
    process = get_process_for(request.user, process_id, VIEW)
    actions = (
        Action.objects.filter(plan__process=process)
        .piloted_by(request.user)
        .select_related("plan", "axis")
        .order_by("plan_id", "axis__order", "order")
    )
    actions = list(actions)
    # Reporting on them ("my actions" of the follow-up) once a plan is validated.
    can_report = request.user.has_perm("followup.report_own", process) and any(
        a.plan.frozen_at and a.is_committed for a in actions
    )
    context = plan_context(request, process, actions=actions, can_report=can_report)
    return render(request, "plans/my_actions.html", context)


@login_required
def traceability(request, process_id, plan_id):
    """From each contribution, the action of this plan that took it up (or none)."""
    plan = get_plan_for(request.user, process_id, plan_id, VIEW)
    contributions = list(
        plan.process.contributions.kept()
        .select_related("workshop")
        .prefetch_related("plan_actions")
        .order_by("workshop_id", "order", "id")
    )
    for contribution in contributions:
        contribution.actions_here = [
            a for a in contribution.plan_actions.all() if a.plan_id == plan.pk
        ]
    taken = sum(1 for c in contributions if c.actions_here)
    context = plan_context(
        request,
        plan.process,
        plan=plan,
        plan_view="traceability",
        contributions=contributions,
        taken=taken,
    )
    return render(request, "plans/traceability.html", context)
