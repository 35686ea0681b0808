"""Archives as background work followed on the job's page: the export of a process (a ZIP
to download) and the import of an archive checked in the page (a dry run) beforehand.

Both may run again safely: an export only reads; an import writes in one transaction that
also consumes the uploaded archive, so a second delivery of a finished one does nothing."""

from __future__ import annotations

import base64
import io

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from essor.archive.export import export_process
from essor.archive.importer import ArchiveError, import_process, read_archive
from essor.archive.permissions import get_archive_workspace_for
from essor.core import uploads
from essor.jobs.files import save_file
from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, as_owner, run
from essor.processes.models import Process

EXPORT = "archive.export"
IMPORT = "archive.import"
register_kind(EXPORT, gettext_lazy("Archive of a process"))
register_kind(IMPORT, gettext_lazy("Import of a process archive"))


def archive_name(process: Process) -> str:
    return f"demarche-{slugify(process.title)[:40] or process.pk}-{timezone.localdate()}.zip"


def _export(job, progress, slug: str, process_id: int) -> Outcome:
    workspace = as_owner(job, get_archive_workspace_for, slug)
    process = Process.objects.filter(pk=process_id, workspace=workspace).first()
    if process is None:
        raise JobFailed(_("This process no longer exists in this workspace."))
    progress(0, 2, _("Reading the process"))
    buffer = io.BytesIO()
    counts = export_process(process, buffer)
    progress(1, 2, _("Writing the archive"))
    save_file(job, archive_name(process), "application/zip", buffer.getvalue())
    return Outcome(
        _("The archive of “%(title)s” is ready (%(rows)s rows).")
        % {"title": process.title, "rows": uploads.number(sum(counts.values()))},
        reverse("archive:workspace", args=[workspace.slug]),
    )


@task()
def export_archive(job_id: str, slug: str, process_id: int):
    run(job_id, lambda job, progress: _export(job, progress, slug, process_id))


def _import(job, progress, slug: str, token: str) -> Outcome:
    workspace = as_owner(job, get_archive_workspace_for, slug)
    again = reverse("archive:workspace", args=[workspace.slug])
    stored = uploads.load(token)
    if stored is None:
        raise JobFailed(
            _("The file is no longer available (already imported, or too old): send it again."),
            again,
        )
    progress(0, 2, _("Checking the archive"))
    try:
        archive = read_archive(io.BytesIO(base64.b64decode(stored["archive"])))
        progress(1, 2, _("Writing the process"))
        with transaction.atomic():
            if not uploads.consume(token):  # another delivery of this work got there first
                raise JobFailed(_("This file has already been imported."))
            process, _plan = import_process(archive, workspace, actor=job.owner)
    except ArchiveError as error:
        raise JobFailed(
            _("Nothing has been imported: %(error)s") % {"error": error}, again
        ) from None
    return Outcome(
        _("The process “%(title)s” has been imported.") % {"title": process.title},
        reverse("processes:detail", args=[process.pk]),
    )


@task()
def import_archive(job_id: str, slug: str, token: str):
    run(job_id, lambda job, progress: _import(job, progress, slug, token))
