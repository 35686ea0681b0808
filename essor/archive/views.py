"""A workspace's archives page: export a process (background work, ZIP to download) and
import an archive (upload, dry run shown, confirmation, background work)."""

from __future__ import annotations

import base64
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from essor.archive import tasks
from essor.archive.importer import ArchiveError, plan_import, read_archive
from essor.archive.permissions import get_archive_workspace_for
from essor.core import uploads
from essor.jobs import services as jobs

SESSION_KEY = "archive_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archive (.zip made by Essor)"),
        help_text=gettext_lazy("Nothing is written before you confirm what the archive holds."),
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            uploads.check_size(upload.size)
            data = upload.read()
            self.archive = read_archive(io.BytesIO(data))
            self.plan = plan_import(self.archive, self.workspace)
        except (uploads.UploadRejected, ArchiveError) as error:
            raise forms.ValidationError(str(error)) from None
        self.data_bytes = data
        return upload


def _forget(request) -> None:
    stored = request.session.pop(SESSION_KEY, None)
    if stored:
        uploads.discard(stored.get("token"))


@login_required
def workspace_archives(request, slug):
    workspace = get_archive_workspace_for(request.user, slug)
    form = ImportForm(request.POST or None, request.FILES or None, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        _forget(request)
        token = uploads.store({"archive": base64.b64encode(form.data_bytes).decode()})
        request.session[SESSION_KEY] = {"token": token, "workspace": workspace.pk}
        return redirect("archive:import_preview", workspace.slug)
    context = {
        "workspace": workspace,
        "processes": workspace.processes.order_by("title", "pk"),
        "form": form,
        "max_bytes": uploads.upload_limit(),
    }
    return render(request, "archive/workspace.html", context)


@login_required
@require_POST
def export(request, slug, process_id):
    workspace = get_archive_workspace_for(request.user, slug)
    process = get_object_or_404(workspace.processes, pk=process_id)
    job = jobs.start(
        tasks.EXPORT,
        tasks.export_archive,
        owner=request.user,
        workspace=workspace,
        args=(workspace.slug, process.pk),
    )
    return redirect("jobs:detail", job.pk)


@login_required
def import_preview(request, slug):
    """What the archive will create and match in this workspace; imported on confirmation."""
    workspace = get_archive_workspace_for(request.user, slug)
    stored = request.session.get(SESSION_KEY) or {}
    data = uploads.load(stored.get("token")) if stored.get("workspace") == workspace.pk else None
    if data is None:
        return redirect("archive:workspace", workspace.slug)
    error, plan = "", None
    try:
        plan = plan_import(read_archive(_bytes_io(data)), workspace)
    except ArchiveError as exc:  # the workspace changed since the upload (territories…)
        error = str(exc)
    if request.method == "POST" and plan is not None:
        request.session.pop(SESSION_KEY, None)
        job = jobs.start(
            tasks.IMPORT,
            tasks.import_archive,
            owner=request.user,
            workspace=workspace,
            args=(workspace.slug, stored["token"]),
        )
        return redirect("jobs:detail", job.pk)
    rows = [(entity_label(e), n) for e, n in plan.counts.items() if n] if plan else []
    context = {"workspace": workspace, "plan": plan, "rows": rows, "error": error}
    return render(request, "archive/import_preview.html", context)


def _bytes_io(data):
    return io.BytesIO(base64.b64decode(data["archive"]))


def entity_label(entity: str) -> str:
    """ "plans.action" -> the model's French plural name ("actions")."""
    from django.apps import apps

    try:
        return str(apps.get_model(entity)._meta.verbose_name_plural)
    except LookupError:
        return entity
