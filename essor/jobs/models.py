"""Long work done outside web requests (imports, documents, mailings), as users follow it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", pgettext_lazy("background work", "done")
    FAILED = "failed", _("failed")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)

# What each kind of work is called on its page; each app registers its own kinds.
KIND_LABELS: dict[str, str] = {}


def register_kind(kind: str, label) -> None:
    KIND_LABELS[kind] = label


class Job(models.Model):
    """One piece of long work asked by a user, run by a task (django-tasks), with its
    progress and its outcome as the user reads them. The task framework keeps its own
    record of the run (retries, traceback); this is the user's side of it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The workspace whose data the work touches (None: platform-wide work).
    workspace = models.ForeignKey(
        "workspaces.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    step = models.CharField(_("step"), max_length=300, blank=True)
    # What the user reads at the end: a French message and, for a document, where it is.
    outcome = models.TextField(pgettext_lazy("background work", "outcome"), blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    # The language of the person who started it: the worker writes the messages in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written with the progress: running work whose heartbeat stopped was interrupted.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background work")
        verbose_name_plural = _("background work")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.get_status_display()}"

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.kind, _("Background work")))

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def downloads(self):
        """The files the work produced, without their content."""
        return self.files.only("id", "job_id", "name")

    @property
    def percent(self) -> int | None:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))


class JobFile(models.Model):
    """A file some work produced (a roadmap, a report), kept in the database so that
    every application server can hand it over, whichever one ran the work."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("produced file")
        verbose_name_plural = _("produced files")
        ordering = ["created_at"]

    def __str__(self):
        return self.name
