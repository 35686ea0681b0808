"""Who may read the public portal of a process and who decides what it shows.

The portal is the public's page: it is readable by anyone once the process is published,
and by nobody before (members work on the internal pages; a 404 keeps an unpublished
process's existence private). Facilitators, the workspace's administrators and platform
admins choose its parts, published or not (to prepare the page before publication).
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.processes.models import Process
from essor.processes.permissions import can_manage, get_process_for

rules.add_perm("portal.change_settings", can_manage)

CHANGE = "portal.change_settings"


def get_public_process(process_id: int) -> Process:
    """The published process, its territories and portal settings at hand; else 404.

    The same answer for everyone, members included: the portal shows only what the public
    sees, so that a facilitator checks the page as it is published.
    """
    process = (
        Process.objects.published()
        .select_related("portal_settings")
        .prefetch_related("territories")
        .filter(pk=process_id)
        .first()
    )
    if process is None:
        raise Http404
    return process


def get_settings_process_for(user, process_id) -> Process:
    """The process whose portal ``user`` may set up (404 if they may not see it, else 403)."""
    return get_process_for(user, process_id, CHANGE)
