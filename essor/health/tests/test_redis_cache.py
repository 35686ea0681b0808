"""The shared cache of a cluster on a real Redis server (ESSOR_CACHE=redis://...).

A private redis-server is started on a free port for these tests. It is mandatory
when CI=true (.ci/run installs Debian's redis-server); elsewhere a machine without
the binary cannot run them and says so.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from essor.core.cache import ResilientRedisCache
from essor.core.tests.test_core import _check_deploy
from essor.core.throttle import Counter, over_rate
from essor.health import checks

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but redis-server is missing: install Debian's redis-server.")
        pytest.skip("redis-server is not installed on this machine")
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield server, f"redis://127.0.0.1:{port}/0"
    server.kill()
    server.wait()


def _redis_settings(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "essor.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "essor",
        }
    }


def test_essor_cache_accepts_a_redis_address_and_production_checks_pass():
    result = _check_deploy(ESSOR_CACHE="redis://127.0.0.1:6379/0", ESSOR_TASKS="database")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unknown_cache_kind_stops_the_start_with_a_clear_message():
    result = _check_deploy(ESSOR_CACHE="memcached")
    assert result.returncode != 0
    assert "ESSOR_CACHE must be locmem, database or a redis:// address" in result.stderr


def test_two_servers_share_the_rate_limit_counters(redis_url, settings):
    _server, url = redis_url
    settings.CACHES = _redis_settings(url)
    assert isinstance(caches["default"], ResilientRedisCache)
    # This server counts three failures; another server, with its own client, sees them.
    counter = Counter("test-shared", limit=3, window=60)
    for _ in range(3):
        counter.record("203.0.113.9")
    assert counter.is_exhausted("203.0.113.9")
    other_server = RedisCache(url, {"KEY_PREFIX": "essor"})
    assert other_server.get(counter._key("203.0.113.9")) == 3  # noqa: SLF001
    assert other_server.get(counter._key("198.51.100.1")) is None  # noqa: SLF001


def test_a_rate_is_counted_in_one_round_trip_shared_by_every_server(redis_url, settings):
    _server, url = redis_url
    settings.CACHES = _redis_settings(url)
    cache = caches["default"]
    client = cache._cache.get_client(write=True)  # noqa: SLF001
    sent = []
    original = client.connection_pool.get_connection

    def counting(*args, **kwargs):
        connection = original(*args, **kwargs)
        if not getattr(connection, "counted", False):  # pooled: wrapped once
            send = connection.send_packed_command
            connection.send_packed_command = lambda *a, **k: (sent.append(a[0]), send(*a, **k))[1]
            connection.counted = True
        return connection

    client.connection_pool.get_connection = counting
    try:
        assert [over_rate("test.vote", "p1", "3/m", fail_closed=False) for _ in range(4)] == [
            False, False, False, True,
        ]  # fmt: skip
    finally:
        client.connection_pool.get_connection = original
    # One write to Redis per request counted: the pipeline's two commands together.
    assert [b"INCRBY" in packed[0] and b"EXPIRE" in packed[0] for packed in sent] == [True] * 4
    # Another server's client sees the same count; another participant has their own.
    assert not over_rate("test.vote", "p2", "3/m", fail_closed=False)
    keys = RedisCache(url, {"KEY_PREFIX": "essor"})._cache.get_client().keys("essor:*rate*")  # noqa: SLF001
    assert len(keys) == 2


def test_one_redis_client_per_pool_is_reused_across_calls(redis_url, settings):
    _server, url = redis_url
    settings.CACHES = _redis_settings(url)
    client = caches["default"]._cache  # noqa: SLF001
    assert client.get_client(write=True) is client.get_client("any key", write=True)
    caches["default"].set("k", 1)
    assert caches["default"].get("k") == 1


def test_without_redis_joins_are_refused_and_a_room_already_in_keeps_voting(redis_down):
    assert over_rate("test.join", "203.0.113.9", "60/h", fail_closed=True)
    assert not over_rate("test.vote", "p1", "120/m", fail_closed=False)


def test_readiness_with_redis_then_without_it(redis_url, settings, client):
    server, url = redis_url
    settings.CACHES = _redis_settings(url)
    checks.forget_migrations()
    response = client.get(reverse("health:readiness"))
    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == "ok"
    server.kill()
    server.wait()
    response = client.get(reverse("health:readiness"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == "error"
    # The probe of liveness does not depend on Redis.
    assert client.get(reverse("health:liveness")).status_code == 200


@pytest.fixture
def redis_down(settings):
    """A Redis address where nothing listens: every call is refused, as when it is down."""
    settings.CACHES = _redis_settings(f"redis://127.0.0.1:{_free_port()}/0")
    return settings


def test_without_redis_pages_still_answer(redis_down, client_as, cast):
    assert client_as("anonymous").get("/").status_code == 200
    assert (
        client_as("facilitator")
        .get(reverse("processes:detail", args=[cast.process.pk]))
        .status_code
        == 200
    )


def test_without_redis_logins_fail_closed_with_a_french_message(redis_down, client, cast):
    from conftest import PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": cast.facilitator.email, "password": PASSWORD}
    )
    # Not "too many attempts": nobody tried; the attempts cannot be counted right now.
    assert response.status_code == 503 and response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Trop de tentatives" not in page
    assert "La connexion est indisponible pour un moment" in page
    assert "_auth_user_id" not in client.session


def test_without_redis_guarding_counters_refuse_and_reading_ones_let_through(redis_down):
    door = Counter("test-door", limit=5, window=60, fail_closed=True)
    read = Counter("test-read", limit=5, window=60)
    assert door.is_exhausted("203.0.113.9")
    assert door.record("203.0.113.9") == 5
    assert not read.is_exhausted("203.0.113.9")
    assert read.record("203.0.113.9") == 0


def test_without_redis_workshop_joins_are_refused(redis_down, rf):
    from django_ratelimit.core import is_ratelimited

    request = rf.post("/participer/", REMOTE_ADDR="203.0.113.9")
    # django-ratelimit reads the failed count as "limited" (RATELIMIT_FAIL_OPEN is false).
    assert is_ratelimited(request, group="test.join", key="ip", rate="60/h", increment=True)
