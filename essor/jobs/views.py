from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from essor.core.caching import no_store
from essor.jobs.models import JobFile
from essor.jobs.permissions import get_job_for
from essor.jobs.services import with_live_progress


@login_required
@require_safe
@no_store
def detail(request, job_id):
    """The page of one piece of work: a progress bar that follows it until it ends."""
    job = with_live_progress(get_job_for(request.user, job_id))
    return render(request, "jobs/detail.html", {"job": job})


@login_required
@require_safe
@no_store
def progress(request, job_id):
    """The progress bar alone, polled by the page (htmx) until the work ends."""
    job = with_live_progress(get_job_for(request.user, job_id))
    return render(request, "jobs/includes/progress.html", {"job": job})


@login_required
@require_safe
@no_store
def download(request, job_id, file_id):
    """A file the work produced, for whoever may follow the work."""
    job = get_job_for(request.user, job_id)
    job_file = get_object_or_404(JobFile, pk=file_id, job=job)
    response = HttpResponse(bytes(job_file.data), content_type=job_file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job_file.name)
    return response
