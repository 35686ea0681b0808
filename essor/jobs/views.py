from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from essor.core.caching import no_store
from essor.jobs.permissions import get_job_for


@login_required
@require_safe
@no_store
def detail(request, job_id):
    """The page of one piece of work: a progress bar that follows it until it ends."""
    job = get_job_for(request.user, job_id)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
@require_safe
@no_store
def progress(request, job_id):
    """The progress bar alone, polled by the page (htmx) until the work ends."""
    job = get_job_for(request.user, job_id)
    return render(request, "jobs/includes/progress.html", {"job": job})
