"""Facilitator side of the prioritisation: open, close, reset the vote; results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from essor.core.caching import no_store
from essor.core.spreadsheet import csv_bytes
from essor.participation import moderation, services
from essor.participation.models import Vote
from essor.participation.permissions import (
    get_participant_to_manage,
    get_workshop_results_for,
    get_workshop_to_manage,
)
from essor.processes.context import process_context


def _back(request, workshop):
    """Back to the page the button was on (the workshop's board), else to the results."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("participation:results", workshop.process_id, workshop.pk)


@login_required
@require_POST
def open_vote(request, process_id, workshop_id):
    workshop = get_workshop_to_manage(request.user, process_id, workshop_id)
    services.open_vote(workshop, actor=request.user)
    messages.success(request, _("The vote is open: participants can prioritise the ideas."))
    return _back(request, workshop)


@login_required
@require_POST
def close_vote(request, process_id, workshop_id):
    workshop = get_workshop_to_manage(request.user, process_id, workshop_id)
    services.close_vote(workshop, actor=request.user)
    messages.success(request, _("The vote is closed: the results are final."))
    return _back(request, workshop)


@login_required
def reset_vote(request, process_id, workshop_id):
    workshop = get_workshop_to_manage(request.user, process_id, workshop_id)
    if request.method == "POST":
        deleted = services.reset_vote(workshop, actor=request.user)
        messages.success(
            request,
            ngettext(
                "The vote has been reset: %(count)s vote deleted.",
                "The vote has been reset: %(count)s votes deleted.",
                deleted,
            )
            % {"count": deleted},
        )
        return redirect("participation:results", workshop.process_id, workshop.pk)
    context = {
        **process_context(request.user, workshop.process, "workshops"),
        "workshop": workshop,
        "vote_count": Vote.objects.filter(participant__workshop=workshop).count(),
    }
    return render(request, "participation/confirm_reset.html", context)


def _results_context(request, workshop) -> dict:
    rows = services.results(workshop)
    counts = services.participation_counts(workshop)
    context = {
        "workshop": workshop,
        "rows": rows,
        "participant_count": counts["participants"],
        "voter_count": counts["voters"],
        "can_manage_vote": request.user.has_perm("workshops.manage_workshop", workshop.process),
    }
    context["version"] = services.results_version(workshop, rows, counts)
    return context


@login_required
def results(request, process_id, workshop_id):
    """Results of the prioritisation; the table refreshes by itself (projector)."""
    workshop = get_workshop_results_for(request.user, process_id, workshop_id)
    context = {
        **process_context(request.user, workshop.process, "workshops"),
        **_results_context(request, workshop),
    }
    return render(request, "participation/results.html", context)


@login_required
def results_fragment(request, process_id, workshop_id):
    """The results table alone, polled every 2 s by the results page and the projector.

    The table polls with the version it shows (``?v=``): while the results are
    unchanged the answer is an empty 204 (htmx keeps the table), so a room
    where nobody votes costs no rendering nor bytes."""
    workshop = get_workshop_results_for(request.user, process_id, workshop_id)
    context = _results_context(request, workshop)
    if request.GET.get("v") == context["version"]:
        return HttpResponse(status=204)
    return render(request, "participation/includes/results_table.html", context)


@login_required
def results_csv(request, process_id, workshop_id):
    workshop = get_workshop_results_for(request.user, process_id, workshop_id)
    rows = [[_("rank"), _("id"), _("idea"), _("kind"), _("question"), _("points"), _("voters")]]
    for rank, row in enumerate(services.results(workshop), start=1):
        question = row.question.text if row.question else ""
        rows.append(
            [rank, row.pk, row.text, row.get_kind_display(), question, row.vote_points,
             row.voter_count]
        )  # fmt: skip
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    filename = f"priorisation-{slugify(workshop.title)[:50] or workshop.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@no_store
@login_required
def participants(request, process_id, workshop_id):
    """The workshop's participants with signals of ballot stuffing (facilitators)."""
    workshop = get_workshop_to_manage(request.user, process_id, workshop_id)
    rows = moderation.watched_participants(workshop)
    context = {
        **process_context(request.user, workshop.process, "workshops"),
        "workshop": workshop,
        "rows": rows,
        "flagged_count": sum(1 for row in rows if row.signals),
    }
    return render(request, "participation/participants.html", context)


@login_required
def remove_participant(request, process_id, workshop_id, participant_id):
    """Confirm, then remove a participant and their votes (facilitators)."""
    participant = get_participant_to_manage(request.user, process_id, workshop_id, participant_id)
    workshop = participant.workshop
    if participant.is_removed:
        messages.info(request, _("This participant has already been removed."))
        return redirect("participation:participants", workshop.process_id, workshop.pk)
    if request.method == "POST":
        deleted = moderation.remove_participant(participant, actor=request.user)
        messages.success(
            request,
            ngettext(
                "The participant has been removed with their %(count)s vote.",
                "The participant has been removed with their %(count)s votes.",
                deleted,
            )
            % {"count": deleted}
            if deleted
            else _("The participant has been removed (they had not voted)."),
        )
        return redirect("participation:participants", workshop.process_id, workshop.pk)
    context = {
        **process_context(request.user, workshop.process, "workshops"),
        "workshop": workshop,
        "participant": participant,
        "vote_count": Vote.objects.filter(participant=participant).count(),
    }
    return render(request, "participation/confirm_remove.html", context)


@login_required
@require_POST
def reinstate_participant(request, process_id, workshop_id, participant_id):
    """Let a removed participant join again from their browser (facilitators)."""
    participant = get_participant_to_manage(request.user, process_id, workshop_id, participant_id)
    if participant.is_removed:
        moderation.reinstate_participant(participant, actor=request.user)
        messages.success(
            request, _("The participant has been reinstated: they can take part again.")
        )
    return redirect(
        "participation:participants", participant.workshop.process_id, participant.workshop_id
    )
