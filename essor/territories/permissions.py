"""Who may read the territories: everyone, anonymous visitors included.

Territories are public reference data (official codes, names, populations);
the views still go through these rules so that the policy lives in one place.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from essor.territories.models import Territory, TerritoryKind

rules.add_perm("territories.view_territory", rules.always_allow)


def check_territory_perm(user, perm: str = "territories.view_territory") -> None:
    """Raise PermissionDenied unless ``user`` has ``perm`` (for list and search pages)."""
    if not user.has_perm(perm):
        raise PermissionDenied


def get_territory_for(
    user, kind: str, code: str, perm: str = "territories.view_territory"
) -> Territory:
    """The territory of that kind and code if ``user`` has ``perm`` on it (else 404/403)."""
    if kind not in TerritoryKind.values:
        raise Http404
    territory = (
        Territory.objects.select_related("departement", "region", "epci")
        .filter(kind=kind, code=(code or "").strip().upper()[:12])
        .first()
    )
    if territory is None:
        raise Http404
    if not user.has_perm(perm, territory):
        raise PermissionDenied
    return territory
