"""The public portal of a published process: its home, calendar (and .ics), contributions;
the facilitator's choice of parts; the site's sitemap.xml and robots.txt."""

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from essor.meetings.ical import build_calendar
from essor.portal import services, visibility
from essor.portal.forms import PortalSettingsForm
from essor.portal.pages import portal_context
from essor.portal.permissions import get_public_process, get_settings_process_for
from essor.processes.context import process_context

CONTRIBUTIONS_PER_PAGE = 50


@require_GET
def process(request, process_id):
    process = get_public_process(process_id)
    return render(request, "portal/process.html", portal_context(process))


def _shown(process, part: str):
    """The portal settings when the public sees ``part`` of the process; else 404
    (raw contributions are read within the themes: both must be shown)."""
    portal = visibility.settings_for(process)
    needed = ("themes", "contributions") if part == "contributions" else (part,)
    if not all(visibility.shows(process, name, portal) for name in needed):
        raise Http404
    return portal


@require_GET
def calendar(request, process_id):
    process = get_public_process(process_id)
    portal = _shown(process, "calendar")
    meetings = visibility.upcoming_public_meetings(process, portal)
    return render(request, "portal/calendar.html", {"process": process, "meetings": meetings})


@require_GET
def calendar_ics(request, process_id):
    """Every public meeting of the process (past ones too: calendars keep them)."""
    process = get_public_process(process_id)
    portal = _shown(process, "calendar")
    public_url = django_settings.SITE_URL + reverse("portal:process", args=[process.pk])
    name = _("%(process)s — public meetings") % {"process": process.title}
    content = build_calendar(
        name, visibility.public_meetings(process, portal).select_related("process"), public_url
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = slugify(process.title)[:60] or "calendrier"
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@require_GET
def contributions(request, process_id):
    process = get_public_process(process_id)
    portal = _shown(process, "contributions")
    rows = (
        visibility.public_contributions(process, portal)
        .order_by("synthesis_placement__theme__order", "synthesis_placement__theme_id", "pk")
        .values(
            "pk",
            "text",
            theme_pk=F("synthesis_placement__theme_id"),
            letter=F("synthesis_placement__theme__letter"),
            title=F("synthesis_placement__theme__title"),
        )
    )
    page = Paginator(rows, CONTRIBUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/contributions.html", {"process": process, "page": page})


def settings(request, process_id):
    process = get_settings_process_for(request.user, process_id)
    form = PortalSettingsForm(request.POST or None, instance=visibility.settings_for(process))
    if request.method == "POST" and form.is_valid():
        services.save_settings(process, form.cleaned_data, actor=request.user)
        messages.success(request, _("The public page's settings are saved."))
        return redirect("portal:settings", process.pk)
    context = {**process_context(request.user, process, "overview"), "form": form}
    return render(request, "portal/settings.html", context)


@require_GET
def robots(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        *(
            f"Disallow: {prefix}"
            for prefix in ("/admin/", "/comptes/", "/taches/", "/participer/", "/i18n/", "/sante/")
        ),
        f"Sitemap: {django_settings.SITE_URL}{reverse('portal:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
