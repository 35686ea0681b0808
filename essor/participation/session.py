"""What a participant's phone shows of the live session the facilitator runs from
the console: the question on the projector, whether ideas and the vote are open,
the timer, the closing text and, once the facilitator reveals them, the results.

The phone polls with the key of what it shows (``SessionView.key``) and gets an
empty answer while it is unchanged (live_views.live). The key is a readable
version, not an opaque hash, so that the answer can say in one sentence what has
changed (``what_changed``): that sentence goes into the page's status region,
read out by screen readers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from essor.participation import services
from essor.workshops.live import timer_left
from essor.workshops.models import LiveStage, Question, VoteStatus, Workshop

RESULTS_SHOWN = 10  # rows of the results on a phone
KEY_PARTS = 7


def _digest(*values) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=3).hexdigest()


def minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class SessionView:
    """The session as a phone shows it (read from the workshop's row, plus the
    results when revealed: one query; the question's text is read only to render)."""

    workshop: Workshop
    results: list = field(default_factory=list)
    _key: str | None = field(default=None, init=False, repr=False)

    @classmethod
    def of(cls, workshop: Workshop) -> SessionView:
        rows = services.results(workshop)[:RESULTS_SHOWN] if workshop.results_revealed else []
        return cls(workshop, rows)

    @property
    def timer_running(self) -> bool:
        return self.workshop.timer_ends_at is not None

    @property
    def timer_shown(self) -> bool:
        return bool(self.workshop.timer_seconds) or self.timer_running

    def key(self) -> str:
        """stage.question.ideas.vote.results.timer.rest: the version the phone polls with
        (worked out once: the poll, the page's context and ``what_changed`` all ask)."""
        if self._key is None:
            self._key = self._make_key()
        return self._key

    def _make_key(self) -> str:
        workshop = self.workshop
        timer = (workshop.timer_seconds, workshop.timer_ends_at, workshop.timer_remaining)
        rows = [(row.pk, row.text, row.vote_points, row.voter_count) for row in self.results]
        return ".".join(
            [
                str(workshop.live_stage),
                str(workshop.current_question_id or 0),
                "1" if workshop.participation_open else "0",
                str(workshop.vote_status),
                "1" if workshop.results_revealed else "0",
                _digest(*timer),
                _digest(workshop.next_steps, rows),
            ]
        )

    def question(self) -> Question | None:
        return self.workshop.current_question if self.workshop.current_question_id else None

    def context(self, news: str = "") -> dict:
        workshop = self.workshop
        left = timer_left(workshop)
        return {
            "workshop": workshop,
            "session_key": self.key(),
            "session_news": news,
            "current_question": self.question(),
            "closing": workshop.live_stage == LiveStage.CLOSING,
            "vote_open": workshop.vote_status == VoteStatus.OPEN,
            "timer_shown": self.timer_shown,
            "timer_running": self.timer_running,
            "timer_left": left,
            "timer_text": minutes_seconds(left),
            "results": self.results,
        }


def what_changed(before: str, view: SessionView, question: Question | None) -> str:
    """One sentence saying what changed between the key a phone showed and now;
    "" when the phone showed nothing known (first load, junk)."""
    old = before.split(".")
    new = view.key().split(".")
    if len(old) != KEY_PARTS:
        return ""
    stage, question_id, ideas, vote, results, timer, _rest = range(KEY_PARTS)
    workshop = view.workshop
    said = []
    if old[question_id] != new[question_id] and question is not None:
        said.append(_("New question: %(question)s") % {"question": question.text})
    if old[stage] != new[stage] and workshop.live_stage == LiveStage.CLOSING:
        said.append(_("The session is ending: see what comes next."))
    if old[ideas] != new[ideas]:
        said.append(
            _("You may add ideas.") if workshop.participation_open else _("Adding ideas is closed.")
        )
    if old[vote] != new[vote]:
        said.append(
            {
                VoteStatus.OPEN: _("The vote is open."),
                VoteStatus.CLOSED: _("The vote is closed."),
            }.get(workshop.vote_status, _("The vote has not started."))
        )
    if old[results] != new[results]:
        shown = workshop.results_revealed
        said.append(_("The results are shown.") if shown else _("The results are hidden."))
    if old[timer] != new[timer] and view.timer_shown:
        left = minutes_seconds(timer_left(workshop))
        said.append(
            _("The timer is running: %(time)s left.") % {"time": left}
            if view.timer_running
            else _("The timer is stopped at %(time)s.") % {"time": left}
        )
    return " ".join(said)
