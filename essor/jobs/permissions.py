"""Who follows a piece of background work: the person who started it, and platform admins."""

from django.http import Http404

from essor.jobs.models import Job


def can_follow(user, job: Job) -> bool:
    return user.is_authenticated and (user.is_superuser or job.owner_id == user.pk)


def get_job_for(user, job_id) -> Job:
    """The job, or 404 for anyone else (its existence is not revealed)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not can_follow(user, job):
        raise Http404
    return job
