"""Context shared by the pages of the plan."""

from __future__ import annotations

from essor.plans.permissions import COMMENT, MANAGE
from essor.processes.context import process_context


def plan_context(request, process, **extra) -> dict:
    return {
        **process_context(request.user, process, "plans"),
        "can_manage_plans": request.user.has_perm(MANAGE, process),
        "can_comment": request.user.has_perm(COMMENT, process),
        **extra,
    }


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
