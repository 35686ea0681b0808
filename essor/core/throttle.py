"""Failure counters shared by every worker through Django's cache.

django-ratelimit counts every request in fixed slices of the clock; logins and
password resets need something else: count only *failures* (or only mails
sent), and let the count lapse a fixed time after the first one, so that a
lock is always temporary (nobody can lock an account out for good by
failing on purpose). Values (e-mail addresses, client addresses) are hashed
before they become cache keys: no personal data sits in the cache table.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import Http404

from essor.core.cache import failures as cache_failures
from essor.core.tokens import keyed_digest

T = TypeVar("T")


def client_address(request) -> str:
    """The client's address as the rate limits see it (ESSOR_CLIENT_IP_META_KEY).

    An IPv6 client is counted by its /64 network, like django-ratelimit does,
    since one machine usually holds a whole /64."""
    raw = request.META.get(settings.RATELIMIT_IP_META_KEY, "") or ""
    raw = raw.split(",")[0].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _add_one(key: str, window: int) -> int | None:
    """Count one event under ``key`` (add() starts the window with the first event only:
    later ones do not extend it); ``None`` when the cache is down."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return 1


@dataclass(frozen=True)
class Counter:
    """At most ``limit`` events per ``value`` within ``window`` seconds of the first.

    When the cache is down (``essor.core.cache``), a counter that guards a door
    (logins, reset mails: ``fail_closed``) reads as exhausted, and one that guards a
    read (feeds, token pages) as empty: the site answers, and what it lets through
    without a count is only what anyone could read anyway."""

    scope: str
    limit: int
    window: int
    fail_closed: bool = False

    def _key(self, value: str) -> str:
        return f"essor:{self.scope}:{keyed_digest(value, self.scope)}"

    def _unavailable(self) -> int:
        return self.limit if self.fail_closed else 0

    def count(self, value: str) -> int:
        before = cache_failures()
        count = cache.get(self._key(value), 0)
        return self._unavailable() if cache_failures() != before else count

    def is_exhausted(self, value: str) -> bool:
        return self.count(value) >= self.limit

    def record(self, value: str) -> int:
        before = cache_failures()
        count = _add_one(self._key(value), self.window)
        return self._unavailable() if cache_failures() != before else count

    def reset(self, value: str) -> None:
        cache.delete(self._key(value))


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/m" -> (120, 60); "5/10m" -> (5, 600)."""
    count, _slash, per = rate.partition("/")
    multiple = int(per[:-1]) if per[:-1] else 1
    return int(count), multiple * PERIODS[per[-1]]


def over_rate(scope: str, ident: str, rate: str, *, fail_closed: bool) -> bool:
    """Count one request of ``ident`` and tell whether it goes past ``rate`` in the
    current slice of the clock (as django-ratelimit counts). One round trip to Redis
    (``ResilientRedisCache.count_hit``), two to another cache. When the cache is down,
    ``fail_closed`` refuses (a door: joining) and otherwise lets through (participants
    already admitted, voting)."""
    limit, period = parse_rate(rate)
    key = f"essor:rate:{scope}:{ident}:{int(time.time() // period)}"
    before = cache_failures()
    counter = getattr(cache, "count_hit", None)
    count = counter(key, period) if counter is not None else _add_one(key, period)
    if count is None or cache_failures() != before:
        return fail_closed
    return count > limit


def token_lookup(request, scope: str, find: Callable[[], T | None]) -> T:
    """The object a secret token in the URL opens, else Http404.

    Wrong tokens are counted per client address; once an address has missed
    too often, every token it tries answers the same 404, the right ones too,
    until the window ends: a guesser cannot tell a hit from a miss, and a rate
    limit never shows on a wrong token."""
    misses = Counter(f"token-miss.{scope}", settings.TOKEN_MISSES_PER_ADDRESS, 3600)
    address = client_address(request)
    if misses.is_exhausted(address):
        raise Http404
    found = find()
    if found is None:
        misses.record(address)
        raise Http404
    return found
