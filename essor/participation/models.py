from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# unknown_token_hash is named by migration 0004 (the field's default).
from essor.core.tokens import hash_token, new_token, unknown_token_hash  # noqa: F401


class ParticipantQuerySet(models.QuerySet):
    def present(self):
        """Participants not removed by a facilitator."""
        return self.filter(removed_at__isnull=True)


class Participant(models.Model):
    """Someone who joined a workshop with its code, without an account.

    Identified by a secret token kept in their browser, of which only the hash
    is stored (a copy of the database opens no participant's page); the name is
    optional (a first name or a pseudonym), so a participant may stay anonymous.
    """

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="participants"
    )
    token_hash = models.CharField(
        max_length=64, unique=True, default=unknown_token_hash, editable=False
    )
    name = models.CharField(_("name or pseudonym"), max_length=80, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Keyed hashes (never the raw values): the browser that joined, so that it gets
    # this participant back if it joins again, and the client address it joined
    # from, which gives the facilitator signals of ballot stuffing.
    browser_key = models.CharField(max_length=32, blank=True, default="", editable=False)
    address_key = models.CharField(max_length=32, blank=True, default="", editable=False)
    # Set when a facilitator removes the participant: the row stays, so that the
    # browser that joined (browser_key) or holds its cookie is refused instead of
    # joining again as a new participant; clearing it reinstates them.
    removed_at = models.DateTimeField(_("removed on"), null=True, blank=True, editable=False)
    # Idempotency of a phone's retries (services.put_dots, add_participant_idea): the
    # last sequence number applied per idea ({"<idea id>": seq}: a late or replayed
    # "+"/"−" with a smaller or equal number changes nothing), and the keyed hashes
    # of the last idea forms' tokens (an idea form sent twice adds one idea).
    vote_seqs = models.JSONField(default=dict, blank=True, editable=False)
    # When the phone last polled the page (written at most every SEEN_EVERY seconds):
    # the console counts the phones connected.
    idea_keys = models.JSONField(default=list, blank=True, editable=False)
    # Last poll of the participant's phone (written at most every SEEN_EVERY seconds by
    # the phone's poll; joining counts as being seen, so the first polls write nothing):
    # the facilitator console counts the phones seen in the last 30 s.
    last_seen_at = models.DateTimeField(
        null=True, blank=True, editable=False, db_index=True, default=timezone.now
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["workshop", "id"]
        indexes = [
            models.Index(fields=["workshop", "browser_key"], name="participant_browser"),
        ]

    def __str__(self):
        return self.name or _("anonymous participant")

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    def issue_token(self) -> str:
        """A new token for this participant's browser; the old one stops working.
        The raw token is only on this instance (``token``), for the cookie."""
        self.token = new_token()
        self.token_hash = hash_token(self.token)
        return self.token


class Vote(models.Model):
    """Dots (dot voting) or a score from 1 to 5 given by a participant to a contribution."""

    contribution = models.ForeignKey(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="votes"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    points = models.PositiveSmallIntegerField(_("points"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "participant"], name="vote_unique"),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="vote_points_positive"),
        ]

    def __str__(self):
        return f"{self.participant} → {self.contribution_id}: {self.points}"
