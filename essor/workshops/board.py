"""Live pages of a workshop: the capture board (facilitators) and the projector view."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from essor.contributions.models import KIND_SHORTCUTS, Contribution, ContributionSource
from essor.contributions.services import add_contribution
from essor.workshops import services
from essor.workshops.capture import group_by_question, parse_capture_line
from essor.workshops.forms import CaptureForm, ContributionEditForm
from essor.workshops.models import VoteStatus, Workshop
from essor.workshops.permissions import get_workshop_for
from essor.workshops.qr import join_url, qr_svg
from essor.workshops.views import workshop_context

STICKY_FIELDS = ("kind", "question", "theme", "author_organisation")


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _board_context(request, workshop: Workshop, form: CaptureForm, **extra) -> dict:
    contributions = workshop.contributions.select_related("author_organisation").order_by(
        "order", "id"
    )
    return workshop_context(
        request,
        workshop.process,
        workshop=workshop,
        form=form,
        groups=group_by_question(workshop.questions.all(), contributions),
        shortcuts=[(letter, kind.label) for letter, kind in KIND_SHORTCUTS.items()],
        **extra,
    )


def _sticky(form: CaptureForm) -> dict:
    """The choices kept for the next line, as they were posted."""
    return {name: form.data.get(name, "") for name in STICKY_FIELDS if form.data.get(name)}


@login_required
def board(request, process_id, workshop_id):
    """Type ideas one line at a time; Enter saves (HTMX fragment, or POST and redirect)."""
    workshop = get_workshop_for(request.user, process_id, workshop_id, "workshops.manage_workshop")
    if request.method != "POST":
        form = CaptureForm(workshop=workshop, initial=request.GET.dict())
        return render(request, "workshops/board.html", _board_context(request, workshop, form))

    form = CaptureForm(request.POST, workshop=workshop)
    saved = None
    if form.is_valid():
        data = form.cleaned_data
        shortcut_kind, text = parse_capture_line(data["text"])
        try:
            saved = add_contribution(
                process=workshop.process,
                workshop=workshop,
                text=text,
                kind=shortcut_kind or data["kind"],
                source=ContributionSource.CAPTURE,
                question=data["question"],
                theme=data["theme"],
                author_organisation=data["author_organisation"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error("text", error)
    if saved is None:  # the typed text stays in the field, with the error next to it
        if _is_htmx(request):
            context = _board_context(request, workshop, form, htmx=True)
            return render(request, "workshops/includes/board_main.html", context)
        return render(request, "workshops/board.html", _board_context(request, workshop, form))
    sticky = _sticky(form)
    if not _is_htmx(request):
        url = reverse("workshops:board", args=[workshop.process_id, workshop.pk])
        messages.success(request, _("Idea saved."))
        return redirect(f"{url}?{urlencode(sticky)}" if sticky else url)
    fresh = CaptureForm(workshop=workshop, initial=sticky)
    context = _board_context(request, workshop, fresh, just_saved=saved, htmx=True)
    return render(request, "workshops/includes/board_main.html", context)


@login_required
def contribution_edit(request, process_id, workshop_id, contribution_id):
    workshop = get_workshop_for(request.user, process_id, workshop_id, "workshops.manage_workshop")
    try:
        contribution = workshop.contributions.select_related("author_organisation").get(
            pk=contribution_id
        )
    except (Contribution.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    contribution.workshop = workshop
    contribution.process = workshop.process
    form = ContributionEditForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        services.update_contribution(
            form.save(commit=False), actor=request.user, fields=form.changed_data or ["text"]
        )
        messages.success(request, _("The idea has been saved."))
        url = reverse("workshops:board", args=[workshop.process_id, workshop.pk])
        return redirect(f"{url}#contribution-{contribution.pk}")
    context = workshop_context(
        request, workshop.process, workshop=workshop, contribution=contribution, form=form
    )
    return render(request, "workshops/contribution_edit.html", context)


def _projector_context(request, workshop: Workshop) -> dict:
    contributions = workshop.contributions.kept().with_votes().select_related("author_organisation")
    show_votes = workshop.vote_status != VoteStatus.NOT_STARTED
    if workshop.vote_status == VoteStatus.CLOSED:
        contributions = contributions.order_by("-vote_points", "-voter_count", "order", "id")
    else:
        contributions = contributions.order_by("order", "id")
    return workshop_context(
        request,
        workshop.process,
        workshop=workshop,
        groups=group_by_question(workshop.questions.all(), contributions),
        show_votes=show_votes,
        vote_closed=workshop.vote_status == VoteStatus.CLOSED,
    )


@login_required
def projector(request, process_id, workshop_id):
    """Shown on the wall during the workshop; the list refreshes itself every 3 seconds."""
    workshop = get_workshop_for(
        request.user, process_id, workshop_id, "contributions.view_contributions"
    )
    context = _projector_context(request, workshop)
    context.update(join_url=join_url(workshop), qr_svg=qr_svg(workshop, scale=5))
    return render(request, "workshops/projector.html", context)


@login_required
def projector_fragment(request, process_id, workshop_id):
    workshop = get_workshop_for(
        request.user, process_id, workshop_id, "contributions.view_contributions"
    )
    response = render(
        request, "workshops/includes/projector_list.html", _projector_context(request, workshop)
    )
    response["Cache-Control"] = "no-store"
    return response
