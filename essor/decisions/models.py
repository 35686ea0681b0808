from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    VALIDATED = "validated", _("validated")
    TO_REWORK = "to_rework", _("to be reworked")
    REJECTED = "rejected", _("rejected")
    NOTED = "noted", _("noted")


class DecisionQuerySet(models.QuerySet):
    def about(self, obj):
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(subject_type=ct, subject_id=str(obj.pk))


class Decision(models.Model):
    """What a body decided, about which object, when (reused to validate plans)."""

    body = models.ForeignKey(
        "bodies.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    decided_on = models.DateField(_("date of the decision"))
    summary = models.TextField(_("what was decided"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    # The object decided upon (a plan version later); free label when none.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("about"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]

    def __str__(self):
        return f"{self.body} {self.decided_on}: {self.summary[:60]}"
