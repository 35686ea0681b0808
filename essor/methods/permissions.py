"""Who may see, adapt and manage method templates (django-rules predicates).

Every logged-in user reads every template. Platform admins, users allowed to
create processes and facilitators of any process create templates (import,
duplicate). Only the creator of a template, or a platform admin, edits or
deletes it; built-in templates are read-only for everyone: duplicate them to
adapt them.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from essor.methods.models import MethodTemplate
from essor.processes.permissions import (
    can_create_processes,
    is_any_facilitator,
    is_platform_admin,
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


can_add_template = is_platform_admin | can_create_processes | is_any_facilitator
can_manage_template = ~is_builtin & (is_platform_admin | is_creator)

rules.add_perm("methods.view_template", is_logged_in)
rules.add_perm("methods.add_template", can_add_template)
rules.add_perm("methods.change_template", can_manage_template)
rules.add_perm("methods.delete_template", can_manage_template)


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
