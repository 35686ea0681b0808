"""The three steps of an import: upload, preview and column mapping, confirmation.

The uploaded file is read once, at upload; the table it gives is kept in the
database (every server sees it) under a random token stored in the session, and
deleted once imported (by the background work the last step starts) or when
another file is chosen.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from essor.jobs import services as jobs
from essor.organisations import tabular, tasks
from essor.organisations.import_forms import ConfirmForm, MappingForm, UploadForm
from essor.organisations.importing import TARGETS, guess_mapping, validate_table
from essor.organisations.permissions import (
    check_directory_perm,
    directory_processes_for,
    directory_workspaces_for,
)

SESSION_KEY = "organisations_import"
PREVIEW_ROWS = 10
MAX_ERRORS_SHOWN = 500
PERM = tasks.PERM


def _forget(request) -> None:
    state = request.session.pop(SESSION_KEY, None)
    if state:
        tabular.discard(state.get("token"))


def _load(request):
    """(state, table) of the upload in progress, or (None, None) with a message to the user."""
    state = request.session.get(SESSION_KEY)
    table = state and tabular.load_table(state.get("token"))
    if not table:
        messages.error(request, _("No file is being imported: choose the file to import."))
        return None, None
    return state, table


def _mapping(state, table) -> dict[int, str]:
    """The saved column mapping, keeping only columns and targets that still exist."""
    saved = state.get("mapping") or {}
    return {
        int(index): target
        for index, target in saved.items()
        if str(index).isdigit() and int(index) < len(table.headers) and target in TARGETS
    }


@login_required
def import_upload(request):
    check_directory_perm(request.user, PERM)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _forget(request)
        request.session[SESSION_KEY] = {
            "token": tabular.store_table(form.table),
            "filename": upload.name[:200],
        }
        return redirect("organisations:import_mapping")
    context = {"form": form, "max_rows": tabular.MAX_ROWS}
    return render(request, "organisations/import_upload.html", context)


@login_required
def import_mapping(request):
    check_directory_perm(request.user, PERM)
    state, table = _load(request)
    if state is None:
        return redirect("organisations:import_upload")
    initial = _mapping(state, table) or guess_mapping(table.headers)
    samples = [
        [cells[i] for _line, cells in table.rows[:3] if i < len(cells) and cells[i]]
        for i in range(len(table.headers))
    ]
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        headers=table.headers,
        samples=samples,
        initial_mapping=initial,
    )
    errors = None
    if request.method == "POST" and form.is_valid():
        _rows, errors = validate_table(table, form.mapping)
        state["mapping"] = {str(index): target for index, target in form.mapping.items()}
        request.session[SESSION_KEY] = state
        if not errors:
            return redirect("organisations:import_confirm")
    context = {
        "form": form,
        "filename": state["filename"],
        "headers": table.headers,
        "preview": table.rows[:PREVIEW_ROWS],
        "row_count": len(table.rows),
        "errors": errors[:MAX_ERRORS_SHOWN] if errors else errors,
        "error_count": len(errors or []),
        "errors_hidden": max(0, len(errors or []) - MAX_ERRORS_SHOWN),
        "error_lines": {error.line for error in errors or []},
    }
    return render(request, "organisations/import_mapping.html", context)


@login_required
def import_confirm(request):
    check_directory_perm(request.user, PERM)
    state, table = _load(request)
    if state is None:
        return redirect("organisations:import_upload")
    mapping = _mapping(state, table)
    if not mapping:
        return redirect("organisations:import_mapping")
    rows, errors = validate_table(table, mapping)
    if errors:
        messages.error(request, _("Check the columns and fix the errors before importing."))
        return redirect("organisations:import_mapping")
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        processes=directory_processes_for(request.user),
        workspaces=directory_workspaces_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        # The writing, which may take a while for 20,000 lines, is background work.
        process = form.cleaned_data["process"]
        job = jobs.start(
            tasks.KIND,
            tasks.import_directory,
            owner=request.user,
            workspace=form.cleaned_data["workspace"],
            args=(
                state["token"],
                {str(index): target for index, target in mapping.items()},
                form.cleaned_data["workspace"].pk,
                process.pk if process else None,
            ),
        )
        return redirect("jobs:detail", job.pk)
    context = {
        "form": form,
        "filename": state["filename"],
        "row_count": len(rows),
        "organisation_rows": sum(1 for row in rows if row.organisation),
        "person_rows": sum(1 for row in rows if row.person),
        "columns": [(table.headers[i], TARGETS[t]) for i, t in sorted(mapping.items())],
    }
    return render(request, "organisations/import_confirm.html", context)
