"""The progress import's confirmation as background work, followed on the job's page.

The checked tables wait in core.uploads under their token (every server sees them); the
worker checks them again against the plan as it is, then writes all or nothing, with a
progress bar entry by entry. The session forgets the upload when the work starts, so
confirming twice does not import twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from essor.core import uploads
from essor.followup import progress_files
from essor.followup.permissions import RECORD, get_followed_plan_for
from essor.followup.progress_import import ProgressImportErrors, import_progress, parse_progress
from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, as_owner, run

KIND = "followup.import_progress"
register_kind(KIND, gettext_lazy("Import of progress"))
# Errors quoted on the job's page (the preview lists them all).
SHOWN_ERRORS = 5


def _import(job, progress, process_id: int, plan_id: int, token: str) -> Outcome:
    plan = as_owner(job, get_followed_plan_for, process_id, plan_id, RECORD)
    again = reverse("followup:import", args=[process_id, plan_id])
    tables = progress_files.load_tables(token)
    if tables is None:
        raise JobFailed(
            _("The file is no longer available: upload it again. Nothing was imported."), again
        )
    progress(0, None, _("Checking the lines"))
    parsed = parse_progress(plan, *tables)
    try:
        written = import_progress(
            plan,
            parsed,
            actor=job.owner,
            progress=lambda done, total: progress(done, total, _("Recording the progress")),
        )
    except ProgressImportErrors as error:
        raise JobFailed(
            " ".join([*error.errors[:SHOWN_ERRORS], _("Nothing was imported.")]), again
        ) from None
    finally:
        uploads.discard(token)
    return Outcome(
        ngettext(
            "The progress has been imported: %(count)s entry recorded.",
            "The progress has been imported: %(count)s entries recorded.",
            written,
        )
        % {"count": written},
        reverse("followup:dashboard", args=[process_id, plan_id]),
    )


@task()
def import_progress_file(job_id: str, process_id: int, plan_id: int, token: str):
    run(job_id, lambda job, progress: _import(job, progress, process_id, plan_id, token))
