"""What the participant's page shows: the state it polls with, the vote panel and
the live part (idea form, my ideas, questions), and the session the facilitator
runs (session.py). Shared by the page, its fragments and its poll (views.py,
live_views.py)."""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language

from essor.contributions.models import Contribution
from essor.core.tokens import new_token
from essor.participation import own_ideas, services
from essor.participation.forms import IdeaForm
from essor.participation.models import Vote
from essor.participation.session import SessionView
from essor.workshops.models import VoteMode, VoteStatus, Workshop


def page_state(workshop: Workshop) -> str:
    """What the live part of the page depends on (not the session: session.py);
    the page polls until it changes."""
    return "-".join(
        [
            workshop.vote_status,
            workshop.vote_mode,
            str(workshop.dots_per_participant),
            "ideas" if workshop.participation_open else "no-ideas",
        ]
    )


def _vote_list_key(contributions, dots_left: int) -> str:
    """The cache key of the dot vote's list for a participant with no dot yet (every
    phone that has just joined): it names everything that list shows (the ideas'
    ids, kinds and texts, the language, whether a "+" may be pressed), so an idea
    added, edited or withdrawn gives a new key and the list is never stale.
    Rendering 30 ideas was most of the cost of a join (bench/profile_vote.py --join)."""
    shown = [get_language(), dots_left > 0] + [(c.pk, c.kind, c.text) for c in contributions]
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def vote_context(workshop: Workshop, participant, error: str = "", mine=None) -> dict:
    """``mine``: the participant's dots per idea, when the caller knows them (else read)."""
    contributions = list(
        Contribution.objects.kept()
        .filter(workshop=workshop)
        .only("id", "text", "kind", "question_id", "order")
        .order_by("question__order", "order", "id")
    )
    if mine is None:
        mine = dict(
            Vote.objects.filter(participant=participant).values_list("contribution_id", "points")
        )
    used = 0
    for contribution in contributions:
        contribution.my_points = mine.get(contribution.pk, 0)
        used += contribution.my_points  # withdrawn ideas are not listed: their dots come back
    dots_left = max(workshop.dots_per_participant - used, 0)
    fresh = workshop.vote_mode == VoteMode.DOTS and not any(c.my_points for c in contributions)
    return {
        "workshop": workshop,
        "participant": participant,
        "contributions": contributions,
        "dots_left": dots_left,
        "vote_list_key": _vote_list_key(contributions, dots_left) if fresh else "",
        "scale": range(services.SCALE_MIN, services.SCALE_MAX + 1),
        "vote_error": error,
        "vote_open": workshop.vote_status == VoteStatus.OPEN,
    }


def live_context(workshop: Workshop, participant, idea_form=None, **extra) -> dict:
    """The live part: vote panel, idea form, my ideas, the workshop's questions."""
    questions = list(workshop.questions.all())  # read once: the list and the idea form's select
    context = {
        "workshop": workshop,
        "participant": participant,
        "state": page_state(workshop),
        "questions": questions,
        **extra,
    }
    my_ideas = list(participant.contributions.filter(is_withdrawn=False).order_by("-id")[:20])
    context["my_ideas"] = my_ideas
    context["editable_ideas"] = own_ideas.editable_ids(my_ideas, workshop)
    if workshop.participation_open:
        context["idea_form"] = idea_form or IdeaForm(workshop=workshop, questions=questions)
        context["retry_key"] = new_token()  # a new idea form: a new key
    if workshop.vote_status == VoteStatus.OPEN:
        context.update(vote_context(workshop, participant))
    return context


def page_context(workshop: Workshop, participant, idea_form=None) -> dict:
    """The whole page: the session, then the live part."""
    context = SessionView.of(workshop).context()
    context.update(live_context(workshop, participant, idea_form=idea_form))
    return context
