import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_token() -> str:
    """A URL-safe secret for private links (calendar subscriptions...)."""
    return secrets.token_urlsafe(24)


def hash_token(raw: str) -> str:
    """What is stored of a secret token sent to a browser or by e-mail: random
    tokens need no key nor salt, a plain SHA-256 cannot be turned back."""
    return hashlib.sha256(raw.encode()).hexdigest()


def unknown_token_hash() -> str:
    """The hash of a token nobody holds (a row created before any token is issued)."""
    return hash_token(new_token())


def keyed_digest(value: str, purpose: str) -> str:
    """A short keyed hash of ``value`` (an address, a browser id...): equal values
    give equal digests, but the value cannot be read back nor guessed without the
    secret key. ``purpose`` keeps digests made for different uses apart."""
    key = f"{settings.SECRET_KEY}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


class CalendarLink(models.Model):
    """A private calendar subscription link (of a process, of a person).

    Only the hash of its token is stored: the link is shown once, when it is
    created or renewed, and afterwards the page can only say that one exists.
    No hash means no link (never created, or revoked)."""

    calendar_token_hash = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    calendar_token_created_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def has_calendar_link(self) -> bool:
        return bool(self.calendar_token_hash)

    def issue_calendar_token(self) -> str:
        """A new link's token (the previous link stops working once saved)."""
        token = new_token()
        self.calendar_token_hash = hash_token(token)
        self.calendar_token_created_at = timezone.now()
        return token

    def revoke_calendar_token(self) -> None:
        self.calendar_token_hash = None
        self.calendar_token_created_at = None
