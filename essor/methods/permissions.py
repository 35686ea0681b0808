"""Who may see, adapt and manage method templates (django-rules predicates).

Every logged-in user reads the templates shipped with Essor and the shared
ones (no workspace); a workspace's own templates are read inside it only.
Platform admins, workspace administrators and facilitators of any process
create templates (import, duplicate). Only the creator of a template, or a platform admin, edits or
deletes it; built-in templates are read-only for everyone: duplicate them to
adapt them.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from essor.methods.models import MethodTemplate
from essor.processes.permissions import is_any_facilitator, is_platform_admin
from essor.workspaces.permissions import (
    is_admin_of_any_workspace,
    is_workspace_member,
    workspaces_for,
)


@rules.predicate
def is_logged_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_builtin(user, template) -> bool:
    return bool(template is not None and template.is_builtin)


@rules.predicate
def is_creator(user, template) -> bool:
    return bool(
        template is not None
        and is_logged_in(user)
        and template.created_by_id is not None
        and template.created_by_id == user.pk
    )


@rules.predicate
def is_shared_or_in_my_workspace(user, template) -> bool:
    return (
        template is None
        or template.workspace_id is None
        or (is_workspace_member(user, template.workspace_id))
    )


can_add_template = is_platform_admin | is_admin_of_any_workspace | is_any_facilitator
can_manage_template = ~is_builtin & (is_platform_admin | is_creator)

rules.add_perm(
    "methods.view_template", is_logged_in & (is_platform_admin | is_shared_or_in_my_workspace)
)
rules.add_perm("methods.add_template", can_add_template)
rules.add_perm("methods.change_template", can_manage_template)
rules.add_perm("methods.delete_template", can_manage_template)


def templates_visible_to(user):
    """Shared templates and those of the user's workspaces (all for platform admins)."""
    if is_platform_admin(user):
        return MethodTemplate.objects.all()
    return MethodTemplate.objects.filter(
        Q(workspace__isnull=True) | Q(workspace__in=workspaces_for(user))
    )


def home_workspace(user):
    """The workspace a new template of ``user`` belongs to: their only workspace; None
    (shared by every workspace) for platform admins and members of several workspaces."""
    if is_platform_admin(user):
        return None
    workspaces = list(workspaces_for(user)[:2])
    return workspaces[0] if len(workspaces) == 1 else None


def can(user, perm: str, template: MethodTemplate | None = None) -> bool:
    """Whether ``user`` has ``perm`` (on ``template``), by these rules only.

    Django's ``user.has_perm`` grants everything to superusers, which would
    let them edit built-in templates; the views ask the rules directly.
    """
    return rules.has_perm(perm, user, template)


def get_template_for(user, pk_or_slug, perm: str = "methods.view_template") -> MethodTemplate:
    """The template (by id or slug) if ``user`` has ``perm`` on it (else 404/403).

    ``methods.add_template`` is checked with the template as object: "may
    create a template from this one" (duplicate).
    """
    lookup = {"pk": int(pk_or_slug)} if str(pk_or_slug).isdigit() else {"slug": pk_or_slug}
    try:
        template = MethodTemplate.objects.select_related("created_by").get(**lookup)
    except (MethodTemplate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can(user, "methods.view_template", template):
        raise Http404
    if perm != "methods.view_template" and not can(user, perm, template):
        raise PermissionDenied
    return template
