"""Who may download open data: anyone, for a published process only (404 otherwise, so
that an unpublished process does not even show it exists)."""

from __future__ import annotations

from django.http import Http404

from essor.portal import visibility
from essor.processes.models import Process


def get_published_process(process_id):
    """The published process, with its workspace (publisher and licence) and its portal
    settings (what it shows), or 404."""
    found = visibility.published_processes().select_related("workspace", "portal_settings")
    try:
        return found.get(pk=process_id)
    except (Process.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
