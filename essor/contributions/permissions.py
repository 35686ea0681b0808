"""Who may read and manage the contributions of a process.

Raw contributions are internal material (names of organisations, hurried
notes): people with a role in the process read them; facilitators and
platform admins capture, import, correct and export them.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.contributions.models import Contribution
from essor.processes.permissions import can_manage, get_process_for, has_role, is_platform_admin

rules.add_perm("contributions.view_contributions", is_platform_admin | has_role)
rules.add_perm("contributions.manage_contributions", can_manage)

VIEW = "contributions.view_contributions"
MANAGE = "contributions.manage_contributions"


def get_contribution_for(
    user, process_id, contribution_id, perm: str = "contributions.view_contributions"
) -> Contribution:
    process = get_process_for(user, process_id, perm)
    try:
        contribution = process.contributions.get(pk=contribution_id)
    except (Contribution.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    contribution.process = process
    return contribution
