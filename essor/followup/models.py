"""The follow-up of a validated plan: progress reports on its actions, indicator values.

Both are kept as entries: a correction is a new entry, nothing is overwritten,
and the current state (of an action for a year, of an indicator for a year) is
the latest entry. Reports are keyed by the action's ``lineage`` and values by the
indicator's, which an amended version of the plan shares with the voted one: the
history carries over.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOTE_MAX_LENGTH = 2000


class ProgressStatus(models.TextChoices):
    # A context: the workshops' "not started" is masculine (pas commencé), an action is not.
    NOT_STARTED = "not_started", pgettext_lazy("implementation status", "not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    PAUSED = "paused", _("paused")
    BLOCKED = "blocked", _("blocked")
    ABANDONED = "abandoned", _("abandoned")


# An action in one of these states can no longer be late.
FINISHED_STATUSES = {ProgressStatus.DONE, ProgressStatus.ABANDONED}


class ProgressReportQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """Reports on the actions of ``plan``, whichever version of the plan they were made on
        (same process, same lineage)."""
        return self.filter(process_id=plan.process_id, lineage__in=plan.actions.values("lineage"))

    def chronological(self):
        return self.order_by("year", "created_at", "id")


class ProgressReport(models.Model):
    """One report on an action for one year, by a named author, never changed afterwards."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="progress_reports"
    )
    lineage = models.UUIDField(db_index=True)
    # The version's action it was written on (the lineage is the identity that matters).
    action = models.ForeignKey(
        "plans.Action", null=True, on_delete=models.SET_NULL, related_name="progress_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.TextField(_("progress note"), max_length=NOTE_MAX_LENGTH, blank=True)
    note_is_public = models.BooleanField(_("public note"), default=False)
    spent_operating = models.DecimalField(
        _("operating spent (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    spent_investment = models.DecimalField(
        _("investment spent (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who reported when there is no account (a pilot's personal link, a later slice).
    author_label = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["process", "lineage", "year", "created_at", "id"]
        indexes = [models.Index(fields=["process", "lineage", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="followup_report_progress_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(spent_operating__isnull=True) | models.Q(spent_operating__gte=0),
                name="followup_report_spent_operating_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(spent_investment__isnull=True)
                | models.Q(spent_investment__gte=0),
                name="followup_report_spent_investment_positive",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_status_display()}"

    @property
    def author_name(self) -> str:
        if self.author_id:
            return self.author.full_name or self.author.email
        return self.author_label


class ValueKind(models.TextChoices):
    RESULT = "result", _("result")
    ESTIMATE = "estimate", _("estimate")


class IndicatorValueQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(indicator__action__plan=plan)


class IndicatorValue(models.Model):
    """A value of an indicator for a year (a result or an estimate), kept as an entry."""

    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="values"
    )
    # The indicator whatever the version of the plan (Indicator.lineage), in its process:
    # an amended version reads the values measured on the voted one. Set from ``indicator``.
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="+", editable=False
    )
    lineage = models.UUIDField(editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    kind = models.CharField(
        _("kind"), max_length=8, choices=ValueKind.choices, default=ValueKind.RESULT
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=250, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "created_at", "id"]
        indexes = [
            models.Index(fields=["indicator", "year", "created_at"]),
            models.Index(fields=["process", "lineage", "year"]),
        ]

    def __str__(self):
        return f"{self.year}: {self.value}"

    def save(self, *args, **kwargs):
        if self.lineage is None or self.process_id is None:
            from essor.plans.models import Indicator

            indicator = Indicator.objects.select_related("action__plan").get(pk=self.indicator_id)
            self.lineage = indicator.lineage
            self.process_id = indicator.action.plan.process_id
        super().save(*args, **kwargs)


# The reporting campaigns' models live in their own module (imported here for Django).
from essor.followup.campaign_models import Campaign, CampaignLink  # noqa: E402, F401

# Publication settings, funding, evidence and comments (issue 10, items 1, 3 and 9).
from essor.followup.evidence_models import (  # noqa: E402, F401
    FollowupComment,
    FollowupSettings,
    FundingReceipt,
    ReportAttachment,
)
