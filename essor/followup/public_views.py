"""The public page of an action's indicators: its charts against the target, with their
data tables (linked from each action of the public roadmap)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from essor.followup.permissions import get_public_action_for
from essor.followup.public import public_year
from essor.followup.views import _indicator_cards
from essor.processes.context import process_context


def public_indicators(request, process_id, action_id):
    action = get_public_action_for(request.user, process_id, action_id)
    plan = action.plan
    year = public_year(plan, timezone.localdate())
    context = {
        **process_context(request.user, plan.process, "public_plan"),
        "plan": plan,
        "action": action,
        "year": year,
        "cards": _indicator_cards(plan, list(action.indicators.order_by("id")), year),
    }
    return render(request, "followup/public_indicators.html", context)
