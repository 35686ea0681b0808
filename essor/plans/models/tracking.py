"""What happens around an action: its change history, comments, reorientations, submissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionChange(models.Model):
    """One field of one action changed: who, when, old and new value (as shown to people)."""

    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    # The action's version this change produced (lets a conflict list what others changed).
    version = models.PositiveIntegerField()
    field = models.CharField(_("field"), max_length=50)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        verbose_name = _("change of an action")
        verbose_name_plural = _("changes of actions")
        ordering = ["action", "-changed_at", "-id"]

    def __str__(self):
        return f"{self.action_id} {self.field} v{self.version}"


class Comment(models.Model):
    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["action", "created_at", "id"]

    def __str__(self):
        return self.text[:60]


class ReorientationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Reorientation(models.Model):
    """A change of direction proposed by the technical committee; the facilitator decides."""

    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, related_name="reorientations"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal = models.TextField(_("proposed reorientation"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReorientationStatus.choices,
        default=ReorientationStatus.PENDING,
    )
    response = models.TextField(_("response"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reorientation")
        verbose_name_plural = _("reorientations")
        ordering = ["action", "created_at", "id"]

    def __str__(self):
        return self.proposal[:60]


class Submission(models.Model):
    """A plan version sent to a body; the body's answer is a decisions.Decision."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="submissions")
    body = models.ForeignKey(
        "bodies.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.OneToOneField(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_submission",
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["plan", "submitted_at", "id"]

    def __str__(self):
        return f"{self.plan} → {self.body}"


class Attachment(models.Model):
    """A file attached to an action (a budget table, a study...).

    Kept in the database: private by construction (served only through a
    permission check), no storage to configure, copied with the plan. The
    upload limit (ESSOR_UPLOAD_MAX_BYTES, 10 MB) keeps that reasonable.
    """

    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="attachments")
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
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["action", "uploaded_at", "id"]

    def __str__(self):
        return self.title
