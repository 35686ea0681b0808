"""Helpers shared by management commands that work inside a workspace."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from essor.workspaces.models import Workspace


def workspace_from_option(slug: str | None) -> Workspace:
    """The workspace named by ``--workspace``, or the only one when there is one.

    Raises CommandError (in French) listing the slugs otherwise.
    """
    workspaces = list(Workspace.objects.order_by("slug"))
    slugs = ", ".join(w.slug for w in workspaces) or "—"
    if slug:
        for workspace in workspaces:
            if workspace.slug == slug:
                return workspace
        raise CommandError(
            _("Unknown workspace “%(slug)s”. Workspaces: %(slugs)s.")
            % {"slug": slug, "slugs": slugs}
        )
    if len(workspaces) == 1:
        return workspaces[0]
    if not workspaces:
        raise CommandError(_("There is no workspace yet: create one with create_workspace."))
    raise CommandError(
        _("Several workspaces exist: choose one with --workspace (%(slugs)s).") % {"slugs": slugs}
    )
