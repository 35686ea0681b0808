"""The follow-up XLSX (download) and the import of progress (upload, preview, confirm).

The workbook of a plan is a few hundred rows: it is built in the request and sent
directly, no background job. Between the upload and the confirmation the parsed tables
wait in core.uploads (PendingImport) under a token kept in the session; the preview
checks them again against the plan as it is, and the confirmation starts background work
(``import_tasks``) that writes all or nothing with a progress bar.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core import uploads
from essor.followup import import_tasks, progress_files
from essor.followup.permissions import RECORD, VIEW, get_followed_plan_for
from essor.followup.progress_import import parse_progress
from essor.followup.spreadsheet import export_followup_xlsx
from essor.followup.views import _context, _year
from essor.jobs.services import start
from essor.organisations import tabular

SESSION_KEY = "followup_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def export_xlsx(request, process_id, plan_id):
    plan = get_followed_plan_for(request.user, process_id, plan_id, VIEW)
    year = _year(request, plan)
    output = io.BytesIO()
    export_followup_xlsx(plan, year, output)
    response = HttpResponse(output.getvalue(), content_type=XLSX)
    name = f"suivi-{slugify(plan.name)[:40] or plan.pk}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ProgressUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "The follow-up workbook filled in, or a CSV file of the actions' progress."
        ),
    )
    indicators = forms.FileField(
        label=gettext_lazy("Indicator values (.csv, optional)"),
        required=False,
        help_text=gettext_lazy(
            "With a CSV file only: the indicator values in a second CSV file "
            "(Action, Indicator, Year, Value)."
        ),
    )

    def clean(self):
        data = super().clean()
        files = [f for f in (data.get("file"), data.get("indicators")) if f]
        if not data.get("file"):
            return data
        for upload in files:
            if tabular.extension_of(upload.name) not in tabular.EXTENSIONS:
                self.add_error("file", _("Choose a .xlsx or .csv file."))
                return data
        if data.get("indicators") and tabular.extension_of(data["indicators"].name) != ".csv":
            self.add_error("indicators", _("The indicator values come as a .csv file."))
            return data
        try:
            self.tables = progress_files.read_uploads(files)  # the only reading of the files
        except tabular.ImportFileError as error:
            self.add_error("file", str(error))
        return data


def _forget(request) -> None:
    stored = request.session.pop(SESSION_KEY, None)
    if stored:
        uploads.discard(stored.get("token"))


@login_required
def import_upload(request, process_id, plan_id):
    plan = get_followed_plan_for(request.user, process_id, plan_id, RECORD)
    form = ProgressUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget(request)
        request.session[SESSION_KEY] = {
            "token": progress_files.store_tables(*form.tables),
            "plan": plan.pk,
        }
        return redirect("followup:import_preview", plan.process.pk, plan.pk)
    context = _context(
        request, plan, form=form, year=_year(request, plan), max_bytes=uploads.upload_limit()
    )
    return render(request, "followup/import_upload.html", context)


@login_required
def import_preview(request, process_id, plan_id):
    """What the file will record, action by action, and every error by line; written
    only on confirmation (POST)."""
    plan = get_followed_plan_for(request.user, process_id, plan_id, RECORD)
    stored = request.session.get(SESSION_KEY) or {}
    tables = (
        progress_files.load_tables(stored.get("token")) if stored.get("plan") == plan.pk else None
    )
    if tables is None:
        return redirect("followup:import", plan.process.pk, plan.pk)
    parsed = parse_progress(plan, *tables)
    if request.method == "POST" and not parsed.errors:
        # The worker checks the file again against the plan as it is then, and writes
        # all or nothing; the session forgets it now (confirming twice imports once).
        request.session.pop(SESSION_KEY, None)
        job = start(
            import_tasks.KIND,
            import_tasks.import_progress_file,
            owner=request.user,
            workspace=plan.process.workspace,
            args=(plan.process.pk, plan.pk, stored["token"]),
        )
        return redirect("jobs:detail", job.pk)
    context = _context(request, plan, parsed=parsed, groups=parsed.by_action())
    return render(request, "followup/import_preview.html", context)
