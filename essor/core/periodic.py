"""Periodic housekeeping, run by one command from cron (``manage.py run_periodic``).

Each app registers its own jobs in its AppConfig.ready(): a name and a function
returning how many things it handled. Every job is idempotent (running the command
twice in a row does nothing more the second time) and independent: one that fails
is reported and the others still run.
"""

from __future__ import annotations

from collections.abc import Callable

_JOBS: dict[str, Callable[[], int]] = {}


def register(name: str, job: Callable[[], int]) -> None:
    _JOBS[name] = job


def jobs() -> dict[str, Callable[[], int]]:
    return dict(sorted(_JOBS.items()))


def clear_expired_sessions() -> int:
    """Sessions past their expiry (Django keeps them in the database until removed)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def remove_stale_imports() -> int:
    """What an abandoned import parsed, a day after its first step."""
    from essor.core import uploads

    return uploads.remove_stale()
