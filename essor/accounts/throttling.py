"""Throttling of logins (site and admin) and of password reset mails.

Logins: failures are counted per account (the e-mail typed) and per client
address; once either reaches its limit, the login form answers 429 with a
French message until the window ends (counted from the first failure, so a
lock is never permanent even if someone fails on purpose to lock a user
out). A successful login clears its account's counter.

A browser where the account has already logged in (it holds a signed
"known device" cookie for that account) is not held by the account's lock,
only by its address's: someone failing on purpose from elsewhere cannot keep
a user out of their usual browser.

Password reset: at most one mail per target address per window, and a few
requests per client address; the answer is the same whether or not a mail
left, so the form neither reveals accounts nor floods a mailbox.
"""

from __future__ import annotations

from django.conf import settings

from essor.core.cache import failures as cache_failures
from essor.core.throttle import Counter, client_address
from essor.core.tokens import keyed_digest

DEVICE_COOKIE = "essor_device"
DEVICE_SALT = "essor.accounts.device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def _login_counters() -> tuple[Counter, Counter]:
    window = settings.LOGIN_LOCK_MINUTES * 60
    return (
        Counter("login.account", settings.LOGIN_MAX_FAILURES, window, fail_closed=True),
        Counter("login.address", settings.LOGIN_MAX_FAILURES_PER_ADDRESS, window, fail_closed=True),
    )


def _account(username: str | None) -> str:
    return (username or "").strip().lower()


def _device_value(username: str | None) -> str:
    return keyed_digest(_account(username), DEVICE_SALT)


def is_known_device(request, username: str | None) -> bool:
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
    return bool(_account(username)) and value == _device_value(username)


def remember_device(response, username: str | None) -> None:
    """Mark this browser as one where the account logged in (see the module docstring)."""
    response.set_signed_cookie(
        DEVICE_COOKIE,
        _device_value(username),
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


# Why a login is refused before the password is checked.
TOO_MANY = "too_many"
UNAVAILABLE = "unavailable"  # the shared cache is down: attempts cannot be counted


def login_blocked(request, username: str | None) -> str | None:
    """None when the password may be checked, else TOO_MANY or UNAVAILABLE."""
    per_account, per_address = _login_counters()
    before = cache_failures()
    blocked = per_address.is_exhausted(client_address(request)) or (
        bool(_account(username))
        and not is_known_device(request, username)
        and per_account.is_exhausted(_account(username))
    )
    if not blocked:
        return None
    return UNAVAILABLE if cache_failures() != before else TOO_MANY


def login_failed(request, username: str | None) -> None:
    per_account, per_address = _login_counters()
    per_address.record(client_address(request))
    if _account(username):
        per_account.record(_account(username))


def login_succeeded(request, username: str | None) -> None:
    per_account, _per_address = _login_counters()
    per_account.reset(_account(username))


def may_send_reset_mail(request, email: str) -> bool:
    """Whether a reset mail may leave now for ``email``; counts the request."""
    # Without the cache no mail leaves: it could not be counted (mailbox flooding).
    per_target = Counter("reset.target", 1, settings.PASSWORD_RESET_MINUTES * 60, fail_closed=True)
    per_address = Counter(
        "reset.address", settings.PASSWORD_RESETS_PER_ADDRESS, 60 * 60, fail_closed=True
    )
    address = client_address(request)
    if per_address.is_exhausted(address):
        return False
    per_address.record(address)
    if per_target.is_exhausted(_account(email)):
        return False
    per_target.record(_account(email))
    return True
