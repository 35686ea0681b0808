"""Who may read the mobilisation dashboard of a process (django-rules).

Facilitators and platform admins run the mobilisation; members of the
governance bodies (committee members) read it too, since deciding whom to
mobilise is their job. Contributors do not: the dashboard names the
organisations that never came, which is steering information.
"""

from __future__ import annotations

import rules

from essor.processes.models import Process
from essor.processes.permissions import (
    get_process_for,
    is_committee_member,
    is_facilitator,
    is_platform_admin,
)

rules.add_perm(
    "mobilisation.view_dashboard", is_platform_admin | is_facilitator | is_committee_member
)


def get_dashboard_process_for(user, process_id) -> Process:
    """The process if ``user`` may read its mobilisation dashboard (else 404/403)."""
    return get_process_for(user, process_id, "mobilisation.view_dashboard")
