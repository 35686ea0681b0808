"""python manage.py run_periodic: the housekeeping run by cron."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from essor.core import periodic, uploads
from essor.core.models import PendingImport
from essor.core.tokens import hash_token
from essor.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    call_command("run_periodic", stdout=out)
    return out.getvalue()


def test_housekeeping_removes_what_expired_and_keeps_the_rest(cast):
    old, recent = SessionStore(), SessionStore()
    old.create()
    recent.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    stale = uploads.store({"rows": [1]})
    fresh = uploads.store({"rows": [2]})
    PendingImport.objects.filter(key=hash_token(stale)).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    ended = timezone.now() - timedelta(days=31)
    Job.objects.create(kind="x", status=JobStatus.SUCCEEDED, finished_at=ended)
    kept = Job.objects.create(kind="x", status=JobStatus.FAILED, finished_at=timezone.now())
    running = Job.objects.create(kind="x", status=JobStatus.RUNNING)

    output = _run()
    assert "imports\u00a0: 1 élément traité" in output
    assert not Session.objects.filter(session_key=old.session_key).exists()
    assert Session.objects.filter(session_key=recent.session_key).exists()
    assert uploads.load(stale) is None and uploads.load(fresh) == {"rows": [2]}
    assert set(Job.objects.values_list("pk", flat=True)) == {kept.pk, running.pk}
    # Idempotent: a second run finds nothing more.
    again = _run()
    for name in ("sessions", "imports", "jobs"):
        assert f"{name}\u00a0: 0 élément traité" in again


def test_one_failing_job_does_not_stop_the_others(cast):
    def broken() -> int:
        raise RuntimeError("table absente")

    stale = uploads.store({"rows": [1]})
    PendingImport.objects.update(created_at=timezone.now() - timedelta(days=2))
    periodic.register("aaa-broken", broken)
    try:
        err = StringIO()
        with pytest.raises(CommandError, match="aaa-broken"):
            call_command("run_periodic", stdout=StringIO(), stderr=err)
        assert "table absente" in err.getvalue()
        assert uploads.load(stale) is None  # the jobs after it still ran
    finally:
        periodic._JOBS.pop("aaa-broken")  # noqa: SLF001
