"""Files produced by background work, kept in the database (every server sees them)
and handed over to whoever may follow the work (``jobs:download``)."""

from __future__ import annotations

from django.urls import reverse

from essor.jobs.models import Job, JobFile


def save_file(job: Job, name: str, content_type: str, data: bytes) -> JobFile:
    return JobFile.objects.create(job=job, name=name[:255], content_type=content_type[:100],
                                  data=data)  # fmt: skip


def download_url(job_file: JobFile) -> str:
    return reverse("jobs:download", args=[job_file.job_id, job_file.pk])
