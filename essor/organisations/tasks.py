"""The directory import's last step as background work: a file may hold 20,000 lines.

It may be started again safely: the directory is written in one transaction that also
consumes the uploaded table, so a failed run leaves nothing and a second delivery of
a finished one imports nothing."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from essor.core import uploads
from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, as_owner, run
from essor.organisations import services, tabular
from essor.organisations.importing import validate_table
from essor.organisations.permissions import (
    check_directory_perm,
    directory_processes_for,
    directory_workspaces_for,
)

KIND = "organisations.import"
PERM = "organisations.import_organisations"
MAX_ERRORS_SHOWN = 20
register_kind(KIND, gettext_lazy("Import into the directory"))


def _allowed(user, workspace_id: int, process_id: int | None):
    """The workspace and process the user chose, if they may still fill their directories."""
    from django.http import Http404

    check_directory_perm(user, PERM)
    workspace = directory_workspaces_for(user).filter(pk=workspace_id).first()
    process = None
    if process_id is not None:
        process = directory_processes_for(user, workspace).filter(pk=process_id).first()
    if workspace is None or (process_id is not None and process is None):
        raise Http404
    return workspace, process


def _import(job, progress, token: str, mapping: dict, workspace_id: int, process_id):
    workspace, process = as_owner(job, _allowed, workspace_id, process_id)
    progress(0, 3, _("Reading the file"))
    table = tabular.load_table(token)
    if table is None:
        raise JobFailed(
            _("The file is no longer available (already imported, or too old): send it again."),
            reverse("organisations:import_upload"),
        )
    progress(1, 3, _("Checking the lines"))
    rows, errors = validate_table(table, {int(index): target for index, target in mapping.items()})
    if errors:
        lines = [str(error) for error in errors[:MAX_ERRORS_SHOWN]]
        raise JobFailed(
            "\n".join([_("Nothing has been imported:"), *lines]),
            reverse("organisations:import_mapping"),
        )
    with transaction.atomic():
        if not uploads.consume(token):  # another delivery of this work got there first
            raise JobFailed(_("This file has already been imported."))
        result = services.import_directory(
            rows,
            workspace=workspace,
            actor=job.owner,
            process=process,
            progress=lambda done, total: progress(done, total, _("Writing the directory")),
        )
    return Outcome(
        _(
            "Import done. Organisations created: %(created)s, updated: %(updated)s. "
            "People created: %(people_created)s, updated: %(people_updated)s."
        )
        % {
            "created": result.organisations_created,
            "updated": result.organisations_updated,
            "people_created": result.people_created,
            "people_updated": result.people_updated,
        },
        reverse("organisations:list"),
    )


@task()
def import_directory(job_id: str, token: str, mapping: dict, workspace_id: int, process_id):
    run(job_id, lambda job, progress: _import(job, progress, token, mapping, workspace_id,
                                              process_id))  # fmt: skip
