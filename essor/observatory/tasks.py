"""The SIRENE import as background work: started from the register page by a
platform admin, run by the task worker, followed on the job's page."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, run
from essor.observatory.importing import ImportProgress, SireneImportError, import_sirene

KIND = "observatory.import_sirene"
register_kind(KIND, gettext_lazy("Import of the SIRENE register"))


def _rows(count: int) -> str:
    return number_format(count, force_grouping=True)


def _import(job, progress, legal_units: str, establishments: str, max_bad_lines: int) -> Outcome:
    def follow(state: ImportProgress) -> None:
        progress(
            round(state.fraction * 1000),
            1000,
            _("%(rows)s rows read out of about %(total)s")
            % {"rows": _rows(state.rows), "total": _rows(state.total_rows)},
        )

    try:
        report = import_sirene(
            Path(legal_units), Path(establishments), max_bad_lines=max_bad_lines, progress=follow
        )
    except SireneImportError as error:
        raise JobFailed(str(error)) from None
    return Outcome(
        _(
            "Imported %(count)s active establishments (stock of %(date)s); "
            "version %(version)s now in service."
        )
        % {
            "count": _rows(report.establishments),
            "date": report.stock_date or "?",
            "version": report.version,
        },
        reverse("sirene:register"),
    )


@task()
def import_register(job_id: str, legal_units: str, establishments: str, max_bad_lines: int):
    run(job_id, lambda job, progress: _import(job, progress, legal_units, establishments,
                                              max_bad_lines))  # fmt: skip
