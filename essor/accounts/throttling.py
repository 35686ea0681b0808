"""Throttling of logins (site and admin) and of password reset mails.

Logins: failures are counted per account (the e-mail typed) and per client
address; once either reaches its limit, the login form answers 429 with a
French message until the window ends (counted from the first failure, so a
lock is never permanent even if someone fails on purpose to lock a user
out). A successful login clears its account's counter.

Password reset: at most one mail per target address per window, and a few
requests per client address; the answer is the same whether or not a mail
left, so the form neither reveals accounts nor floods a mailbox.
"""

from __future__ import annotations

from django.conf import settings

from essor.core.throttle import Counter, client_address


def _login_counters() -> tuple[Counter, Counter]:
    window = settings.LOGIN_LOCK_MINUTES * 60
    return (
        Counter("login.account", settings.LOGIN_MAX_FAILURES, window),
        Counter("login.address", settings.LOGIN_MAX_FAILURES_PER_ADDRESS, window),
    )


def _account(username: str | None) -> str:
    return (username or "").strip().lower()


def login_blocked(request, username: str | None) -> bool:
    per_account, per_address = _login_counters()
    return per_address.is_exhausted(client_address(request)) or (
        bool(_account(username)) and per_account.is_exhausted(_account(username))
    )


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
    per_target = Counter("reset.target", 1, settings.PASSWORD_RESET_MINUTES * 60)
    per_address = Counter("reset.address", settings.PASSWORD_RESETS_PER_ADDRESS, 60 * 60)
    address = client_address(request)
    if per_address.is_exhausted(address):
        return False
    per_address.record(address)
    if per_target.is_exhausted(_account(email)):
        return False
    per_target.record(_account(email))
    return True
