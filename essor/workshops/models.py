import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Short codes typed on a phone: no 0/O, 1/I/L confusion.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class VoteMode(models.TextChoices):
    DOTS = "dots", _("dot voting")
    SCALE = "scale", _("scale from 1 to 5")


class VoteStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    OPEN = "open", _("open")
    # A context of its own: "closed" of a process ("clôturée") would win otherwise.
    CLOSED = "closed", pgettext_lazy("vote status", "closed")


class LiveStage(models.TextChoices):
    """What the projector shows during the session."""

    WELCOME = "welcome", _("welcome (code to join)")
    QUESTION = "question", _("current question and its ideas")
    VOTE = "vote", _("vote")
    RESULTS = "results", _("results")
    CLOSING = "closing", _("closing slide")


class Workshop(models.Model):
    """A workshop of a process, where contributions are captured and prioritised."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="workshops"
    )
    # Its entry in the calendar (date, place, invitations, attendance).
    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("calendar entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop",
    )
    template = models.ForeignKey(
        "processes.WorkshopTemplate",
        verbose_name=_("workshop template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    join_code = models.CharField(
        _("join code"), max_length=12, unique=True, default=new_join_code, editable=False
    )
    participation_open = models.BooleanField(
        _("participants may add ideas"),
        default=True,
        help_text=_("Participants who joined with the code may add their own ideas."),
    )
    vote_mode = models.CharField(
        _("prioritisation"), max_length=8, choices=VoteMode.choices, default=VoteMode.DOTS
    )
    dots_per_participant = models.PositiveSmallIntegerField(_("dots per participant"), default=3)
    vote_status = models.CharField(
        _("vote"), max_length=12, choices=VoteStatus.choices, default=VoteStatus.NOT_STARTED
    )
    # The live session, driven from the facilitator console and shown on the projector
    # and the phones: the stage on screen, the question being worked on, whether the
    # vote's results are shown, the timer and the closing slide's text.
    live_stage = models.CharField(
        _("on screen"),
        max_length=10,
        choices=LiveStage.choices,
        default=LiveStage.WELCOME,
        db_default=LiveStage.WELCOME,
    )
    current_question = models.ForeignKey(
        "workshops.Question",
        verbose_name=_("current question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_revealed = models.BooleanField(
        _("results shown to participants"), default=False, db_default=False
    )
    timer_seconds = models.PositiveIntegerField(
        _("timer duration (seconds)"), default=0, db_default=0
    )
    # Set while the timer runs; when paused, timer_remaining keeps what was left.
    timer_ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    timer_remaining = models.PositiveIntegerField(null=True, blank=True, editable=False)
    next_steps = models.TextField(
        _("what comes next"),
        blank=True,
        db_default="",
        help_text=_("Shown on the closing slide: the next meeting, where the results will be."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["process", "date", "id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    """A guiding question of a workshop; contributions are grouped under it."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        ordering = ["workshop", "order", "id"]

    def __str__(self):
        return self.text
