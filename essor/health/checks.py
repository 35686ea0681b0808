"""What a load balancer or an orchestrator asks before sending traffic to a server.

Each check answers "ok" or "error" and never the error's text: the readiness
page is public, and a database message may name hosts, users or tables. The
detail goes to the server's log (with the request id) for the operator.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

logger = logging.getLogger("essor.health")

OK = "ok"
ERROR = "error"
PENDING = "pending"
LATE = "late"
DEGRADED = "degraded"
INLINE = "inline"
# Without these a server cannot serve at all: the balancer must send traffic elsewhere.
ESSENTIAL = ("database", "migrations")
# A queued task waiting longer than this means no worker is taking them.
WORKER_MAX_WAIT_SECONDS = 120

# Migrations are not un-applied under a running server: once seen complete, the
# (costly) graph walk is not repeated by every probe of this process.
_migrations_complete = False


def database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Readiness: the database does not answer")
        return ERROR
    return OK


def shared_cache() -> str:
    """Writes and reads back a random value: a cache that accepts nothing is not ready."""
    key = "essor:health:probe"
    value = secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=30)
        if cache.get(key) != value:
            logger.error("Readiness: the cache did not give back what was written")
            return ERROR
    except Exception:
        logger.exception("Readiness: the cache does not answer")
        return ERROR
    return OK


def migrations() -> str:
    """A server started with new code before `migrate` ran is not ready for traffic."""
    global _migrations_complete
    if _migrations_complete:
        return OK
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.exception("Readiness: the migrations could not be read")
        return ERROR
    if plan:
        return PENDING
    _migrations_complete = True
    return OK


def forget_migrations() -> None:
    """For tests that move the schema back and forth."""
    global _migrations_complete
    _migrations_complete = False


def worker() -> str:
    """Whether queued background work is being taken: "inline" when it runs inside
    requests (development), "late" when a task has waited too long for a worker."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return INLINE
    limit = timezone.now() - timedelta(seconds=WORKER_MAX_WAIT_SECONDS)
    try:
        waiting = DBTaskResult.objects.ready().filter(enqueued_at__lt=limit).exists()
    except Exception:
        logger.exception("Readiness: the task queue could not be read")
        return ERROR
    return LATE if waiting else OK


def readiness() -> dict[str, str]:
    checks = {"database": database()}
    # Without a database the migrations and the queue cannot be read: say so once.
    ready = checks["database"] == OK
    checks["migrations"] = migrations() if ready else ERROR
    checks["cache"] = shared_cache()
    checks["worker"] = worker() if ready else ERROR
    return checks


def status(checks: dict[str, str]) -> str:
    """ "error" when an essential check fails (the server cannot serve: 503), "degraded"
    when the cache or the worker is missing (the site still answers: taking every
    server out of the balancer because Redis is down would stop the whole site)."""
    if any(checks[name] != OK for name in ESSENTIAL):
        return ERROR
    if checks["cache"] != OK or checks["worker"] not in (OK, INLINE):
        return DEGRADED
    return OK
