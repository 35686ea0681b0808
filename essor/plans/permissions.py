"""Who may read, edit, comment and validate the action plan of a process.

The plan is internal until published elsewhere: people with a role in the
process read it; committee members also comment and propose reorientations;
facilitators and platform admins edit, submit, record decisions, import and
export.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.plans.models import Action, Plan, Reorientation
from essor.processes.permissions import (
    can_manage,
    get_process_for,
    has_role,
    is_committee_member,
    is_platform_admin,
)

rules.add_perm("plans.view_plans", is_platform_admin | has_role)
rules.add_perm("plans.manage_plans", can_manage)
rules.add_perm("plans.comment_actions", can_manage | is_committee_member)

VIEW = "plans.view_plans"
MANAGE = "plans.manage_plans"
COMMENT = "plans.comment_actions"


def get_plan_for(user, process_id, plan_id, perm: str = VIEW) -> Plan:
    """A plan of that process if ``user`` has ``perm`` on the process (else 404/403)."""
    process = get_process_for(user, process_id, perm)
    try:
        plan = process.plans.get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    plan.process = process
    return plan


def get_action_for(user, process_id, action_id, perm: str = VIEW) -> Action:
    process = get_process_for(user, process_id, perm)
    try:
        action = Action.objects.select_related("plan", "axis", "parent").get(
            pk=action_id, plan__process=process
        )
    except (Action.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    action.plan.process = process
    return action


def get_reorientation_for(user, process_id, item_id, perm: str = MANAGE) -> Reorientation:
    process = get_process_for(user, process_id, perm)
    try:
        item = Reorientation.objects.select_related("action__plan").get(
            pk=item_id, action__plan__process=process
        )
    except (Reorientation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    item.action.plan.process = process
    return item
