"""Starting background work and running it: the bookkeeping every task shares.

A view calls ``start``: the job is recorded, the task is enqueued once the
request's transaction is committed (a worker must find the job), and the user is
sent to the job's page, whose progress bar follows ``Job.done / Job.total``.
Development and tests run the task at once (django-tasks' ImmediateBackend);
production hands it to the worker (``ESSOR_TASKS=database`` and ``db_worker``).

The task calls ``run(job_id, work)``: ``work(job, progress)`` does the work,
calls ``progress(done, total, step)`` now and then, and returns an ``Outcome``;
it raises ``JobFailed`` with a French message when the user's input is at fault.
Anything else is logged with its traceback and shown as a short French message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.jobs.models import Job, JobStatus

logger = logging.getLogger("essor.jobs")

# Progress is written at most this often (a loop over 40,000 rows must not write 40,000 times).
PROGRESS_INTERVAL = 0.5


class JobFailed(Exception):
    """The work cannot be done; the message is for the user (French), ``url`` the page
    where they can put it right (the preview of an import)."""

    def __init__(self, message: str, url: str = ""):
        super().__init__(message)
        self.url = url


@dataclass(frozen=True)
class Outcome:
    message: str
    url: str = ""


def _live_key(job_id) -> str:
    return f"essor:job-progress:{job_id}"


# How long the shared cache keeps a progress written inside a transaction.
LIVE_PROGRESS_SECONDS = 3600


class Progress:
    """``progress(done, total, step)``: written on the job's row. Work writing inside a
    transaction (an import, all or nothing) would keep that row's changes from the
    page until it commits: the progress is then also put in the shared cache, where
    the page polling from any server reads it (``with_live_progress``)."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, step: str | None = None) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL and (total is None or done < total):
            return
        self._last = now
        changes = {"done": max(0, int(done)), "heartbeat_at": timezone.now()}
        if total is not None:
            changes["total"] = max(0, int(total))
        if step is not None:
            changes["step"] = step[:300]
        Job.objects.filter(pk=self.job.pk).update(**changes)
        if transaction.get_connection().in_atomic_block:
            live = {name: changes[name] for name in ("done", "total", "step") if name in changes}
            cache.set(_live_key(self.job.pk), live, LIVE_PROGRESS_SECONDS)


def with_live_progress(job: Job) -> Job:
    """The job with the progress its running work wrote inside a transaction not yet
    committed (from the shared cache)."""
    if job.status == JobStatus.RUNNING:
        for name, value in (cache.get(_live_key(job.pk)) or {}).items():
            setattr(job, name, value)
    return job


def as_owner(job: Job, getter: Callable, *args, **kwargs):
    """What the view checked before starting the work, checked again by the worker as the
    job's owner: their access may have changed, or the object gone, while the work waited."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    try:
        if job.owner is None:
            raise Http404
        return getter(job.owner, *args, **kwargs)
    except (Http404, PermissionDenied):
        raise JobFailed(
            _(
                "This can no longer be done: your access has changed or what it concerned "
                "has been deleted. Nothing was changed."
            )
        ) from None


def start(kind: str, task, *, owner, workspace=None, args: tuple = ()) -> Job:
    """Record the job and enqueue ``task(job_id, *args)`` after the transaction commits."""
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        workspace=workspace,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    log_action(owner, "job.started", job, kind=kind)

    def enqueue():
        result = task.enqueue(str(job.pk), *args)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return job


def _finish(job_id, status: str, outcome: str, url: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=status, outcome=outcome, result_url=url, finished_at=timezone.now()
    )


def run(job_id: str, work: Callable[[Job, Progress], Outcome]) -> None:
    """Run ``work`` for the job once: a task delivered twice finds it taken and stops."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not taken:
        return
    job = Job.objects.get(pk=job_id)
    with translation.override(job.language):
        _run(job, work)


def _run(job: Job, work: Callable[[Job, Progress], Outcome]) -> None:
    try:
        outcome = work(job, Progress(job))
    except JobFailed as error:
        _finish(job.pk, JobStatus.FAILED, str(error), error.url)
    except Exception:
        logger.exception("Background work %s (%s) failed", job.pk, job.kind)
        _finish(
            job.pk,
            JobStatus.FAILED,
            _(
                "An unexpected error stopped the work; nothing was changed. "
                "The administrators can find it in the server's log (reference %(id)s)."
            )
            % {"id": job.pk},
        )
    else:
        _finish(job.pk, JobStatus.SUCCEEDED, outcome.message, outcome.url)


# Finished work is kept this long for its page, then forgotten.
KEEP_FINISHED_DAYS = 30


def forget_finished() -> int:
    """Jobs ended more than KEEP_FINISHED_DAYS ago, and the task queue's own records."""
    from datetime import timedelta

    from django_tasks_db.models import DBTaskResult

    from essor.jobs.models import FINISHED

    limit = timezone.now() - timedelta(days=KEEP_FINISHED_DAYS)
    jobs, _counts = Job.objects.filter(status__in=FINISHED, finished_at__lt=limit).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    return jobs


# Running work that has not reported for this long was interrupted (its worker was
# killed or the machine restarted): no task goes this long without a progress call.
SILENT_MINUTES = 30


def fail_interrupted() -> int:
    """Marks interrupted work as failed, so that its page stops waiting and says what to do.
    The work itself left nothing half-written (each task writes in one transaction or
    switches at the end, like the SIRENE import): starting it again is safe."""
    from datetime import timedelta

    limit = timezone.now() - timedelta(minutes=SILENT_MINUTES)
    interrupted = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=limit)
    count = 0
    for job in interrupted:
        with translation.override(job.language):
            message = _(
                "The work was interrupted (the server running it stopped); nothing was "
                "changed. Start it again."
            )
        count += Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, outcome=message, finished_at=timezone.now()
        )
    return count
