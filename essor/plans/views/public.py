"""The public page of the roadmap: readable without an account once the process is published."""

from django.shortcuts import render

from essor.plans.permissions import get_public_plan_for
from essor.plans.public_cache import public_page
from essor.processes.context import process_context


def public_plan(request, process_id):
    plan = get_public_plan_for(request.user, process_id)
    context = {
        **process_context(request.user, plan.process, "public_plan"),
        "plan": plan,
        **public_page(plan),
    }
    return render(request, "plans/public.html", context)
