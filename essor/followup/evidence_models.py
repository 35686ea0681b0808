"""What the follow-up keeps beside the reports: the plan's publication settings, the
funders' amounts received, the evidence attached to a report and the committee's comments.

Imported by ``models.py`` so that Django registers them; like the reports, every entry is
kept with its author and date and never changed afterwards.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000


class FollowupSettings(models.Model):
    """How a plan's follow-up is published (a plan without settings uses the defaults)."""

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="followup_settings"
    )
    notes_public_by_default = models.BooleanField(
        _("progress notes are public by default"), default=False
    )
    budgets_public = models.BooleanField(_("budgets are published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self):
        return str(self.plan)


class FundingReceipt(models.Model):
    """An amount a funder paid for an action in a year (an entry: a correction is another)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="funding_receipts"
    )
    lineage = models.UUIDField(db_index=True)
    action = models.ForeignKey(
        "plans.Action", null=True, on_delete=models.SET_NULL, related_name="funding_receipts"
    )
    funder = models.CharField(_("funder"), max_length=200)
    amount = models.DecimalField(_("amount received (€)"), max_digits=12, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("year"))
    received_on = models.DateField(_("date received"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funding received")
        verbose_name_plural = _("funding received")
        ordering = ["process", "lineage", "year", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="followup_funding_amount_positive"
            )
        ]

    def __str__(self):
        return f"{self.funder} {self.year}"


class ReportAttachment(models.Model):
    """Evidence of a progress report, kept in the database like the plan's attachments:
    served only through a permission check."""

    report = models.ForeignKey(
        "followup.ProgressReport", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self):
        return self.title


class FollowupComment(models.Model):
    """A committee member's (or a facilitator's) comment on an action's follow-up."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="followup_comments"
    )
    lineage = models.UUIDField(db_index=True)
    action = models.ForeignKey(
        "plans.Action", null=True, on_delete=models.SET_NULL, related_name="followup_comments"
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up comment")
        verbose_name_plural = _("follow-up comments")
        ordering = ["process", "lineage", "created_at", "id"]

    def __str__(self):
        return self.text[:50]
