from django.conf import settings
from django.db import models
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from essor.core.text import fold

# Beyond this, a "contribution" is a document, not an idea: refused with a message.
TEXT_MAX_LENGTH = 2000


class ContributionKind(models.TextChoices):
    """What an idea is, with the keyboard shortcut used on the capture board."""

    OBSERVATION = "observation", _("observation")
    NEED = "need", _("need")
    OBSTACLE = "obstacle", _("obstacle")
    LEVER = "lever", _("lever")
    STRENGTH = "strength", _("strength")
    WEAKNESS = "weakness", _("weakness")
    IDEA = "idea", _("action idea")


KIND_SHORTCUTS = {
    "c": ContributionKind.OBSERVATION,  # constat
    "b": ContributionKind.NEED,  # besoin
    "f": ContributionKind.OBSTACLE,  # frein
    "l": ContributionKind.LEVER,  # levier
    "a": ContributionKind.STRENGTH,  # atout
    "p": ContributionKind.WEAKNESS,  # point faible
    "i": ContributionKind.IDEA,  # idée d'action
}


class ContributionSource(models.TextChoices):
    CAPTURE = "capture", _("captured during the workshop")
    PARTICIPANT = "participant", _("added by a participant")
    NOTES = "notes", _("imported from raw notes")
    SURVEY = "survey", _("survey answer")
    MANUAL = "manual", _("added by hand")
    ONLINE = "online", _("sent online")


class ContributionStatus(models.TextChoices):
    """Where a contribution sent online stands; every other one is accepted from the start."""

    PENDING = "pending", _("awaiting moderation")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", pgettext_lazy("contribution", "rejected")
    MERGED = "merged", _("merged into another contribution")


class ContributionQuerySet(models.QuerySet):
    def with_votes(self):
        """Annotate ``vote_points`` (dots or summed scores) and ``voter_count``."""
        return self.annotate(
            vote_points=Coalesce(Sum("votes__points"), 0),
            voter_count=Count("votes", distinct=True),
        )

    def kept(self):
        """What the synthesis, the plan and the public see: accepted and not withdrawn."""
        return self.filter(is_withdrawn=False, status=ContributionStatus.ACCEPTED)

    def accepted(self):
        return self.filter(status=ContributionStatus.ACCEPTED)

    def pending(self):
        return self.filter(status=ContributionStatus.PENDING)

    def search(self, query: str):
        """Every word of ``query`` in the text or theme, accent- and case-insensitive."""
        contributions = self
        for word in fold(query).split()[:8]:
            contributions = contributions.filter(search_text__contains=word)
        return contributions


class Contribution(models.Model):
    """One idea said or written during the process; its origin is kept forever.

    Later issues attach contributions to synthesis themes and to actions of
    the plan, so a contribution is never deleted by those: it is withdrawn.
    """

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="contributions"
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    question = models.ForeignKey(
        "workshops.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    # Set by the surveys app when a free-text answer becomes a contribution.
    survey_answer_label = models.CharField(_("survey answer"), max_length=300, blank=True)
    source = models.CharField(
        _("origin"),
        max_length=12,
        choices=ContributionSource.choices,
        default=ContributionSource.MANUAL,
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ContributionKind.choices, default=ContributionKind.IDEA
    )
    text = models.TextField(_("text"))
    # fold(text + theme), kept by save() for accent-insensitive search on any database.
    search_text = models.TextField(editable=False, blank=True, default="")
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    author_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("author organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    # Personal link, cut (SET_NULL) when the person is erased (RGPD).
    author_person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    participant = models.ForeignKey(
        "participation.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    # Contributions sent online between workshops: what the contributor said of themselves
    # (free text, never matched to the directory by itself) and the moderation.
    organisation_name = models.CharField(_("organisation (as given)"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ContributionStatus.choices,
        default=ContributionStatus.ACCEPTED,
        db_default=ContributionStatus.ACCEPTED,
        db_index=True,
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_contributions",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # When the facilitators were told of it (one batched e-mail for the pending ones).
    notified_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["process", "workshop", "question__order", "order", "id"]
        indexes = [models.Index(fields=["process", "workshop", "created_at"])]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.text} {self.theme}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"text", "theme"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
