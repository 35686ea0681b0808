"""Observatory pages of a process: figures of a territory, its ESS organisations, the sheet.

Once the process is published the reading pages are public (see permissions.py);
they only read the register and never write to the database.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from essor.observatory import exports, services, sheet
from essor.observatory.diagnostic import (
    DiagnosticError,
    NoRegisterData,
    Place,
    diagnose,
    place_of,
    resolve_territory,
)
from essor.observatory.forms import DEFAULT_ARGUMENTS, FiltersForm, SheetForm
from essor.observatory.listing import PAGE_SIZE, ess_establishments
from essor.observatory.presentation import source_line, tables
from essor.processes.context import process_context
from essor.processes.models import Process
from essor.processes.permissions import get_process_for
from essor.territories.models import Territory

VIEW = "observatory.view_observatory"
USE = "observatory.use_observatory"


def login_unless_published(view):
    """Anonymous visitors read a published process's observatory; for any other
    process they are sent to the login page, as before publication existed (which
    also keeps an unpublished process's existence hidden)."""

    @wraps(view)
    def wrapper(request, process_id, *args, **kwargs):
        if not request.user.is_authenticated and not (
            Process.objects.filter(pk=process_id, is_published=True).exists()
        ):
            return redirect_to_login(request.get_full_path())
        return view(request, process_id, *args, **kwargs)

    return wrapper


def _default_key(process) -> str:
    """The process's largest territory, else France."""
    territory = process.territories.order_by("-population").first()
    return place_of(territory).key if territory else "france"


def _context(request, process, **extra) -> dict:
    return {
        **process_context(request.user, process, "observatory"),
        "can_use_observatory": request.user.has_perm(USE, process),
        **extra,
    }


def _resolve(request, process) -> tuple[str, Territory | Place | None, str]:
    """(key, territory, error message) from ?territoire=, never an exception."""
    key = (request.GET.get("territoire") or "").strip()[:40] or _default_key(process)
    try:
        return key, resolve_territory(key), ""
    except DiagnosticError as exc:
        return key, None, str(exc)


@login_unless_published
def observatory(request, process_id):
    process = get_process_for(request.user, process_id, VIEW)
    query = (request.GET.get("q") or "").strip()[:80]
    found = list(Territory.objects.search(query)[:12]) if query else []
    key, territory, error = _resolve(request, process)
    diagnostic, no_data, largest = None, "", []
    if territory is not None:
        try:
            diagnostic = diagnose(territory)
            largest, _total = ess_establishments(place_of(territory), limit=10)
        except NoRegisterData as exc:
            no_data = str(exc)
        except DiagnosticError as exc:
            error = str(exc)
    context = _context(
        request,
        process,
        key=key,
        query=query,
        found=[(place_of(t).key, t) for t in found],
        error=error,
        no_data=no_data,
        diagnostic=diagnostic,
        tables=tables(diagnostic) if diagnostic else [],
        source=source_line(diagnostic) if diagnostic else "",
        largest=largest,
    )
    return render(request, "observatory/observatory.html", context)


@login_unless_published
def export(request, process_id, fmt):
    process = get_process_for(request.user, process_id, VIEW)
    key, territory, error = _resolve(request, process)
    try:
        if territory is None:
            raise DiagnosticError(error)
        diagnostic = diagnose(territory)
    except DiagnosticError as exc:
        messages.error(request, str(exc))
        page = reverse("observatory:page", args=[process.pk])
        return redirect(f"{page}?{urlencode({'territoire': key})}")
    name = slugify(f"ess-{diagnostic['territory']['name']}") or "ess"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.diagnostic_xlsx(diagnostic),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.diagnostic_download(diagnostic), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_unless_published
def organisations(request, process_id):
    process = get_process_for(request.user, process_id, VIEW)
    key, territory, error = _resolve(request, process)
    form = FiltersForm(request.GET or None)
    rows, total, page, no_data = [], 0, None, ""
    if territory is not None:
        filters = form.filters() if form.is_valid() else None
        number = _page_number(request)
        try:
            rows, total = ess_establishments(
                place_of(territory), filters, offset=(number - 1) * PAGE_SIZE
            )
        except NoRegisterData as exc:
            no_data = str(exc)
        page = Paginator(range(total), PAGE_SIZE).get_page(number) if total else None
    context = _context(
        request, process, key=key, territory=territory, error=error, form=form, rows=rows,
        total=total, page=page, no_data=no_data, query_string=_query_without_page(request),
    )  # fmt: skip
    return render(request, "observatory/organisations.html", context)


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_POST
def add_to_directory(request, process_id):
    process = get_process_for(request.user, process_id, USE)
    sirets = request.POST.getlist("siret")
    back = reverse("observatory:organisations", args=[process.pk])
    back += "?" + (request.POST.get("back") or "")[:500]
    if not sirets:
        messages.error(request, _("Choose at least one organisation to add."))
        return redirect(back)
    try:
        created, added = services.add_to_process_directory(process, sirets, actor=request.user)
    except NoRegisterData as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(added)s organisation added to the process directory (%(created)s new).",
            "%(added)s organisations added to the process directory (%(created)s new).",
            added,
        )
        % {"added": added, "created": created},
    )
    return redirect(back)


@login_required
def sheet_view(request, process_id):
    process = get_process_for(request.user, process_id, USE)
    key, territory, error = _resolve(request, process)
    form = SheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and territory is not None:
        try:
            diagnostic = diagnose(territory)
            largest, _total = ess_establishments(place_of(territory), limit=5)
        except DiagnosticError as exc:
            error = str(exc)
        else:
            data = form.cleaned_data
            content, content_type = sheet.render(
                data["format"], diagnostic, largest, data["arguments"], data["dynamics"]
            )
            name = slugify(f"ess-{diagnostic['territory']['name']}") or "ess"
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}.{data["format"]}"'
            return response
    context = _context(request, process, key=key, territory=territory, error=error, form=form)
    return render(request, "observatory/sheet.html", context)


def _sheet_rate(group, request) -> str:
    return getattr(settings, "ESSOR_OBSERVATORY_SHEET_RATE", "6/m")


@login_unless_published
@require_GET
def public_sheet(request, process_id, fmt):
    """The one-page sheet with the platform's standard texts, for every reader.

    Generating it costs CPU (a PDF or ODT with a chart), so readers who cannot
    write their own sheet are limited per account, or per address when anonymous.
    """
    process = get_process_for(request.user, process_id, VIEW)
    if not request.user.has_perm(USE, process) and is_ratelimited(
        request, group="observatory.sheet", key="user_or_ip", rate=_sheet_rate, increment=True
    ):
        return render(
            request, "observatory/ratelimited.html", _context(request, process), status=429
        )
    key, territory, error = _resolve(request, process)
    try:
        if territory is None:
            raise DiagnosticError(error)
        diagnostic = diagnose(territory)
        largest, _total = ess_establishments(place_of(territory), limit=5)
    except DiagnosticError as exc:
        messages.error(request, str(exc))
        page = reverse("observatory:page", args=[process.pk])
        return redirect(f"{page}?{urlencode({'territoire': key})}")
    content, content_type = sheet.render(fmt, diagnostic, largest, str(DEFAULT_ARGUMENTS), "")
    name = slugify(f"ess-{diagnostic['territory']['name']}") or "ess"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
