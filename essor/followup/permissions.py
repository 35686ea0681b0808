"""Who may read and record the follow-up of a validated plan.

Facilitators, the workspace's administrators and platform admins record
reports and values; committee members read (the follow-up committee is theirs).
Contributors see the process but not its follow-up (403); people outside the
process, members of another workspace included, get a 404.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.plans.models import Action, Plan
from essor.processes.permissions import can_manage, get_process_for, is_committee_member

rules.add_perm("followup.view_followup", can_manage | is_committee_member)
rules.add_perm("followup.record_progress", can_manage)

VIEW = "followup.view_followup"
RECORD = "followup.record_progress"


def get_followed_plan_for(user, process_id, plan_id, perm: str = VIEW) -> Plan:
    """A validated (frozen) plan of the process, if ``user`` has ``perm``; a plan still
    being drafted has no follow-up (404)."""
    process = get_process_for(user, process_id, perm)
    try:
        plan = process.plans.get(pk=plan_id, frozen_at__isnull=False)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    plan.process = process
    return plan


def get_followed_action_for(user, process_id, plan_id, action_id, perm: str = VIEW) -> Action:
    plan = get_followed_plan_for(user, process_id, plan_id, perm)
    try:
        # Only the actions the plan retained are followed (summary.followed_actions).
        action = plan.actions.retained().select_related("axis").get(pk=action_id)
    except (Action.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    action.plan = plan
    return action
