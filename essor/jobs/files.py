"""Files produced by background work, stored with the job (in the database: every server
of a cluster sees them) and handed over to whoever may follow the job."""

from __future__ import annotations

from django.urls import reverse

from essor.jobs.models import Job, JobFile


def save_file(job: Job, name: str, content_type: str, data: bytes) -> JobFile:
    return JobFile.objects.create(job=job, name=name, content_type=content_type, data=data)


def download_url(job_file: JobFile) -> str:
    return reverse("jobs:download", args=[job_file.job_id, job_file.pk])
