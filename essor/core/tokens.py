import hashlib
import hmac
import secrets

from django.conf import settings


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
