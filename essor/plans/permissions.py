"""Who may read, edit, comment and validate the action plan of a process.

The working plan is internal: people with a role in the process read it
(the public reads only the latest validated version of a published process);
committee members also comment and propose reorientations; facilitators and
platform admins edit, submit, record decisions, import and export.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.plans.models import Action, Plan, Reorientation
from essor.plans.public import latest_validated_plan
from essor.processes.permissions import (
    can_manage,
    get_process_for,
    has_role,
    is_committee_member,
    is_platform_admin,
    is_published,
)


@rules.predicate
def has_validated_plan(user, process) -> bool:
    return latest_validated_plan(process) is not None


rules.add_perm("plans.view_plans", is_platform_admin | has_role)
rules.add_perm("plans.manage_plans", can_manage)
rules.add_perm("plans.comment_actions", can_manage | is_committee_member)
# The public reads the latest validated (frozen) version once the process is published;
# members may read that public page before publication.
rules.add_perm(
    "plans.read_public_plan", has_validated_plan & (is_platform_admin | has_role | is_published)
)

VIEW = "plans.view_plans"
MANAGE = "plans.manage_plans"
COMMENT = "plans.comment_actions"
PUBLIC = "plans.read_public_plan"


def get_plan_for(user, process_id, plan_id, perm: str = VIEW) -> Plan:
    """A plan of that process if ``user`` has ``perm`` on the process (else 404/403)."""
    process = get_process_for(user, process_id, perm)
    try:
        plan = process.plans.get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    plan.process = process
    return plan


def get_public_plan_for(user, process_id) -> Plan:
    """The plan the public reads; 404 (never 403) when there is none to show this user,
    so that neither an unpublished process nor an unvalidated plan shows through."""
    process = get_process_for(user, process_id)
    if not user.has_perm(PUBLIC, process):
        raise Http404
    plan = latest_validated_plan(process)
    if plan is None:
        raise Http404
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
