from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from essor.core.models import AuditEntry


def log_action(actor, verb: str, target: models.Model | None = None, **data: Any) -> AuditEntry:
    """Record an audit entry; call it inside the service's transaction."""
    entry = AuditEntry(verb=verb, data=data)
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:300]
    entry.save()
    return entry
