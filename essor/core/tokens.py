import hashlib
import hmac
import secrets

from django.conf import settings


def new_token() -> str:
    """A URL-safe secret for private links (calendar subscriptions...)."""
    return secrets.token_urlsafe(24)


def keyed_digest(value: str, purpose: str) -> str:
    """A short keyed hash of ``value`` (an address, a browser id...): equal values
    give equal digests, but the value cannot be read back nor guessed without the
    secret key. ``purpose`` keeps digests made for different uses apart."""
    key = f"{settings.SECRET_KEY}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]
