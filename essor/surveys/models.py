"""Online surveys of the territory's ESS actors.

Anonymity is a property of the survey: when ``anonymous`` is set, a response
keeps no link to its respondent anywhere (no person, no token, no IP, and
only the day of submission). Personal tokens then only record that they were
used, never when nor by which response.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from essor.core.tokens import hash_token, new_token, unknown_token_hash


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "draft")
    OPEN = "open", pgettext_lazy("survey status", "open")
    CLOSED = "closed", pgettext_lazy("survey status", "closed")


class Survey(models.Model):
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    public_link_enabled = models.BooleanField(
        _("answerable through a public link"),
        default=True,
        help_text=_("Anyone with the link may answer. Personal links work in any case."),
    )
    public_token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_("No link between an answer and its respondent is kept, not even the time."),
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["process", "-created_at", "id"]

    def __str__(self):
        return self.title

    def availability(self, today: dt.date | None = None) -> str:
        """ "open", or why a respondent cannot answer: "draft", "not_yet", "closed"."""
        today = today or timezone.localdate()
        if self.status == SurveyStatus.DRAFT:
            return "draft"
        if self.status == SurveyStatus.CLOSED or (self.closes_on and today > self.closes_on):
            return "closed"
        if self.opens_on and today < self.opens_on:
            return "not_yet"
        return "open"

    @property
    def has_responses(self) -> bool:
        return self.responses.exists()


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale")
    RANKING = "ranking", _("ranking")
    SHORT_TEXT = "short_text", _("short free text")
    LONG_TEXT = "long_text", _("long free text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SCALE_RANGES = {"1-5": (1, 5), "0-10": (0, 10)}


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    required = models.BooleanField(_("answer required"), default=False)
    has_other = models.BooleanField(
        _("“Other” option with a free text"),
        default=False,
        help_text=_("For single and multiple choice questions."),
    )
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=80, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=80, blank=True)
    # Shown only when this choice (of an earlier choice question) was selected.
    condition_choice = models.ForeignKey(
        "Choice",
        verbose_name=_("show only if the answer is"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependent_questions",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "id"]

    def __str__(self):
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(_("choice"), max_length=200)

    class Meta:
        ordering = ["question", "order", "id"]

    def __str__(self):
        return self.label


class Invitation(models.Model):
    """A personal link to a survey for one person of the directory, usable once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    # Erasing a person (RGPD) erases their invitations.
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    # Only the hash of the link's token: the link is given once, when it is made.
    token_hash = models.CharField(
        max_length=64, default=unknown_token_hash, unique=True, editable=False
    )
    # When the current link was given (created or renewed).
    issued_at = models.DateTimeField(_("link given on"), default=timezone.now)
    is_used = models.BooleanField(_("used"), default=False)
    # Left empty for anonymous surveys: a date could be matched with a response.
    used_on = models.DateField(null=True, blank=True)
    # When Essor e-mailed the link, and when it sent the one reminder (surveys.mailing).
    sent_at = models.DateTimeField(_("e-mailed on"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminded on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="one_invitation_per_person")
        ]
        ordering = ["survey", "person__last_name", "person__first_name", "id"]

    def __str__(self):
        return f"{self.survey} — {self.person}"

    def issue_token(self) -> str:
        """A new link's token (the previous link stops working once saved)."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.issued_at = timezone.now()
        return token


class Response(models.Model):
    """One submitted questionnaire. Only the day is kept, never the time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("submitted on"))
    # Null for anonymous surveys and public links; cut when the person is erased.
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["survey", "id"]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")
    other_text = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    # Choice ids, best ranked first.
    ranking = models.JSONField(null=True, blank=True)
    # Set when a facilitator turned this free-text answer into a contribution.
    contribution = models.ForeignKey(
        "contributions.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_answers",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
        ordering = ["response", "question__order", "id"]

    def __str__(self):
        return f"{self.response} — {self.question}"
