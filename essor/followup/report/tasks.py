"""The report generated as background work: started from the report page, written by the
task worker, stored with the job (``jobs.files``) and downloaded from the job's page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from essor.followup.report import FORMATS, ReportOptions, build_report, file_name, write_report
from essor.jobs.files import download_url, save_file
from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, run
from essor.plans.models import Plan

KIND = "followup.report"
register_kind(KIND, gettext_lazy("Yearly follow-up report"))


def _generate(job, progress, plan_id: int, options: ReportOptions, fmt: str) -> Outcome:
    plan = Plan.objects.select_related("process").filter(pk=plan_id, frozen_at__isnull=False)
    plan = plan.first()
    if plan is None:
        raise JobFailed(_("This plan no longer exists or is no longer validated."))
    progress(0, 3, _("Reading the follow-up of the plan"))
    report = build_report(plan, options)
    progress(1, 3, _("Writing the document"))
    data = write_report(report, fmt)
    progress(2, 3, _("Saving the file"))
    name = file_name(plan, options, fmt)
    stored = save_file(job, name, FORMATS[fmt], data)
    return Outcome(_("The report is ready: %(name)s.") % {"name": name}, download_url(stored))


@task()
def generate_report(
    job_id: str, plan_id: int, year: int, mandate: bool, axis_ids: list, fmt: str,
    action_ids: list | None = None,
):  # fmt: skip
    options = ReportOptions(year=year, mandate=mandate, axis_ids=tuple(axis_ids),
                            action_ids=tuple(action_ids or ()))  # fmt: skip
    run(job_id, lambda job, progress: _generate(job, progress, plan_id, options, fmt))
