"""Liveness and readiness probes (/sante/, /sante/pret/)."""

import json
import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from conftest import ROLES
from essor.core.request_log import JsonFormatter, RequestIdFilter
from essor.health import checks

pytestmark = pytest.mark.django_db

# A database cache whose table was never created: every cache call fails for real.
BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "essor_missing_cache_table",
    }
}


@pytest.fixture(autouse=True)
def fresh_migration_state():
    checks.forget_migrations()
    yield
    checks.forget_migrations()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_the_anonymous_balancer_get_the_probes(cast, client_as, role):
    client = client_as(role)
    live = client.get(reverse("health:liveness"))
    assert live.status_code == 200
    assert live.json() == {"status": "ok"}
    ready = client.get(reverse("health:readiness"))
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "worker": "inline"},
    }
    assert "no-store" in ready["Cache-Control"]


def test_probes_write_no_session_and_refuse_post(client):
    response = client.get(reverse("health:readiness"))
    assert "sessionid" not in response.cookies
    assert client.post(reverse("health:liveness")).status_code == 405
    assert client.post(reverse("health:readiness")).status_code == 405


def test_a_broken_cache_degrades_the_server_without_saying_why(client, settings, caplog):
    settings.CACHES = BROKEN_CACHE
    response = client.get(reverse("health:readiness"))
    # Still in the balancer: every server shares the cache, taking them all out for it
    # would stop the site.
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "degraded",
        "checks": {"database": "ok", "migrations": "ok", "cache": "error", "worker": "inline"},
    }
    assert "essor_missing_cache_table" not in response.content.decode()
    # The operator finds the cause in the log, with the request id of the answer.
    record = next(r for r in caplog.records if r.name == "essor.health")
    assert record.exc_info is not None


def test_pending_migrations_make_the_server_not_ready(client, migrate_to):
    migrate_to([("decisions", "0001_initial")])
    response = client.get(reverse("health:readiness"))
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"


def test_the_request_id_is_sent_back_and_carried_by_json_log_records(client, settings, caplog):
    settings.LOG_REQUESTS = True
    caplog.set_level(logging.INFO, logger="essor.request")
    response = client.get(reverse("health:liveness"))
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    record = next(r for r in caplog.records if r.name == "essor.request")
    RequestIdFilter().filter(record)  # the handler's filter, outside the request: empty
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request"
    assert line["route"] == "health:liveness"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)


def test_records_logged_during_a_request_carry_its_id(client, caplog):
    from essor.core import request_log

    seen = []

    class Remember(logging.Handler):
        def emit(self, record):
            seen.append(json.loads(JsonFormatter().format(record)))

    handler = Remember()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("essor.health")
    logger.addHandler(handler)
    try:
        # A failing cache makes the readiness view log an error inside the request.
        with override_settings(CACHES=BROKEN_CACHE):
            response = client.get(reverse("health:readiness"))
    finally:
        logger.removeHandler(handler)
    assert seen and seen[0]["request_id"] == response["X-Request-ID"]
    assert "Traceback" in seen[0]["exception"]
    assert request_log.current_request_id() == ""  # reset after the request


def test_a_proxy_request_id_is_kept_only_when_trusted(client, settings):
    incoming = {"HTTP_X_REQUEST_ID": "lb-4f2a9c81-77"}
    assert client.get(reverse("health:liveness"), **incoming)["X-Request-ID"] != "lb-4f2a9c81-77"
    settings.TRUST_REQUEST_ID = True
    assert client.get(reverse("health:liveness"), **incoming)["X-Request-ID"] == "lb-4f2a9c81-77"
    # Not an id (too long, or with characters a log line should not receive): a new one.
    bad = {"HTTP_X_REQUEST_ID": "x" * 65}
    assert client.get(reverse("health:liveness"), **bad)["X-Request-ID"] != "x" * 65
    bad = {"HTTP_X_REQUEST_ID": "abc def\nforged"}
    assert "forged" not in client.get(reverse("health:liveness"), **bad)["X-Request-ID"]


def test_a_queue_nobody_takes_degrades_the_server(client, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from essor.jobs.tests.test_jobs import count_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = count_task.using(backend="default").enqueue(
        "00000000-0000-0000-0000-000000000000", "count"
    )
    assert client.get(reverse("health:readiness")).json()["checks"]["worker"] == "ok"
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=5)
    )
    response = client.get(reverse("health:readiness"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["worker"] == "late"
