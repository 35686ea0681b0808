"""The plans' long work, run by the task worker and followed on the job's page:
the roadmap documents (ODT, DOCX, PDF) and the import of a plan from a file.

Both may be started again safely: a document is only read from the plan, and an
import writes in one transaction that also consumes the uploaded table, so a failed
one leaves nothing and a second delivery of a finished one imports nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from essor.core import uploads
from essor.jobs.files import save_file
from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, as_owner, run
from essor.organisations import tabular
from essor.plans import importing
from essor.plans.documents import FORMATS, render_roadmap
from essor.plans.permissions import MANAGE, VIEW, get_plan_for
from essor.processes.permissions import get_process_for

ROADMAP = "plans.roadmap"
IMPORT = "plans.import"
register_kind(ROADMAP, gettext_lazy("Generation of the roadmap"))
register_kind(IMPORT, gettext_lazy("Import of a plan"))


def _roadmap(job, progress, process_id: int, plan_id: int, fmt: str, filename: str) -> Outcome:
    plan = as_owner(job, get_plan_for, process_id, plan_id, VIEW)
    content_type, _extension = FORMATS[fmt]
    data = render_roadmap(plan, fmt, progress)
    save_file(job, filename, content_type, data)
    return Outcome(
        _("The roadmap of “%(plan)s” is ready.") % {"plan": plan.name},
        reverse("plans:detail", args=[plan.process_id, plan.pk]),
    )


@task()
def generate_roadmap(job_id: str, process_id: int, plan_id: int, fmt: str, filename: str):
    run(job_id, lambda job, progress: _roadmap(job, progress, process_id, plan_id, fmt,
                                               filename))  # fmt: skip


def _import(job, progress, process_id: int, token: str, name: str, create_missing: bool,
            adopted_on: str = ""):  # fmt: skip
    process = as_owner(job, get_process_for, process_id, MANAGE)
    preview = reverse("plans:import_preview", args=[process.pk])
    progress(0, 3, _("Reading the file"))
    table = tabular.load_table(token)
    if table is None:
        raise JobFailed(
            _("The file is no longer available (already imported, or too old): send it again."),
            reverse("plans:import", args=[process.pk]),
        )
    progress(1, 3, _("Checking the actions"))
    parsed = importing.parse_table(process, table)
    try:
        with transaction.atomic():
            if not uploads.consume(token):  # another delivery of this work got there first
                raise JobFailed(_("This file has already been imported."))
            plan = importing.import_plan(
                process, parsed, name=name, actor=job.owner, create_missing=create_missing,
                adopted_on=dt.date.fromisoformat(adopted_on) if adopted_on else None,
                progress=lambda done, total: progress(done, total, _("Writing the plan")),
            )  # fmt: skip
    except importing.ImportErrors as error:
        raise JobFailed(
            "\n".join([_("Nothing has been imported. Correct the file and send it again:")]
                      + error.errors),
            preview,
        ) from None  # fmt: skip
    count = len(parsed.rows)
    return Outcome(
        ngettext(
            "The plan has been imported: %(count)s action.",
            "The plan has been imported: %(count)s actions.",
            count,
        )
        % {"count": count},
        reverse("plans:detail", args=[process.pk, plan.pk]),
    )


@task()
def import_plan_file(job_id: str, process_id: int, token: str, name: str, create_missing: bool,
                     adopted_on: str = ""):  # fmt: skip
    run(job_id, lambda job, progress: _import(job, progress, process_id, token, name,
                                              create_missing, adopted_on))  # fmt: skip
