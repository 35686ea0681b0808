"""The poll of a participant's page: every 5 s (htmx), with the versions of what the
page shows (``state``: its live part, page.page_state; ``session``: the session the
facilitator runs, session.SessionView.key). An empty 204 while both are unchanged
(the cost of a room of phones waiting); else a new poller and, out of band, only
the parts that changed, with a sentence saying what changed for the page's status
region (read out by screen readers)."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from essor.core.tokens import new_token
from essor.participation import page, services
from essor.participation.forms import IdeaForm
from essor.participation.permissions import participant_and_idea
from essor.participation.session import KEY_PARTS, SessionView, what_changed
from essor.participation.views import participant_or_response
from essor.workshops.models import VoteMode, VoteStatus

# A phone's poll records it as connected at most this often (a write per phone per
# quarter-minute, not per poll).
SEEN_EVERY = dt.timedelta(seconds=15)


def _seen(participant) -> None:
    now, seen = timezone.now(), participant.last_seen_at
    if seen is None or now - seen > SEEN_EVERY:
        type(participant).objects.filter(pk=participant.pk).update(last_seen_at=now)


@require_GET
def live(request, code):
    """Polled by the participant's page: 204 while the workshop's state is unchanged."""
    # Every phone asks every 5 s: the participant with its workshop in one statement
    # of plain SQL (no idea asked for); the general path answers anyone else.
    participant, _idea = participant_and_idea(request, code, None)
    if participant is None or participant.is_removed:
        participant, response = participant_or_response(request, code)
        if response is not None:
            return response
    workshop = participant.workshop
    _seen(participant)
    shown_state, shown_session = request.GET.get("state", ""), request.GET.get("session", "")
    state = page.page_state(workshop)
    session = SessionView.of(workshop)
    key = session.key()
    if shown_state == state and shown_session == key:
        return HttpResponse(status=204)
    poller = {"workshop": workshop, "state": state, "session_key": key}
    parts = [render_to_string("participation/includes/poll.html", poller)]
    if shown_session != key:
        context = session.context()
        context["session_news"] = what_changed(shown_session, session, context["current_question"])
        context["oob"] = True
        parts.append(render_to_string("participation/includes/session.html", context, request))
        if shown_state == state:
            parts.append(_question_choice(workshop, shown_session, key))
    if shown_state != state:
        parts.append(_live_part(request, workshop, participant))
    return HttpResponse("".join(parts))


def _question_choice(workshop, shown: str, key: str) -> str:
    """When only the question on screen changed, the idea form's select of the
    question (out of band), set to it: the text being typed is left alone."""
    question = 1
    old, new = shown.split("."), key.split(".")
    if len(old) != KEY_PARTS or old[question] == new[question] or not workshop.participation_open:
        return ""
    form = IdeaForm(workshop=workshop)
    if "question" not in form.fields:
        return ""
    return str(form["question"].as_widget(attrs={"hx-swap-oob": "true"}))


def _live_part(request, workshop, participant) -> str:
    if workshop.vote_status == VoteStatus.OPEN and workshop.vote_mode == VoteMode.DOTS:
        shared = _shared_live(request, workshop, participant)
        if shared is not None:
            return shared
    context = page.live_context(workshop, participant, oob=True)
    return render_to_string("participation/includes/live.html", context, request)


_CSRF_SLOT, _RETRY_SLOT = "@@essor-csrf@@", "@@essor-retry@@"


def _shared_live(request, workshop, participant) -> str | None:
    """The live part of the page for a phone with no dot and no idea of its own yet:
    when the facilitator opens the vote, every phone's poll asks for it within
    seconds (a room of thousands at once, bench/cluster.py) and it is the same for
    all of them but for the CSRF token and the idea form's retry key. Rendered once
    with two slots and kept in the cache under a key naming everything it shows
    (the workshop's state, questions and ideas, the question on screen, the
    language): an idea added, edited or withdrawn, a question changed, gives a new
    key, never a stale panel. None for any other phone (its own dots or ideas:
    rendered as before)."""
    if services.has_dots_or_ideas(participant):
        return None
    state = page.page_state(workshop)
    shown = [get_language(), state, workshop.join_code, str(workshop.current_question_id)]
    key = f"participation.live.{services.panel_fingerprint(workshop)}." + "-".join(shown)
    html = cache.get(key)
    if html is None:
        questions = list(workshop.questions.all())
        context = page.vote_context(workshop, participant, mine={})  # no dot: nothing to read
        context.update(workshop=workshop, state=state, questions=questions, oob=True)
        context.update(my_ideas=[], csrf_token=_CSRF_SLOT, retry_key=_RETRY_SLOT)
        if workshop.participation_open:
            context["idea_form"] = IdeaForm(workshop=workshop, questions=questions)
        html = render_to_string("participation/includes/live.html", context, request)
        cache.set(key, html, 3600)
    return html.replace(_CSRF_SLOT, get_token(request)).replace(_RETRY_SLOT, new_token())
