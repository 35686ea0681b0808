"""The live session of a workshop: state transitions driven from the facilitator
console (or the projector's keyboard), and the state the projector polls.

Every action is an idempotent "set" (stage = X, question = Y, vote = open...),
sent with the version of the state the facilitator saw: when two facilitators
drive the same session, an action made on a stale screen is refused with a
message instead of undoing the other's move.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.contributions.models import Contribution
from essor.contributions.services import set_withdrawn
from essor.core.audit import log_action
from essor.participation import services as participation
from essor.participation.models import Participant, Vote
from essor.workshops.models import LiveStage, VoteMode, VoteStatus, Workshop

# A phone seen in the last CONNECTED_WINDOW is counted as connected.
CONNECTED_WINDOW = dt.timedelta(seconds=30)
MAX_TIMER_SECONDS = 3 * 3600
RESULTS_SHOWN = 12  # bars on the projector


class StaleAction(ValidationError):
    """The facilitator acted on a state that has changed since their screen showed it."""


def control_version(workshop: Workshop) -> str:
    """Fingerprint of what the facilitator controls (not the ideas nor the votes)."""
    shown = [
        workshop.live_stage,
        workshop.current_question_id,
        workshop.participation_open,
        workshop.vote_status,
        workshop.results_revealed,
        workshop.timer_seconds,
        workshop.timer_ends_at.isoformat() if workshop.timer_ends_at else "",
        workshop.timer_remaining,
        workshop.next_steps,
    ]
    # str(): a fresh instance holds enum members, a loaded one plain strings.
    return hashlib.blake2b(
        repr([str(value) for value in shown]).encode(), digest_size=6
    ).hexdigest()


def timer_left(workshop: Workshop, now=None) -> int:
    """Seconds left on the timer (the server's clock is the truth)."""
    if workshop.timer_ends_at is not None:
        now = now or timezone.now()
        return max(0, int((workshop.timer_ends_at - now).total_seconds() + 0.999))
    if workshop.timer_remaining is not None:
        return workshop.timer_remaining
    return workshop.timer_seconds


def connected_phones(workshop: Workshop, now=None) -> int:
    since = (now or timezone.now()) - CONNECTED_WINDOW
    return workshop.participants.present().filter(last_seen_at__gte=since).count()


def _locked(workshop: Workshop, expected: str | None) -> Workshop:
    """The workshop's row, locked, after checking the facilitator's screen was up to date."""
    fresh = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if expected and expected != control_version(fresh):
        raise StaleAction(
            _(
                "The session has changed in the meantime (another facilitator?): "
                "check what is shown now and try again."
            ),
            code="stale",
        )
    return fresh


def _save(workshop: Workshop, fresh: Workshop, fields: list[str], actor, verb: str, **detail):
    fresh.save(update_fields=[*fields, "updated_at"])
    for name in fields:
        setattr(workshop, name, getattr(fresh, name))
    log_action(actor, f"workshop.live_{verb}", fresh, **detail)
    return workshop


@transaction.atomic
def set_stage(workshop: Workshop, stage: str, *, actor, expected=None) -> Workshop:
    if stage not in LiveStage.values:
        raise ValidationError(_("Unknown stage."), code="stage")
    fresh = _locked(workshop, expected)
    fresh.live_stage = stage
    fields = ["live_stage"]
    if stage == LiveStage.QUESTION and fresh.current_question_id is None:
        fresh.current_question = fresh.questions.order_by("order", "id").first()
        fields.append("current_question")
    return _save(workshop, fresh, fields, actor, "stage", stage=stage)


@transaction.atomic
def set_question(workshop: Workshop, question_id, *, actor, expected=None) -> Workshop:
    """Show that question (and its ideas) on the projector and the phones."""
    fresh = _locked(workshop, expected)
    try:
        question = fresh.questions.get(pk=int(question_id))
    except (ValueError, TypeError, fresh.questions.model.DoesNotExist):
        raise ValidationError(_("Choose a question of this workshop."), code="question") from None
    fresh.current_question, fresh.live_stage = question, LiveStage.QUESTION
    return _save(
        workshop, fresh, ["current_question", "live_stage"], actor, "question", question=question.pk
    )


def step_question(workshop: Workshop, step: int, *, actor, expected=None) -> Workshop:
    """The next (step=1) or previous (step=-1) question; stays put at either end."""
    ids = list(workshop.questions.order_by("order", "id").values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("This workshop has no guiding question."), code="question")
    if workshop.current_question_id in ids:
        index = ids.index(workshop.current_question_id) + step
    else:
        index = 0
    return set_question(
        workshop, ids[max(0, min(index, len(ids) - 1))], actor=actor, expected=expected
    )


@transaction.atomic
def set_contributions_open(workshop: Workshop, is_open: bool, *, actor, expected=None):
    fresh = _locked(workshop, expected)
    fresh.participation_open = is_open
    return _save(workshop, fresh, ["participation_open"], actor, "contributions", open=is_open)


@transaction.atomic
def set_vote_open(workshop: Workshop, is_open: bool, *, actor, expected=None) -> Workshop:
    """Open the vote (and show its stage) or close it (and show the results' stage)."""
    fresh = _locked(workshop, expected)
    wanted = VoteStatus.OPEN if is_open else VoteStatus.CLOSED
    if fresh.vote_status != wanted:
        if is_open:
            participation.open_vote(fresh, actor=actor)
        else:
            participation.close_vote(fresh, actor=actor)
    fresh.live_stage = LiveStage.VOTE if is_open else LiveStage.RESULTS
    workshop.vote_status = fresh.vote_status
    return _save(workshop, fresh, ["live_stage"], actor, "vote", open=is_open)


@transaction.atomic
def set_results_revealed(workshop: Workshop, revealed: bool, *, actor, expected=None):
    fresh = _locked(workshop, expected)
    fresh.results_revealed = revealed
    fields = ["results_revealed"]
    if revealed:
        fresh.live_stage = LiveStage.RESULTS
        fields.append("live_stage")
    return _save(workshop, fresh, fields, actor, "results", revealed=revealed)


@transaction.atomic
def set_next_steps(workshop: Workshop, text: str, *, actor, expected=None) -> Workshop:
    fresh = _locked(workshop, expected)
    fresh.next_steps = (text or "").strip()[:2000]
    return _save(workshop, fresh, ["next_steps"], actor, "next_steps")


TIMER_FIELDS = ["timer_seconds", "timer_ends_at", "timer_remaining"]


@transaction.atomic
def timer(workshop: Workshop, op: str, *, actor, seconds=None, expected=None) -> Workshop:
    """``set`` a duration (stopped), ``start`` (or resume), ``pause``, ``reset``."""
    fresh = _locked(workshop, expected)
    now = timezone.now()
    if op == "set":
        try:
            seconds = int(seconds)
        except (TypeError, ValueError):
            seconds = -1
        if not 0 < seconds <= MAX_TIMER_SECONDS:
            raise ValidationError(
                _("Enter a duration between 1 second and 3 hours."), code="timer_seconds"
            )
        fresh.timer_seconds, fresh.timer_ends_at, fresh.timer_remaining = seconds, None, None
    elif op == "start":
        if fresh.timer_ends_at is None:  # already running: nothing to do (idempotent)
            left = timer_left(fresh, now)
            if left <= 0:
                raise ValidationError(_("Set the timer's duration first."), code="timer_seconds")
            fresh.timer_ends_at, fresh.timer_remaining = now + dt.timedelta(seconds=left), None
    elif op == "pause":
        if fresh.timer_ends_at is not None:
            fresh.timer_remaining, fresh.timer_ends_at = timer_left(fresh, now), None
    elif op == "reset":
        fresh.timer_ends_at, fresh.timer_remaining = None, None
    else:
        raise ValidationError(_("Unknown timer action."), code="timer")
    return _save(workshop, fresh, TIMER_FIELDS, actor, "timer", op=op)


def _idea(workshop: Workshop, idea_id) -> Contribution:
    try:
        return workshop.contributions.kept().get(pk=int(idea_id))
    except (ValueError, TypeError, Contribution.DoesNotExist):
        raise ValidationError(
            _("This idea no longer exists or has already been hidden."), code="idea"
        ) from None


@transaction.atomic
def hide_idea(workshop: Workshop, idea_id, *, actor) -> Contribution:
    """Withdraw an idea: it leaves the projector and the phones (kept, set aside)."""
    idea = _idea(workshop, idea_id)
    return set_withdrawn(idea, True, actor=actor)


@transaction.atomic
def merge_ideas(workshop: Workshop, keep_id, drop_id, *, actor) -> Contribution:
    """Keep one idea, move the other's votes onto it and hide the other.

    A participant who voted for both keeps the sum of their dots (their quota
    is unchanged) or, for a score, the higher one."""
    keep, drop = _idea(workshop, keep_id), _idea(workshop, drop_id)
    if keep.pk == drop.pk:
        raise ValidationError(_("Choose two different ideas to merge."), code="merge")
    # Wait for the votes in progress in this workshop (as closing the vote does).
    list(Participant.objects.select_for_update().filter(workshop=workshop).values_list("pk"))
    kept_votes = {vote.participant_id: vote for vote in Vote.objects.filter(contribution=keep)}
    moved = 0
    for vote in Vote.objects.filter(contribution=drop):
        mine = kept_votes.get(vote.participant_id)
        if mine is None:
            vote.contribution = keep
            vote.save(update_fields=["contribution", "updated_at"])
        else:
            if workshop.vote_mode == VoteMode.DOTS:
                mine.points += vote.points
            else:
                mine.points = max(mine.points, vote.points)
            mine.save(update_fields=["points", "updated_at"])
            vote.delete()
        moved += 1
    set_withdrawn(drop, True, actor=actor)
    log_action(actor, "workshop.live_merged", keep, dropped=drop.pk, moved_votes=moved)
    return keep


# The state the projector and the console poll ------------------------------------


def ideas_version(workshop: Workshop) -> tuple:
    """What changes when an idea is added, edited, hidden or voted for (2 queries)."""
    ideas = workshop.contributions.aggregate(
        last=Max("pk"),
        edited=Max("updated_at"),
        kept=Count("pk", filter=Q(is_withdrawn=False)),
    )
    votes = Vote.objects.filter(participant__workshop=workshop).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    return (ideas["last"], str(ideas["edited"]), ideas["kept"], votes["n"], str(votes["last"]))


def state_version(workshop: Workshop, phones: int) -> str:
    shown = [control_version(workshop), ideas_version(workshop), phones]
    return hashlib.blake2b(repr(shown).encode(), digest_size=8).hexdigest()


def _shown_ideas(workshop: Workshop):
    ideas = workshop.contributions.kept().order_by("order", "id")
    if workshop.current_question_id:
        ideas = ideas.filter(question_id=workshop.current_question_id)
    return ideas


# An idea edited just before a poll may be committed just after it: the ideas edited
# this long before the projector's last answer are sent again (the same text twice
# costs nothing, an edit missed would stay on the wall).
EDITS_OVERLAP = dt.timedelta(seconds=5)


def _changed_ideas(shown_ideas, since: int, cards: int | None, after) -> dict:
    """What changed among the ideas the projector already shows (ids up to ``since``):
    ``edited`` (id and text) since ``after``, and ``kept``, every kept id up to
    ``since``, only when the projector counts another number of ``cards`` (an idea
    deleted by its author, hidden, merged, moved to another question or restored)."""
    changed = {}
    if since <= 0:
        return changed
    earlier = shown_ideas.filter(pk__lte=since)
    if after is not None:
        changed["edited"] = [
            {"id": pk, "text": text}
            for pk, text in earlier.filter(updated_at__gte=after - EDITS_OVERLAP).values_list(
                "pk", "text"
            )
        ]
    if cards is not None and cards != earlier.count():
        changed["kept"] = list(earlier.values_list("pk", flat=True))
    return changed


def state(
    workshop: Workshop,
    *,
    since: int = 0,
    version: str = "",
    cards: int | None = None,
    after: dt.datetime | None = None,
) -> dict:
    """What the projector shows; ``ideas`` only those after the idea ``since``
    (with ``hidden``: the ones shown before and hidden or merged since). With
    ``after`` (the ``at`` of the projector's previous answer) and ``cards`` (how
    many ideas it shows), also what changed among the ideas it shows:
    ``_changed_ideas``."""
    counts = participation.participation_counts(workshop)
    phones = connected_phones(workshop)
    question = workshop.current_question
    now = timezone.now()
    data = {
        "version": version or state_version(workshop, phones),
        "at": int(now.timestamp()),
        "control": control_version(workshop),
        "stage": workshop.live_stage,
        "question": {"id": question.pk, "text": question.text} if question else None,
        "participation_open": workshop.participation_open,
        "vote_status": workshop.vote_status,
        "results_revealed": workshop.results_revealed,
        "timer": {
            "left": timer_left(workshop, now),
            "running": workshop.timer_ends_at is not None,
            "seconds": workshop.timer_seconds,
        },
        "next_steps": workshop.next_steps,
        "participants": counts["participants"],
        "voters": counts["voters"],
        "phones": phones,
        "full": since <= 0,
    }
    shown = _shown_ideas(workshop)
    data["idea_count"] = shown.count()
    data["ideas"] = [
        {"id": pk, "text": text}
        for pk, text in shown.filter(pk__gt=max(since, 0)).values_list("pk", "text")
    ]
    data["hidden"] = (
        list(
            workshop.contributions.filter(is_withdrawn=True, pk__lte=since).values_list(
                "pk", flat=True
            )
        )
        if since > 0
        else []
    )
    data.update(_changed_ideas(shown, since, cards, after))
    if workshop.live_stage == LiveStage.RESULTS and workshop.results_revealed:
        rows = participation.results(workshop)[:RESULTS_SHOWN]
        best = max((row.vote_points for row in rows), default=0)
        data["results"] = [
            {
                "id": row.pk,
                "text": row.text,
                "points": row.vote_points,
                "voters": row.voter_count,
                "share": round(row.vote_points * 100 / best) if best else 0,
            }
            for row in rows
        ]
    return data
