"""The live session of a workshop, driven from the facilitator console (and the
projector's keys): what is on screen, the current question, contributions and the vote
open or closed, results shown, the timer, the closing slide.

Every action is a "set" that names the state it expects (``expected``: the version the
facilitator's page showed): two facilitators driving the same session never undo each
other silently — the later one, acting on a stale page, is told so and nothing changes.
The state is the server's; the projector, the console and the phones read it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.participation import services as participation
from essor.workshops.models import LiveStage, VoteStatus, Workshop

# A timer longer than this is a typing error.
MAX_TIMER_SECONDS = 4 * 3600
STATE_FIELDS = [
    "live_stage", "current_question_id", "participation_open", "vote_status",
    "results_revealed", "timer_seconds", "timer_ends_at", "timer_remaining", "next_steps",
]  # fmt: skip


class LiveError(Exception):
    """The action cannot be done (a French message for the facilitator)."""


class StaleState(LiveError):
    """The session changed since the page was shown (another facilitator acted)."""


def version(workshop: Workshop) -> str:
    """A short fingerprint of the live state: pages poll it and send it back."""
    raw = "|".join(str(getattr(workshop, name)) for name in STATE_FIELDS)
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def timer_left(workshop: Workshop, now: dt.datetime | None = None) -> int:
    """Seconds left on the timer (running, paused, or its full duration when not started)."""
    if workshop.timer_ends_at is not None:
        now = now or timezone.now()
        return max(0, int((workshop.timer_ends_at - now).total_seconds() + 0.999))
    if workshop.timer_remaining is not None:
        return workshop.timer_remaining
    return workshop.timer_seconds


@dataclass(frozen=True)
class QuestionPlace:
    index: int  # 1-based, 0 when none
    count: int
    previous_id: int | None
    next_id: int | None


def question_place(workshop: Workshop, questions: list) -> QuestionPlace:
    ids = [q.pk for q in questions]
    if workshop.current_question_id in ids:
        index = ids.index(workshop.current_question_id)
        return QuestionPlace(
            index + 1,
            len(ids),
            ids[index - 1] if index > 0 else None,
            ids[index + 1] if index + 1 < len(ids) else None,
        )
    return QuestionPlace(0, len(ids), None, ids[0] if ids else None)


def state(workshop: Workshop) -> dict:
    """What the projector, the console and the phones need (JSON-ready)."""
    questions = list(workshop.questions.all())
    place = question_place(workshop, questions)
    current = next((q for q in questions if q.pk == workshop.current_question_id), None)
    return {
        "version": version(workshop),
        "stage": workshop.live_stage,
        "question": {"id": current.pk, "text": current.text} if current else None,
        "question_index": place.index,
        "question_count": place.count,
        "participation_open": workshop.participation_open,
        "vote_status": workshop.vote_status,
        "results_revealed": workshop.results_revealed,
        "timer": {
            "running": workshop.timer_ends_at is not None,
            "left": timer_left(workshop),
            "duration": workshop.timer_seconds,
        },
    }


def _locked(workshop: Workshop, expected: str | None) -> Workshop:
    fresh = Workshop.objects.select_for_update().get(pk=workshop.pk)
    fresh.process = workshop.process
    if expected and expected != version(fresh):
        raise StaleState(
            _(
                "The session changed meanwhile (another facilitator?): here is where it "
                "stands now; do it again if it is still needed."
            )
        )
    return fresh


def _save(workshop: Workshop, actor, verb: str, fields: list[str], **data) -> Workshop:
    workshop.save(update_fields=[*fields, "updated_at"])
    log_action(actor, f"workshop.live.{verb}", workshop, **data)
    return workshop


@transaction.atomic
def set_stage(workshop: Workshop, stage: str, *, actor, expected: str | None = None) -> Workshop:
    if stage not in LiveStage.values:
        raise LiveError(_("This is not a stage of the session."))
    workshop = _locked(workshop, expected)
    workshop.live_stage = stage
    fields = ["live_stage"]
    if stage == LiveStage.QUESTION and workshop.current_question_id is None:
        first = workshop.questions.order_by("order", "id").first()
        if first is not None:
            workshop.current_question = first
            fields.append("current_question")
    if stage == LiveStage.RESULTS and not workshop.results_revealed:
        workshop.results_revealed = True
        fields.append("results_revealed")
    return _save(workshop, actor, "stage", fields, stage=stage)


@transaction.atomic
def set_question(workshop: Workshop, question_id, *, actor, expected: str | None = None):
    workshop = _locked(workshop, expected)
    try:
        question = workshop.questions.filter(pk=int(question_id)).first()
    except (TypeError, ValueError):
        question = None
    if question is None:
        raise LiveError(_("This question is not one of the workshop's."))
    workshop.current_question = question
    workshop.live_stage = LiveStage.QUESTION
    return _save(
        workshop, actor, "question", ["current_question", "live_stage"], question=question.pk
    )


@transaction.atomic
def move_question(workshop: Workshop, step: int, *, actor, expected: str | None = None):
    """The next (``step`` 1) or previous (-1) question; from the last, the closing stays."""
    workshop = _locked(workshop, expected)
    place = question_place(workshop, list(workshop.questions.all()))
    target = place.next_id if step > 0 else place.previous_id
    if target is None:
        raise LiveError(
            _("This is the last question.") if step > 0 else _("This is the first question.")
        )
    workshop.current_question_id = target
    workshop.live_stage = LiveStage.QUESTION
    return _save(workshop, actor, "question", ["current_question", "live_stage"], question=target)


@transaction.atomic
def set_contributions(workshop: Workshop, open_: bool, *, actor, expected: str | None = None):
    workshop = _locked(workshop, expected)
    workshop.participation_open = open_
    return _save(workshop, actor, "contributions", ["participation_open"], open=open_)


@transaction.atomic
def set_vote(workshop: Workshop, open_: bool, *, actor, expected: str | None = None):
    workshop = _locked(workshop, expected)
    if open_:
        participation.open_vote(workshop, actor=actor)
        workshop.live_stage = LiveStage.VOTE
        return _save(workshop, actor, "stage", ["live_stage"], stage=LiveStage.VOTE)
    if workshop.vote_status != VoteStatus.OPEN:
        raise LiveError(_("The vote is not open."))
    participation.close_vote(workshop, actor=actor)
    return workshop


@transaction.atomic
def set_results(workshop: Workshop, shown: bool, *, actor, expected: str | None = None):
    workshop = _locked(workshop, expected)
    workshop.results_revealed = shown
    fields = ["results_revealed"]
    if shown:
        workshop.live_stage = LiveStage.RESULTS
        fields.append("live_stage")
    return _save(workshop, actor, "results", fields, shown=shown)


@transaction.atomic
def timer(workshop: Workshop, command: str, *, actor, seconds=None, expected: str | None = None):
    """``start`` (with ``seconds``, else the duration set), ``pause``, ``resume``, ``reset``."""
    workshop = _locked(workshop, expected)
    now = timezone.now()
    if command == "start":
        if seconds is not None:
            if not 0 < seconds <= MAX_TIMER_SECONDS:
                raise LiveError(_("Give a duration between 1 second and 4 hours."))
            workshop.timer_seconds = seconds
        if not workshop.timer_seconds:
            raise LiveError(_("Give the timer a duration first."))
        workshop.timer_ends_at = now + dt.timedelta(seconds=workshop.timer_seconds)
        workshop.timer_remaining = None
    elif command == "pause":
        if workshop.timer_ends_at is None:
            raise LiveError(_("The timer is not running."))
        workshop.timer_remaining = timer_left(workshop, now)
        workshop.timer_ends_at = None
    elif command == "resume":
        if workshop.timer_ends_at is not None or workshop.timer_remaining is None:
            raise LiveError(_("The timer is not paused."))
        workshop.timer_ends_at = now + dt.timedelta(seconds=workshop.timer_remaining)
        workshop.timer_remaining = None
    elif command == "reset":
        workshop.timer_ends_at = None
        workshop.timer_remaining = None
    else:
        raise LiveError(_("This is not a command of the timer."))
    fields = ["timer_seconds", "timer_ends_at", "timer_remaining"]
    return _save(workshop, actor, "timer", fields, command=command)


@transaction.atomic
def set_next_steps(workshop: Workshop, text: str, *, actor, expected: str | None = None):
    workshop = _locked(workshop, expected)
    workshop.next_steps = text.strip()[:2000]
    return _save(workshop, actor, "next_steps", ["next_steps"])
