"""Who manages a workspace's API keys: its administrators (and platform admins)."""

from __future__ import annotations

import rules
from django.http import Http404

from essor.api.models import ApiKey
from essor.processes.permissions import is_platform_admin
from essor.workspaces.permissions import get_workspace_for, is_workspace_admin

rules.add_perm("api.manage_keys", is_platform_admin | is_workspace_admin)


def get_keys_workspace_for(user, slug):
    """The workspace whose keys ``user`` manages: 404 outside it, 403 for a plain member."""
    return get_workspace_for(user, slug, "api.manage_keys")


def get_api_key_for(user, slug, key_id) -> ApiKey:
    workspace = get_keys_workspace_for(user, slug)
    try:
        return workspace.api_keys.select_related("workspace").get(pk=key_id)
    except (ApiKey.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
