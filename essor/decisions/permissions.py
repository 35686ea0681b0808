"""Who may see and record the decisions of the bodies of a process.

Decisions are internal: people with a role in the process read them;
facilitators and platform admins record, edit and delete them.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.decisions.models import Decision
from essor.processes.permissions import can_manage, get_process_for, has_role, is_platform_admin

rules.add_perm("decisions.view_decisions", is_platform_admin | has_role)
rules.add_perm("decisions.manage_decisions", can_manage)


def get_decision_for(
    user, process_id, decision_id, perm: str = "decisions.manage_decisions"
) -> Decision:
    """A decision of a body of that process if ``user`` has ``perm`` (else 404/403)."""
    process = get_process_for(user, process_id, perm)
    try:
        decision = Decision.objects.select_related("body", "meeting").get(
            pk=decision_id, body__process=process
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    decision.body.process = process
    return decision
