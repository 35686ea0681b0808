"""Participant side: join a workshop by its code, add ideas, prioritise.

No account: the workshop's code opens its page, a signed cookie identifies
the participant (see permissions.py). Pages are small (a phone on 3G) and
work without JavaScript; with htmx, forms swap only their own fragment and
the page asks every few seconds what the facilitator changed (live_views.py:
an empty 204 answer when nothing changed). What the page shows: page.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from essor.contributions.models import ContributionSource
from essor.core.throttle import client_address, over_rate
from essor.core.tokens import keyed_digest, new_token
from essor.participation import page, services
from essor.participation import render as render_html
from essor.participation.forms import IdeaForm, JoinForm, ParticipantForm
from essor.participation.permissions import (
    browser_key,
    get_votable_contribution,
    normalise_code,
    participant_and_idea,
    participant_from_request,
    remember_browser,
    remember_participant,
)
from essor.workshops.models import LiveStage, VoteMode, Workshop

# Rates of the account-free endpoints. A whole room often shares one public IP
# (the venue's Wi-Fi), so joining is limited generously per IP while guessing
# codes is limited tightly; ideas and votes are limited per participant.
RATES = {
    "unknown_code": "30/m",
    "join": "120/m",
    # New participants of one workshop from one address (a browser joining again
    # gets its participant back and is not counted): a whole room on the venue's
    # Wi-Fi fits, a script creating voters does not.
    "join_workshop": "60/h",
    "idea": "20/m",
    "vote": "120/m",
    **getattr(settings, "ESSOR_PARTICIPATION_RATES", {}),
}


# Doors stay shut while the shared cache cannot count (joins, codes tried); a room
# already in keeps proposing and voting.
FAIL_OPEN = {"idea", "vote"}


def _participant_key(request) -> str:
    return f"p{request.participant.pk}"


def _workshop_address_key(request) -> str:
    return f"{request.resolver_match.kwargs['code'].upper()}:{client_address(request)}"


def _limited(request, what: str, key=client_address) -> bool:
    return over_rate(
        f"participation.{what}", key(request), RATES[what], fail_closed=what not in FAIL_OPEN
    )


def _too_many(request, status: int = 429, reason: str = ""):
    return render(request, "participation/ratelimited.html", {"reason": reason}, status=status)


def _retry_key(request) -> str:
    """The random key of the form sent (a join or an idea form; see welcome.html,
    idea_form.html): sent again after a network loss, the same key finds what the
    first copy created. "" when absent or not shaped like one of ours."""
    key = request.POST.get("retry_key", "")
    return key if 20 <= len(key) <= 64 and key.replace("-", "").replace("_", "").isalnum() else ""


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def ping(request):
    """A trivial view, the baseline of the vote benchmark (bench/votes.py)."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def join(request):
    """The code form; /participer/?code=ABC123 leads to the workshop's page."""
    form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound:
        if not form.is_valid() and _limited(request, "unknown_code"):
            return _too_many(request)
        if form.is_valid():
            return redirect("participation:workshop", form.cleaned_data["code"])
    return render(request, "participation/join.html", {"form": form})


def _workshop_or_response(request, code: str):
    """(workshop, None), or (None, a 404 page with a link back / a 429 page)."""
    workshop = (
        Workshop.objects.select_related("process").filter(join_code=normalise_code(code)).first()
    )
    if workshop is None:
        if _limited(request, "unknown_code"):
            return None, _too_many(request)
        return None, render(
            request, "participation/unknown_code.html", {"code": code[:20]}, status=404
        )
    return workshop, None


def workshop_page(request, code):
    """The participant's page; on a first visit, a short "who are you" form."""
    # A participant's cookie brings the workshop with it (one query, not two): only
    # a canonical address can hold the cookie (it is scoped to that path).
    participant = participant_from_request(request, code) if code == normalise_code(code) else None
    if participant is not None:
        if participant.is_removed:
            return _removed(request, participant.workshop)
        return render(
            request,
            "participation/workshop.html",
            page.page_context(participant.workshop, participant),
        )
    workshop, response = _workshop_or_response(request, code)
    if response is not None:
        return response
    if code != workshop.join_code:
        return redirect("participation:workshop", workshop.join_code)
    browser_id, browser, known = browser_key(request)
    if not known and request.method == "POST" and _retry_key(request):
        # A first join sent again (its answer, with the cookies, lost on the way): the
        # form's key is the browser's id, so the copy finds the participant the first
        # one created instead of creating a second one.
        browser_id = _retry_key(request)
        browser, known = keyed_digest(browser_id, "participation.browser"), True
    # Only a browser that comes with its id can be someone already (a new one cannot).
    returning = services.returning_participant(workshop, browser) if known else None
    if returning is not None and returning.is_removed:
        return _removed(request, workshop)
    form = ParticipantForm(request.POST if request.method == "POST" else None, workshop=workshop)
    if request.method == "POST":
        participant = returning
        if participant is None:
            if _limited(request, "join"):
                return _too_many(request)
            if form.is_valid():
                if _limited(request, "join_workshop", key=_workshop_address_key):
                    reason = _(
                        "Many people have already joined this workshop from your connection. "
                        "Ask the facilitator for help."
                    )
                    return _too_many(request, reason=reason)
                participant = services.join_workshop(
                    workshop,
                    name=form.cleaned_data["name"],
                    organisation=form.cleaned_data["organisation"],
                    browser_key=browser,
                    address_key=keyed_digest(client_address(request), "participation.address"),
                )
        if participant is not None:
            # A returning browser lost its cookie; only the hash of its token was kept.
            token = getattr(participant, "token", None) or services.reissue_token(participant)
            response = redirect("participation:workshop", workshop.join_code)
            remember_participant(response, workshop, token)
            remember_browser(response, browser_id)
            return response
    return render(
        request,
        "participation/welcome.html",
        {
            "workshop": workshop,
            "form": form,
            "questions": list(workshop.questions.all()),
            "retry_key": new_token(),
        },
    )


def _removed(request, workshop):
    """The page of a browser whose participant a facilitator removed."""
    return render(request, "participation/removed.html", {"workshop": workshop}, status=403)


def participant_or_response(request, code):
    participant = participant_from_request(request, code)
    if participant is not None and participant.is_removed:
        if _is_htmx(request):  # the whole page shows why, not a fragment
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(
                "participation:workshop", args=[participant.workshop.join_code]
            )
            return None, response
        return None, _removed(request, participant.workshop)
    if participant is not None:
        request.participant = participant
        return participant, None
    workshop, response = _workshop_or_response(request, code)
    if response is not None:
        return None, response
    # Cookie lost, forged or of another workshop: join again.
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("participation:workshop", args=[workshop.join_code])
        return None, response
    return None, redirect("participation:workshop", workshop.join_code)


def _question_on_screen(workshop):
    if workshop.live_stage == LiveStage.QUESTION and workshop.current_question_id:
        return workshop.questions.filter(pk=workshop.current_question_id).first()
    return None


@require_POST
def add_idea(request, code):
    participant, response = participant_or_response(request, code)
    if response is not None:
        return response
    workshop = participant.workshop
    form = IdeaForm(request.POST, workshop=workshop)
    added = None
    if not workshop.participation_open:
        closed = _("The facilitator has closed the adding of ideas.")
        if not _is_htmx(request):
            messages.error(request, closed)
            return redirect("participation:workshop", workshop.join_code)
        form.add_error(None, closed)
    elif _limited(request, "idea", key=_participant_key):
        form.add_error(None, _("You are sending ideas too quickly: wait a minute, then retry."))
    elif form.is_valid():
        added, _new = services.add_participant_idea(
            participant,
            _retry_key(request),
            process=workshop.process,
            workshop=workshop,
            # While a question is on the projector, an idea without one goes under it.
            question=form.cleaned_data.get("question") or _question_on_screen(workshop),
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            source=ContributionSource.PARTICIPANT,
            author_organisation=participant.organisation,
            created_by=None,
        )
        question = added.question_id if added is not None else None
        form = IdeaForm(workshop=workshop, initial={"question": question})
    if not _is_htmx(request):
        if added is not None:
            messages.success(request, _("Your idea has been added. Thank you!"))
            return redirect(reverse("participation:workshop", args=[code]) + "#idees")
        return render(
            request,
            "participation/workshop.html",
            page.page_context(workshop, participant, idea_form=form),
        )
    context = page.live_context(workshop, participant, idea_form=form, idea_added=added)
    context["idea_form"] = form  # also when adding was just closed: shows why
    return render(request, "participation/includes/idea_form.html", context)


def _posted_vote(request):
    """(contribution id, raw points): a dot button posts "vote=<idea id>:<dots>",
    a scale form "contribution" and "points"."""
    if "vote" in request.POST:
        contribution_id, _sep, raw = request.POST["vote"].partition(":")
        return contribution_id, raw
    return request.POST.get("contribution"), request.POST.get("points", "")


def _posted_seq(request) -> int | None:
    """The sequence number the page's script adds to a dot button's request (see
    participation/vote.js and services.put_dots), or None (no JavaScript, or junk)."""
    raw = request.POST.get("seq", "")
    if raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


def _dots_changed(request, workshop, participant, contribution, dots: services.Dots):
    """The htmx answer to a dot button: out-of-band fragments (the idea's item, the
    "dots left" counter, the status message) and no main swap, instead of
    re-rendering every idea. When the participant runs out of dots, or gets
    some back, every other "+" button is disabled or enabled: those buttons
    alone are added (one query for the other ideas and my dots on them)."""
    contribution.my_points = dots.points
    other_ideas = []
    if (dots.left == 0) != (dots.left_before == 0):
        other_ideas = services.other_ideas_points(participant, contribution)
    html = render_html.dots_changed(
        contribution,
        left=dots.left,
        total=workshop.dots_per_participant,
        other_ideas=other_ideas,
    )
    response = HttpResponse(html)
    response["HX-Reswap"] = "none"
    return response


@require_POST
def vote(request, code):
    """Set my dots or my score on one idea; answers with what changed in the vote panel
    (htmx), or redirects back to the page (without JavaScript)."""
    contribution_id, raw = _posted_vote(request)
    # The participant and the idea in one query (the hot path of a room voting at once).
    participant, contribution = participant_and_idea(request, code, contribution_id)
    if participant is None or participant.is_removed:
        # No cookie, another workshop's, or a removed participant: the general path
        # answers (join again, or the "removed" page).
        participant, response = participant_or_response(request, code)
        if response is not None:
            return response
        contribution = get_votable_contribution(participant.workshop, contribution_id)
    elif contribution is None:
        raise Http404
    request.participant = participant
    workshop = participant.workshop
    error, dots = "", None
    if _limited(request, "vote", key=_participant_key):
        error = _("You are voting too quickly: wait a minute, then retry.")
    else:
        try:
            if "clear" in request.POST:
                services.remove_vote(participant, contribution)
            elif workshop.vote_mode == VoteMode.DOTS:
                dots = services.put_dots(
                    participant,
                    contribution,
                    services.parse_points(raw),
                    seq=_posted_seq(request),
                )
            else:
                services.cast_vote(participant, contribution, services.parse_points(raw))
        except services.VoteError as exc:
            error = exc.messages[0]
            workshop.refresh_from_db(fields=["vote_status", "vote_mode", "dots_per_participant"])
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Your vote has been recorded."))
        return redirect(reverse("participation:workshop", args=[workshop.join_code]) + "#vote")
    if dots is not None:
        return _dots_changed(request, workshop, participant, contribution, dots)
    context = page.vote_context(workshop, participant, error)
    context["vote_saved"] = not error
    return render(request, "participation/includes/vote_panel.html", context)
