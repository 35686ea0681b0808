from __future__ import annotations

from django.db import transaction

from essor.core.audit import log_action
from essor.portal.models import PortalSettings
from essor.processes.models import Process


@transaction.atomic
def save_settings(process: Process, parts: dict[str, bool], *, actor) -> PortalSettings:
    """Record which parts the public portal shows (``parts``: PortalSettings.PARTS → bool)."""
    values = {name: bool(parts[name]) for name in PortalSettings.PARTS}
    item, _created = PortalSettings.objects.update_or_create(process=process, defaults=values)
    log_action(actor, "portal.settings_saved", process, **values)
    return item
