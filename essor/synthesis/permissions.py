"""Who may read and shape the synthesis of a process.

The wall holds raw, internal contributions: facilitators (and platform
admins) shape it; committee members read it and its exports, as they
prepare decisions with it; contributors and others are refused.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.processes.permissions import can_manage, get_process_for, is_committee_member
from essor.synthesis.models import Placement, Theme

rules.add_perm("synthesis.view_synthesis", can_manage | is_committee_member)
rules.add_perm("synthesis.manage_synthesis", can_manage)

VIEW = "synthesis.view_synthesis"
MANAGE = "synthesis.manage_synthesis"


def get_theme_for(user, process_id, theme_id, perm: str = MANAGE) -> Theme:
    process = get_process_for(user, process_id, perm)
    try:
        theme = Theme.objects.select_related("synthesis").get(
            pk=theme_id, synthesis__process=process
        )
    except (Theme.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    theme.synthesis.process = process
    return theme


def get_placement_for(user, process_id, contribution_id, perm: str = MANAGE) -> Placement:
    """The place of a contribution on the wall of the process, or 404."""
    process = get_process_for(user, process_id, perm)
    try:
        placement = Placement.objects.select_related("synthesis", "theme", "contribution").get(
            synthesis__process=process,
            contribution_id=contribution_id,
            contribution__is_withdrawn=False,
        )
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    placement.synthesis.process = process
    return placement
