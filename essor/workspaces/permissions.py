"""Who may do what in a workspace (django-rules predicates).

Roles: platform admin (``is_superuser``) manages every workspace; per
workspace, an administrator (creates processes, manages the workspace's
members, sees and manages all its processes) or a member. Process roles
(facilitator...) live in essor/processes and sit inside one workspace.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from essor.workspaces.models import Workspace, WorkspaceMember, WorkspaceRole


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _platform_admin(user) -> bool:
    return _active(user) and user.is_superuser


def workspace_roles(user) -> dict[int, str]:
    """{workspace id: role} of the user, memoised on the user for the request."""
    if not _active(user):
        return {}
    if "_essor_workspace_roles" not in user.__dict__:
        user.__dict__["_essor_workspace_roles"] = dict(
            WorkspaceMember.objects.filter(user_id=user.pk).values_list("workspace_id", "role")
        )
    return user.__dict__["_essor_workspace_roles"]


def admin_workspace_ids(user) -> list[int]:
    """Ids of the workspaces the user administers (from the memoised roles)."""
    return [pk for pk, role in workspace_roles(user).items() if role == WorkspaceRole.ADMIN]


def _workspace_id(workspace) -> int | None:
    return workspace.pk if isinstance(workspace, Workspace) else workspace


@rules.predicate
def is_workspace_admin(user, workspace) -> bool:
    """Administrator of ``workspace`` (a Workspace or its id)."""
    return workspace_roles(user).get(_workspace_id(workspace)) == WorkspaceRole.ADMIN


@rules.predicate
def is_workspace_member(user, workspace) -> bool:
    """Member of ``workspace`` with any role."""
    return _workspace_id(workspace) in workspace_roles(user)


@rules.predicate
def is_admin_of_any_workspace(user) -> bool:
    return WorkspaceRole.ADMIN in workspace_roles(user).values()


def workspaces_for(user):
    """Workspaces the user belongs to (every workspace for a platform admin)."""
    if _platform_admin(user):
        return Workspace.objects.all()
    return Workspace.objects.filter(pk__in=list(workspace_roles(user)))


def admin_workspaces_for(user):
    """Workspaces the user administers (every workspace for a platform admin)."""
    if _platform_admin(user):
        return Workspace.objects.all()
    return Workspace.objects.filter(pk__in=admin_workspace_ids(user))


_is_platform_admin = rules.predicate(_platform_admin, name="is_platform_admin")
rules.add_perm("workspaces.view_workspace", _is_platform_admin | is_workspace_member)
rules.add_perm("workspaces.manage_members", _is_platform_admin | is_workspace_admin)


def get_workspace_for(user, slug, perm: str = "workspaces.view_workspace") -> Workspace:
    """The workspace if ``user`` has ``perm`` on it: 404 when they may not even see it."""
    try:
        workspace = Workspace.objects.get(slug=slug)
    except (Workspace.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm("workspaces.view_workspace", workspace):
        raise Http404
    if perm != "workspaces.view_workspace" and not user.has_perm(perm, workspace):
        raise PermissionDenied
    return workspace


def forget_roles(user) -> None:
    """Drop the memoised roles after a change made in the same request."""
    user.__dict__.pop("_essor_workspace_roles", None)
