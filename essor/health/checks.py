"""What a load balancer or an orchestrator asks before sending traffic to a server.

Each check answers "ok" or "error" and never the error's text: the readiness
page is public, and a database message may name hosts, users or tables. The
detail goes to the server's log (with the request id) for the operator.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger("essor.health")

OK = "ok"
ERROR = "error"
PENDING = "pending"

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


def readiness() -> dict[str, str]:
    checks = {"database": database()}
    # Without a database the migrations cannot be read: say so once, not twice.
    checks["migrations"] = migrations() if checks["database"] == OK else ERROR
    checks["cache"] = shared_cache()
    return checks
