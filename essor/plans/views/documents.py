"""Roadmap documents, CSV/XLSX exports, and the import of a plan (upload, preview, confirm)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core import uploads
from essor.jobs import services as jobs
from essor.organisations import tabular
from essor.plans import exports, importing, tasks
from essor.plans.documents import FORMATS
from essor.plans.permissions import MANAGE, VIEW, get_plan_for
from essor.plans.views.common import plan_context
from essor.processes.permissions import get_process_for

SESSION_KEY = "plans_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export(request, process_id, plan_id, fmt):
    """The actions as a spreadsheet (csv, xlsx), at once; the roadmap (odt, docx, pdf),
    which takes seconds, through background work followed on its page (POST)."""
    plan = get_plan_for(request.user, process_id, plan_id, VIEW)
    name = f"feuille-de-route-{slugify(plan.name)[:40] or plan.pk}-{timezone.localdate()}"
    if fmt in FORMATS:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = jobs.start(
            tasks.ROADMAP,
            tasks.generate_roadmap,
            owner=request.user,
            workspace=plan.process.workspace,
            args=(plan.process_id, plan.pk, fmt, f"{name}.{FORMATS[fmt][1]}"),
        )
        return redirect("jobs:detail", job.pk)
    if fmt == "xlsx":
        return _download(exports.plan_xlsx(plan), XLSX, f"{name}.xlsx")
    if fmt == "csv":
        rows = exports.action_rows(plan)
        return _download(exports.csv_bytes(rows), "text/csv; charset=utf-8", f"{name}.csv")
    raise Http404


@login_required
def import_template(request, process_id):
    get_process_for(request.user, process_id, MANAGE)
    rows = exports.template_rows()
    if request.GET.get("format") == "csv":
        return _download(exports.csv_bytes(rows), "text/csv; charset=utf-8", "modele-plan.csv")
    return _download(exports.xlsx_bytes(rows, "Plan"), XLSX, "modele-plan.xlsx")


class ImportForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the imported plan"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy("One row per action; see the template."),
    )
    adopted_on = forms.DateField(
        label=gettext_lazy("Adopted by the assembly on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Only for a plan already adopted: it is imported validated and adopted that day."
        ),
    )

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date of adoption cannot be in the future."))
        return value

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if tabular.extension_of(upload.name) not in tabular.EXTENSIONS:
            raise forms.ValidationError(_("Choose a .xlsx or .csv file."))
        try:
            self.table = tabular.read_upload(upload)  # the only reading of the file
        except tabular.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def _forget(request) -> None:
    stored = request.session.pop(SESSION_KEY, None)
    if stored:
        tabular.discard(stored.get("token"))


@login_required
def import_upload(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget(request)
        request.session[SESSION_KEY] = {
            "token": tabular.store_table(form.table),
            "name": form.cleaned_data["name"],
            "adopted_on": (form.cleaned_data["adopted_on"] or "")
            and str(form.cleaned_data["adopted_on"]),
        }
        return redirect("plans:import_preview", process.pk)
    context = plan_context(request, process, form=form, max_bytes=uploads.upload_limit())
    return render(request, "plans/import_upload.html", context)


@login_required
def import_preview(request, process_id):
    """Show what the file gives and every error by line; write only on confirmation."""
    process = get_process_for(request.user, process_id, MANAGE)
    stored = request.session.get(SESSION_KEY) or {}
    table = tabular.load_table(stored.get("token"))
    if table is None:
        return redirect("plans:import", process.pk)
    parsed = importing.parse_table(process, table)
    errors = []
    if request.method == "POST":
        create_missing = request.POST.get("create_missing") == "on"
        errors = importing.import_errors(parsed, create_missing=create_missing)
        if not errors:
            job = jobs.start(
                tasks.IMPORT,
                tasks.import_plan_file,
                owner=request.user,
                workspace=process.workspace,
                args=(
                    process.pk,
                    stored["token"],
                    stored["name"],
                    create_missing,
                    stored.get("adopted_on", ""),
                ),  # fmt: skip
            )
            return redirect("jobs:detail", job.pk)
    context = plan_context(request, process, parsed=parsed, errors=errors, name=stored["name"])
    return render(request, "plans/import_preview.html", context)
