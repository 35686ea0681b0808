"""Who may see and run the workshops of a process.

The list of workshops of a published process is public (title, date,
questions); their contributions are internal (see contributions.permissions).
Facilitators and platform admins create workshops and run the capture board.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.processes.permissions import (
    can_manage,
    get_process_for,
    has_role,
    is_platform_admin,
    is_published,
)
from essor.workshops.models import Workshop

rules.add_perm("workshops.view_workshop", is_platform_admin | has_role | is_published)
rules.add_perm("workshops.manage_workshop", can_manage)


def get_workshop_for(user, process_id, workshop_id, perm: str = "workshops.view_workshop"):
    """The workshop of that process if ``user`` has ``perm`` on the process (else 404/403)."""
    process = get_process_for(user, process_id, perm)
    try:
        workshop = Workshop.objects.get(pk=workshop_id, process=process)
    except (Workshop.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    workshop.process = process
    return workshop
