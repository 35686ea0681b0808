"""The public page of the roadmap: readable without an account once the process is published."""

from django.shortcuts import render

from essor.plans.permissions import get_public_plan_for
from essor.plans.public import public_extras, public_roadmap
from essor.processes.context import process_context


def public_plan(request, process_id):
    plan = get_public_plan_for(request.user, process_id)
    axes = public_roadmap(plan)
    context = {
        **process_context(request.user, plan.process, "public_plan"),
        "plan": plan,
        "axes": axes,
        **public_extras(plan, axes),
    }
    return render(request, "plans/public.html", context)
