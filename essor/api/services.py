"""Creating and revoking API keys (audited like the other administrators' actions)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from essor.api.models import PREFIX_LENGTH, ApiKey, hash_key, new_key
from essor.core.audit import log_action


@transaction.atomic
def create_api_key(workspace, name: str, actor) -> tuple[ApiKey, str]:
    """The new key and its secret, which is never stored and shown only once."""
    secret = new_key()
    key = ApiKey.objects.create(
        workspace=workspace,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_key(secret),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(actor, "api.key_created", key, workspace=workspace.slug, prefix=key.prefix)
    return key, secret


@transaction.atomic
def revoke_api_key(key: ApiKey, actor) -> None:
    if key.revoked_at is not None:
        return
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    log_action(actor, "api.key_revoked", key, workspace=key.workspace.slug, prefix=key.prefix)
