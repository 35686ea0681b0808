"""Reporting campaigns: a year's call to the pilots of a plan, and each pilot's personal link.

A campaign covers one year of a validated plan, has a deadline and concerns either all the
actions the plan retained or a chosen few. Each pilot reached by e-mail gets one
``CampaignLink`` listing all of their actions of the campaign. Only the hash of the link's
token is stored: every mail carries a fresh token (the previous link stops working), since
the raw token cannot be read back to be sent again.

A link opens while its campaign is open and at most ``LINK_GRACE_DAYS`` after the deadline;
closing the campaign ends every link at once (the year's figures are then frozen in the
campaign's snapshot, so reports made later would not count anyway).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.core.tokens import hash_token, new_token, unknown_token_hash

LINK_GRACE_DAYS = 30
MESSAGE_MAX_LENGTH = 3000


class CampaignQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Campaign(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("year covered"))
    deadline = models.DateField(_("deadline"))
    message = models.TextField(
        _("message to the pilots"), max_length=MESSAGE_MAX_LENGTH, blank=True
    )
    # True: every action the plan retained; False: the ``actions`` chosen.
    all_actions = models.BooleanField(_("all retained actions"), default=True)
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The year's figures when it closed (summary.summary_contract): later edits never change them.
    snapshot = models.JSONField(null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting campaign")
        verbose_name_plural = _("reporting campaigns")
        ordering = ["-year", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                condition=models.Q(closed_at__isnull=True),
                name="followup_one_open_campaign_per_plan_and_year",
            )
        ]

    def __str__(self):
        return f"{self.plan} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def links_end(self) -> dt.date:
        return self.deadline + dt.timedelta(days=LINK_GRACE_DAYS)

    def is_late_on(self, day: dt.date) -> bool:
        return day > self.deadline

    def concerned_actions(self):
        """The actions of the campaign (the plan's retained ones, or those chosen)."""
        actions = self.plan.actions.retained()
        if not self.all_actions:
            actions = actions.filter(pk__in=self.actions.values("pk"))
        return actions


class CampaignLink(models.Model):
    """One pilot's personal link to report on all of their actions of a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    # A person of the directory (erasing them erases their links), or only a name and address.
    person = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    actions = models.ManyToManyField("plans.Action", related_name="+")
    token_hash = models.CharField(
        max_length=64, default=unknown_token_hash, unique=True, editable=False
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # What was sent, so that a reminder is never sent twice by the daily command.
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campaign link")
        verbose_name_plural = _("campaign links")
        ordering = ["campaign", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email"], name="followup_one_link_per_address"
            )
        ]

    def __str__(self):
        return f"{self.campaign} — {self.name}"

    def issue_token(self) -> str:
        """A new link's token (the previous link stops working once saved)."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.issued_at = timezone.now()
        self.revoked_at = None
        return token

    def revoke(self) -> None:
        self.token_hash = unknown_token_hash()
        self.revoked_at = timezone.now()

    def opens_on(self, day: dt.date) -> bool:
        return (
            self.revoked_at is None
            and self.issued_at is not None
            and self.campaign.is_open
            and day <= self.campaign.links_end
        )
