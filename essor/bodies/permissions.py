"""Who may see and manage the governance bodies of a process.

Everyone who may see the process sees the list of bodies and their mission;
members of a body are personal data, shown only to people with a role in the
process. Facilitators and platform admins manage bodies and their members.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.bodies.models import Body, BodyMember
from essor.processes.permissions import (
    can_manage,
    get_process_for,
    has_role,
    is_platform_admin,
    is_published,
)

can_read_internal = is_platform_admin | has_role

rules.add_perm("bodies.view_body", is_platform_admin | has_role | is_published)
rules.add_perm("bodies.view_members", can_read_internal)
rules.add_perm("bodies.manage_bodies", can_manage)


def get_body_for(user, process_id, body_id, perm: str = "bodies.view_body") -> Body:
    """The body of that process if ``user`` has ``perm`` on the process (else 404/403)."""
    process = get_process_for(user, process_id, perm)
    try:
        body = Body.objects.get(pk=body_id, process=process)
    except (Body.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    body.process = process  # keep the role cache and avoid a query
    return body


def get_member_for(user, process_id, body_id, member_id) -> BodyMember:
    """A member of a body, for someone allowed to manage the bodies of the process."""
    body = get_body_for(user, process_id, body_id, "bodies.manage_bodies")
    try:
        member = body.members.select_related("person").get(pk=member_id)
    except (BodyMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    member.body = body
    return member
