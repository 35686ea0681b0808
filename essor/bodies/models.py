from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    STEERING = "steering", _("steering committee (COPIL)")
    TECHNICAL = "technical", _("technical committee (COTECH)")
    FOLLOW_UP = "follow_up", _("follow-up committee")
    WORKING_GROUP = "working_group", _("working group")
    OTHER = "other", _("other body")


class Body(models.Model):
    """A governance body of a process: COPIL, COTECH, follow-up committee..."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    mission = models.TextField(_("mission"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # A working group set up after the vote follows one axis of the validated plan; the
    # follow-up shows it beside that axis in every version (Axis.lineage).
    axis = models.ForeignKey(
        "plans.Axis",
        verbose_name=_("axis of the plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["process", "order", "id"]

    def __str__(self):
        return self.short_name or self.name


class BodyMember(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="body_memberships"
    )
    role = models.CharField(_("role in the body"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        ordering = ["body", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "person"], name="body_member_unique")
        ]

    def __str__(self):
        return f"{self.person} ({self.body})"
