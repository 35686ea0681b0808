"""Who may move whole processes in and out of a workspace: its administrators (and the
platform's). An archive holds every row of a process, personal data of the directory
included: no facilitator or member role suffices."""

import rules

from essor.workspaces.permissions import _is_platform_admin, get_workspace_for, is_workspace_admin

MANAGE = "archive.manage_archives"
rules.add_perm(MANAGE, _is_platform_admin | is_workspace_admin)


def get_archive_workspace_for(user, slug):
    """The workspace if ``user`` may export and import its processes (404 / 403 otherwise)."""
    return get_workspace_for(user, slug, MANAGE)
