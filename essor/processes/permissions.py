"""Who may do what in a process (django-rules predicates).

Roles: platform admin (``is_superuser``), the administrators of the process's
workspace (they see and manage every process of their workspace), and per
process a facilitator, a committee member or a contributor (``Membership``).
Anyone may read what is published. Other apps build their rules on these
predicates.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from essor.processes.models import Membership, Process, Role
from essor.workspaces.permissions import (
    admin_workspace_ids,
    is_admin_of_any_workspace,
    is_workspace_admin,
)


def role_in(user, process: Process) -> str | None:
    """The user's role in the process, memoised on the user for the request."""
    if user is None or not user.is_authenticated or process is None:
        return None
    cache = user.__dict__.setdefault("_essor_roles", {})
    if process.pk not in cache:
        cache[process.pk] = (
            Membership.objects.filter(process_id=process.pk, user_id=user.pk)
            .values_list("role", flat=True)
            .first()
        )
    return cache[process.pk]


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_process_workspace_admin(user, process) -> bool:
    """Administrator of the workspace that owns the process."""
    return process is not None and is_workspace_admin(user, process.workspace_id)


@rules.predicate
def is_facilitator(user, process) -> bool:
    return role_in(user, process) == Role.FACILITATOR


@rules.predicate
def is_committee_member(user, process) -> bool:
    return role_in(user, process) == Role.COMMITTEE_MEMBER


@rules.predicate
def is_contributor(user, process) -> bool:
    return role_in(user, process) == Role.CONTRIBUTOR


@rules.predicate
def is_published(user, process) -> bool:
    return bool(process is not None and process.is_published)


@rules.predicate
def is_any_facilitator(user) -> bool:
    """Facilitator of at least one process."""
    return bool(
        user
        and user.is_authenticated
        and Membership.objects.filter(user_id=user.pk, role=Role.FACILITATOR).exists()
    )


# Workspace administrators read every process of their workspace as its members do
# (every app's "read" rule is built on has_role).
has_role = is_facilitator | is_committee_member | is_contributor | is_process_workspace_admin
can_manage = is_platform_admin | is_facilitator | is_process_workspace_admin
# Handing out the facilitator role hands out the process: the workspace decides.
can_grant_facilitator = is_platform_admin | is_process_workspace_admin

rules.add_perm("processes.add_process", is_platform_admin | is_admin_of_any_workspace)
rules.add_perm("processes.view_process", is_platform_admin | has_role | is_published)
# Internal content: members, attendance, drafts, minutes of bodies.
rules.add_perm("processes.view_internal", is_platform_admin | has_role)
rules.add_perm("processes.change_process", can_manage)
rules.add_perm("processes.delete_process", can_manage)
rules.add_perm("processes.manage_members", can_manage)
rules.add_perm("processes.grant_facilitator", can_grant_facilitator)


def processes_facilitated_by(user):
    """Processes where ``user`` is a facilitator (a subquery of their ids)."""
    return Process.objects.filter(
        memberships__user_id=user.pk, memberships__role=Role.FACILITATOR
    ).values("pk")


def processes_visible_to(user):
    """Processes ``user`` may open: published ones, theirs, their workspaces' (all for admins)."""
    if is_platform_admin(user):
        return Process.objects.all()
    visible = Q(is_published=True)
    if user is not None and user.is_authenticated:
        visible |= Q(memberships__user_id=user.pk) | Q(workspace_id__in=admin_workspace_ids(user))
    return Process.objects.filter(pk__in=Process.objects.filter(visible).values("pk"))


def get_process_for(user, process_id, perm: str = "processes.view_process") -> Process:
    """Return the process if ``user`` has ``perm`` on it.

    Raises Http404 when the user may not even see the process (so its
    existence does not leak), PermissionDenied when they may see it but not
    do ``perm``.
    """
    try:
        process = Process.objects.get(pk=process_id)
    except (Process.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm("processes.view_process", process):
        raise Http404
    if perm != "processes.view_process" and not user.has_perm(perm, process):
        raise PermissionDenied
    return process


def get_membership_for(user, process_id, membership_id) -> Membership:
    """A membership of the process, for someone allowed to manage its members."""
    process = get_process_for(user, process_id, "processes.manage_members")
    try:
        membership = process.memberships.select_related("user").get(pk=membership_id)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    membership.process = process
    return membership
