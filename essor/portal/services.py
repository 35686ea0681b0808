from __future__ import annotations

from django.db import transaction

from essor.core.audit import log_action
from essor.portal.models import PortalSettings
from essor.processes.models import Process


@transaction.atomic
def save_settings(process: Process, parts: dict[str, bool], *, actor) -> PortalSettings:
    """Record which parts the public portal shows (``parts``: PortalSettings.PARTS → bool)
    and whether it takes contributions from the public (``accept_contributions``)."""
    values = {name: bool(parts[name]) for name in PortalSettings.PARTS}
    values["accept_contributions"] = bool(parts.get("accept_contributions"))
    item, _created = PortalSettings.objects.update_or_create(process=process, defaults=values)
    log_action(actor, "portal.settings_saved", process, **values)
    return item
