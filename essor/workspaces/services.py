"""Use cases of workspaces (each writes an audit entry)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from essor.core.audit import log_action
from essor.workspaces.models import Workspace, WorkspaceMember, WorkspaceRole
from essor.workspaces.permissions import forget_roles


def join_workspace(workspace: Workspace, user, role: str = WorkspaceRole.MEMBER):
    """Make ``user`` a member of ``workspace``, keeping a role they already have."""
    member, created = WorkspaceMember.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    if created:
        forget_roles(user)
    return member


class LastAdministrator(Exception):
    """A workspace keeps at least one administrator."""


@transaction.atomic
def create_workspace(*, name: str, slug: str, admin=None, actor=None) -> Workspace:
    workspace = Workspace.objects.create(name=name.strip(), slug=slug)
    if admin is not None:
        WorkspaceMember.objects.create(workspace=workspace, user=admin, role=WorkspaceRole.ADMIN)
        forget_roles(admin)
    log_action(actor, "workspace.created", workspace, admin=admin.pk if admin else None)
    return workspace


def _keeps_admin(member: WorkspaceMember, new_role: str | None) -> None:
    if member.role != WorkspaceRole.ADMIN or new_role == WorkspaceRole.ADMIN:
        return
    others = member.workspace.members.filter(role=WorkspaceRole.ADMIN).exclude(pk=member.pk)
    if not others.exists():
        raise LastAdministrator


@transaction.atomic
def set_member(workspace: Workspace, user, role: str, *, actor) -> WorkspaceMember:
    """Add ``user`` to the workspace with ``role``, or change their role."""
    member, created = WorkspaceMember.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    if not created and member.role != role:
        _keeps_admin(member, role)
        member.role = role
        member.save(update_fields=["role"])
    forget_roles(user)
    log_action(actor, "workspace.member_set", workspace, user=user.pk, role=role)
    return member


@transaction.atomic
def add_member_by_email(
    workspace: Workspace, *, email: str, full_name: str, role: str, actor
) -> WorkspaceMember:
    """Give ``role`` in the workspace to the account of ``email``, creating an account
    without a password when there is none (the caller sends the access e-mail)."""
    users = get_user_model()
    email = users.objects.normalize_email(email).lower()
    user = users.objects.filter(email__iexact=email).first()
    if user is None:
        user = users.objects.create_user(email, None, full_name=full_name.strip())
    return set_member(workspace, user, role, actor=actor)


@transaction.atomic
def remove_member(member: WorkspaceMember, *, actor) -> None:
    _keeps_admin(member, None)
    log_action(actor, "workspace.member_removed", member.workspace, user=member.user_id)
    member.delete()
    forget_roles(member.user)


def set_data_licence(workspace: Workspace, licence: str, *, actor) -> None:
    """The licence the workspace's open data is published under."""
    previous = workspace.data_licence
    workspace.data_licence = licence
    workspace.save(update_fields=["data_licence"])
    log_action(actor, "workspace.data_licence_changed", workspace, previous=previous, new=licence)
