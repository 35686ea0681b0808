"""A Redis cache whose outage slows nothing and breaks nothing.

The cache holds rate limits, login locks and short-lived figures: losing Redis
must not turn every page into a server error. Each failed call is logged, counted
for the current request (see ``failures``) and answered as a cache that holds
nothing and keeps nothing would answer. The callers that guard something decide
what an outage means for them (``essor.core.throttle.Counter``: refuse logins and
joins, let reads through); django-ratelimit, which reads a count of ``None`` as a
failure, refuses (its ``RATELIMIT_FAIL_OPEN`` is left false).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("essor.cache")

_failures: ContextVar[int] = ContextVar("essor_cache_failures", default=0)


def failures() -> int:
    """How many cache calls failed so far in this request (or thread): compare
    before and after a call to know whether its answer came from the cache."""
    return _failures.get()


def _failed(operation: str) -> None:
    _failures.set(_failures.get() + 1)
    logger.warning("Cache unavailable (%s): answered without it", operation, exc_info=True)


class _ReusedClients(RedisCacheClient):
    """Django builds a new ``redis.Redis`` for every cache call, and each one copies
    redis-py's table of ~250 reply parsers twice: the largest cost of a rate-limited
    dot vote after the SQL (bench/profile_vote.py). A client only wraps its connection
    pool and is safe to share between threads: keep one per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            _failed("add")
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            _failed("get")
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            _failed("set")

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError:
            _failed("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError:
            _failed("delete")
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError:
            _failed("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError:
            _failed("has_key")
            return False

    def incr(self, key, delta=1, version=None):
        """``None`` when Redis is down (a missing key still raises ValueError)."""
        try:
            return super().incr(key, delta, version)
        except RedisError:
            _failed("incr")
            return None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            _failed("set_many")
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError:
            _failed("delete_many")

    def count_hit(self, key, timeout):
        """Add one to ``key`` and (re)set its expiry in one round trip (a pipeline): the
        count after it, or ``None`` when Redis is down. The rate limits of the hot paths
        (a room voting at once) use it instead of add() then incr()."""
        try:
            key = self.make_and_validate_key(key)
            client = self._cache.get_client(key, write=True)
            pipeline = client.pipeline(transaction=False)
            pipeline.incr(key)
            pipeline.expire(key, timeout)
            count, _expiry_set = pipeline.execute()
            return count
        except RedisError:
            _failed("count_hit")
            return None

    def clear(self):
        try:
            return super().clear()
        except RedisError:
            _failed("clear")
            return False
