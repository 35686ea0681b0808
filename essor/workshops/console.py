"""The facilitator's console and the projector's presentation mode of a live session.

Thin views over ``live``: the console (a page of buttons and forms, without script
needed), one POST endpoint for every action (the console's forms, the projector's keys
by fetch: JSON then), and the state as JSON that the projector and the console poll.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essor.core.caching import no_store
from essor.participation.models import Participant
from essor.workshops import live
from essor.workshops.models import LiveStage
from essor.workshops.permissions import get_workshop_for
from essor.workshops.qr import join_url, qr_svg
from essor.workshops.views import workshop_context

MANAGE = "workshops.manage_workshop"
VIEW = "contributions.view_contributions"
# Phones seen within this many seconds count as connected.
CONNECTED_SECONDS = 60


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _seconds(request) -> int | None:
    raw = (request.POST.get("minutes") or "").replace(",", ".").strip()
    if not raw:
        return None
    try:
        minutes = float(raw)
    except ValueError:
        raise live.LiveError(_("Give the duration in minutes, e.g. 5 or 2.5.")) from None
    return round(minutes * 60)


def _act(request, workshop, action: str):
    """Run one console action; the error tells the facilitator what went wrong."""
    expected = request.POST.get("version") or None
    value = request.POST.get("value", "")
    options = {"actor": request.user, "expected": expected}
    simple = {
        "contributions_open": lambda: live.set_contributions(workshop, True, **options),
        "contributions_close": lambda: live.set_contributions(workshop, False, **options),
        "vote_open": lambda: live.set_vote(workshop, True, **options),
        "vote_close": lambda: live.set_vote(workshop, False, **options),
        "results_show": lambda: live.set_results(workshop, True, **options),
        "results_hide": lambda: live.set_results(workshop, False, **options),
        "next": lambda: live.move_question(workshop, 1, **options),
        "previous": lambda: live.move_question(workshop, -1, **options),
        "stage": lambda: live.set_stage(workshop, value, **options),
        "question": lambda: live.set_question(workshop, value, **options),
        "next_steps": lambda: live.set_next_steps(
            workshop, request.POST.get("next_steps", ""), **options
        ),
    }  # fmt: skip
    if action in simple:
        return simple[action]()
    if action.startswith("timer_"):
        seconds = _seconds(request) if action == "timer_start" else None
        return live.timer(workshop, action.removeprefix("timer_"), seconds=seconds, **options)
    raise live.LiveError(_("This is not an action of the console."))


@login_required
@require_POST
def live_action(request, process_id, workshop_id):
    workshop = get_workshop_for(request.user, process_id, workshop_id, MANAGE)
    error = ""
    try:
        workshop = _act(request, workshop, request.POST.get("action", ""))
    except live.LiveError as exc:
        error = str(exc)
        workshop.refresh_from_db()
    if _wants_json(request):
        return JsonResponse(
            {"error": error, "state": live.state(workshop)}, status=409 if error else 200
        )
    if error:
        messages.error(request, error)
    return redirect("workshops:console", workshop.process_id, workshop.pk)


@login_required
@require_safe
@no_store
def live_state(request, process_id, workshop_id):
    """The state as JSON, polled by the projector and the console (small: a few hundred
    bytes; ``?v=`` the version already shown: 204 while it holds and the timer stands)."""
    workshop = get_workshop_for(request.user, process_id, workshop_id, VIEW)
    data = live.state(workshop)
    if request.GET.get("v") == data["version"] and not data["timer"]["running"]:
        return HttpResponse(status=204)
    return JsonResponse(data)


def _connected(workshop) -> int:
    since = timezone.now() - timedelta(seconds=CONNECTED_SECONDS)
    return Participant.objects.present().filter(workshop=workshop, last_seen_at__gte=since).count()


@login_required
@no_store
def console(request, process_id, workshop_id):
    workshop = get_workshop_for(request.user, process_id, workshop_id, MANAGE)
    questions = workshop.questions.annotate(
        idea_count=Count("contributions", filter=Q(contributions__is_withdrawn=False))
    ).order_by("order", "id")
    context = workshop_context(
        request,
        workshop.process,
        workshop=workshop,
        questions=questions,
        state=live.state(workshop),
        stages=LiveStage.choices,
        participants=workshop.participants.present().count(),
        connected=_connected(workshop),
        join_url=join_url(workshop),
    )
    return render(request, "workshops/console.html", context)


@login_required
@no_store
def presentation(request, process_id, workshop_id):
    """The projector: full screen, no site header, driven by the console or its keys."""
    workshop = get_workshop_for(request.user, process_id, workshop_id, VIEW)
    context = workshop_context(
        request,
        workshop.process,
        workshop=workshop,
        state=live.state(workshop),
        join_url=join_url(workshop),
        qr_svg=qr_svg(workshop, scale=10),
        can_drive=request.user.has_perm(MANAGE, workshop.process),
    )
    return render(request, "workshops/presentation.html", context)
