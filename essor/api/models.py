"""API keys: read access to one workspace's non-public data, for the authority's dashboards.

Only a SHA-256 hash of the key is stored (the key is 32 random bytes, so a fast hash is
enough: nothing to brute-force); the key itself is shown once, at creation. The prefix
(first characters) lets an administrator recognise a key in the list."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "essor_"
PREFIX_LENGTH = 12  # "essor_" and 6 characters of the token


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. the council's dashboard.")
    )
    prefix = models.CharField(max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def note_use(self) -> None:
        """Record the use at most once a minute: no write on every request."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() >= 60:
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
