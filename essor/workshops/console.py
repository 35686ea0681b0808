"""The facilitator console, the full-screen presentation and the live state they poll."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.core.caching import no_store
from essor.workshops import live
from essor.workshops.models import LiveStage, VoteStatus
from essor.workshops.permissions import get_workshop_for
from essor.workshops.qr import join_url, qr_svg
from essor.workshops.views import workshop_context

MANAGE = "workshops.manage_workshop"
VIEW = "contributions.view_contributions"


def _flag(request, name: str) -> bool:
    return request.POST.get(name) in ("1", "on", "true", "open")


def _apply(request, workshop) -> str:
    """Run the posted action; the message to show."""
    action, expected = request.POST.get("action", ""), request.POST.get("expected") or None
    user = request.user
    if action == "stage":
        live.set_stage(workshop, request.POST.get("stage", ""), actor=user, expected=expected)
        return _("The projector shows: %(stage)s.") % {
            "stage": LiveStage(workshop.live_stage).label
        }
    if action == "question":
        live.set_question(workshop, request.POST.get("question"), actor=user, expected=expected)
        return _("The current question has changed.")
    if action in ("next", "previous"):
        step = 1 if action == "next" else -1
        live.step_question(workshop, step, actor=user, expected=expected)
        return _("The current question has changed.")
    if action == "contributions":
        is_open = _flag(request, "value")
        live.set_contributions_open(workshop, is_open, actor=user, expected=expected)
        return _("Participants may add ideas.") if is_open else _("Contributions are closed.")
    if action == "vote":
        is_open = _flag(request, "value")
        live.set_vote_open(workshop, is_open, actor=user, expected=expected)
        return (
            _("The vote is open: participants can prioritise the ideas.")
            if is_open
            else _("The vote is closed: the results are final.")
        )
    if action == "results":
        shown = _flag(request, "value")
        live.set_results_revealed(workshop, shown, actor=user, expected=expected)
        return _("The results are shown.") if shown else _("The results are hidden.")
    if action == "timer":
        op = request.POST.get("op", "")
        seconds = request.POST.get("seconds")
        if op == "set" and request.POST.get("minutes", "").strip():
            try:
                seconds = round(float(request.POST["minutes"].replace(",", ".")) * 60)
            except ValueError:
                seconds = -1
        live.timer(workshop, op, actor=user, seconds=seconds, expected=expected)
        return _("The timer has been updated.")
    if action == "next_steps":
        live.set_next_steps(workshop, request.POST.get("next_steps", ""), actor=user)
        return _("The closing text has been saved.")
    if action == "hide":
        live.hide_idea(workshop, request.POST.get("idea"), actor=user)
        return _("The idea has been hidden.")
    if action == "merge":
        live.merge_ideas(workshop, request.POST.get("keep"), request.POST.get("drop"), actor=user)
        return _("The ideas have been merged.")
    raise ValidationError(_("Unknown action."), code="action")


@login_required
def console(request, process_id, workshop_id):
    """One page to run the session: stage, questions, contributions, vote, timer, ideas."""
    workshop = get_workshop_for(request.user, process_id, workshop_id, MANAGE)
    questions = workshop.questions.annotate(
        idea_count=Count("contributions", filter=Q(contributions__is_withdrawn=False))
    ).order_by("order", "id")
    ideas = workshop.contributions.kept().select_related("question").order_by("-id")[:200]
    context = workshop_context(
        request,
        workshop.process,
        workshop=workshop,
        questions=questions,
        ideas=ideas,
        stages=LiveStage.choices,
        control=live.control_version(workshop),
        timer_left=live.timer_left(workshop),
        phones=live.connected_phones(workshop),
        vote_open=workshop.vote_status == VoteStatus.OPEN,
        join_url=join_url(workshop),
    )
    return render(request, "workshops/console.html", context)


@login_required
@require_POST
def console_action(request, process_id, workshop_id):
    """Every action of the console and of the projector's keys (JSON when fetched)."""
    workshop = get_workshop_for(request.user, process_id, workshop_id, MANAGE)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        message, ok = _apply(request, workshop), True
    except ValidationError as error:
        message, ok = " ".join(error.messages), False
    workshop.refresh_from_db()
    if wants_json:
        data = {"ok": ok, "message": message, **live.state(workshop, since=1 << 62)}
        return JsonResponse(data, status=200 if ok else 409)
    (messages.success if ok else messages.error)(request, message)
    return redirect("workshops:console", workshop.process_id, workshop.pk)


@login_required
def presentation(request, process_id, workshop_id):
    """Full screen on the wall (1920×1080 or 1280×720), keyboard-driven."""
    workshop = get_workshop_for(request.user, process_id, workshop_id, VIEW)
    context = workshop_context(
        request,
        workshop.process,
        workshop=workshop,
        join_url=join_url(workshop),
        qr_svg=qr_svg(workshop, scale=8),
        state=live.state(workshop),
        can_drive=request.user.has_perm(MANAGE, workshop.process),
    )
    return render(request, "workshops/presentation.html", context)


def _int_param(request, name: str) -> int | None:
    try:
        return int(request.GET[name])
    except (KeyError, ValueError):
        return None


@no_store
@login_required
def live_state(request, process_id, workshop_id):
    """Polled every 1.5 s: 204 while nothing changed (``?v=``), else the state with
    only the ideas after ``?since=`` (so a room of phones costs no full page) and,
    given ``?n=`` (cards shown) and ``?at=`` (of the previous answer), the ideas
    edited or removed among those shown (live.state)."""
    workshop = get_workshop_for(request.user, process_id, workshop_id, VIEW)
    version = live.state_version(workshop, live.connected_phones(workshop))
    if request.GET.get("v") == version:
        return HttpResponse(status=204)
    at = _int_param(request, "at")
    try:
        after = dt.datetime.fromtimestamp(at, tz=dt.UTC) if at is not None else None
    except (OverflowError, OSError, ValueError):
        after = None
    data = live.state(
        workshop,
        since=_int_param(request, "since") or 0,
        version=version,
        cards=_int_param(request, "n"),
        after=after,
    )
    return JsonResponse(data)
