"""The plan of a process (one row per version or scenario), its axes and its list of levers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The tools French authorities commonly use as levers (seeded per process, then editable).
COMMON_LEVERS = [
    _("Call for projects"),
    _("Equity stake in a SCIC"),
    _("Multi-year funding agreement"),
    _("Responsible public procurement"),
    _("A place or third place"),
    _("A network of actors"),
    _("A digital platform"),
    _("Training of elected officials and staff"),
    _("An observatory"),
    _("An event"),
]


class PlanKind(models.TextChoices):
    VERSION = "version", _("version")
    SCENARIO = "scenario", _("scenario")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted to a body")
    TO_REWORK = "to_rework", _("to be reworked")
    # A technical committee's opinion: the plan still awaits the steering committee.
    FAVOURABLE = "favourable", _("favourable opinion")
    VALIDATED = "validated", _("validated")


class CouncilResult(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    POSTPONED = "postponed", _("postponed")


class Plan(models.Model):
    """One version or named scenario of a process's action plan (feuille de route).

    A scenario or a new version is a full copy (scenarios.duplicate_plan);
    actions keep a ``lineage`` shared with their copies so two plans can be
    compared action by action. A validated plan is frozen: read-only for good.
    """

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE, related_name="plans")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PlanKind.choices, default=PlanKind.VERSION
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    introduction = models.TextField(_("introduction"), blank=True)
    follow_up = models.TextField(
        _("follow-up arrangements"),
        blank=True,
        help_text=_("Working groups per axis, yearly follow-up committee, reporting..."),
    )
    mandate_start = models.PositiveSmallIntegerField(_("first year of the mandate"), default=2026)
    mandate_end = models.PositiveSmallIntegerField(_("last year of the mandate"), default=2032)
    frozen_at = models.DateTimeField(_("frozen on"), null=True, blank=True)
    # The synthesis themes as the roadmap showed them when the plan was frozen (letter,
    # title, summary, contribution count): renaming or replacing themes later must not
    # change a validated plan. None while the plan follows the live synthesis.
    frozen_synthesis = models.JSONField(null=True, blank=True, editable=False)
    # The rest of what the roadmap documents (diagnostic, phases, meetings, contribution
    # counts) as it was when the plan was frozen (essor.plans.roadmap_facts).
    frozen_roadmap = models.JSONField(null=True, blank=True, editable=False)
    council_vote_date = models.DateField(_("date of the council vote"), null=True, blank=True)
    council_vote_result = models.CharField(
        _("result of the council vote"), max_length=10, choices=CouncilResult.choices, blank=True
    )
    council_vote_note = models.CharField(_("vote details"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["process", "-created_at", "-id"]

    def __str__(self):
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Axis(models.Model):
    """A heading of the plan; an axis may hold sub-axes (two levels)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent axis"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    number = models.CharField(
        _("number or letter"), max_length=10, blank=True, help_text=_("For example 1, 2.1 or A.")
    )
    title = models.CharField(_("title"), max_length=250)
    vision = models.TextField(_("vision"), blank=True)
    # The same axis in every version of the plan (copied like Action.lineage): a working
    # group set up for an axis of the voted plan follows it into an amended version.
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


class Lever(models.Model):
    """A tool an action uses (call for projects, SCIC stake...); editable list per process."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="plan_levers"
    )
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("lever")
        verbose_name_plural = _("levers")
        ordering = ["process", "order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="plans_lever_unique")
        ]

    def __str__(self):
        return self.name


class PublicPageVersion(models.Model):
    """A number raised whenever something the public roadmap of a process shows is saved
    (its plans and, through their hooks, higher apps' entries such as progress reports):
    the public page is cached under it, so a change shows on the next request."""

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("public page version")
        verbose_name_plural = _("public page versions")

    def __str__(self):
        return f"{self.process_id}: {self.number}"
