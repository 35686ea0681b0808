from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essor.core.text import fold
from essor.core.tokens import CalendarLink
from essor.territories.models import Territory


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    ONGOING = "ongoing", _("ongoing")
    FOLLOW_UP = "follow_up", _("follow-up")
    CLOSED = "closed", _("closed")


class ProcessQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def matching(self, query: str):
        """Processes whose title has every word of ``query``, or on a territory it names.

        A territory matches by name or code (Territory.objects.search); a commune also
        brings the processes of its EPCI, département and région, so that someone typing
        their commune finds the intercommunal process that covers it.
        """
        if not query.split():
            return self
        by_title = models.Q()
        # Accents and case aside: "economie" finds "Économie sociale et solidaire".
        for word in fold(query).split():
            by_title &= models.Q(search_title__contains=word)
        places = Territory.objects.search(query).order_by()
        covering = models.Q(territories__in=places.values("pk"))
        for level in ("epci", "departement", "region"):
            covering |= models.Q(
                territories__in=places.filter(**{f"{level}__isnull": False}).values(level)
            )
        return self.filter(pk__in=self.model.objects.filter(by_title | covering).values("pk"))


class Process(CalendarLink):
    """One co-construction effort (démarche) for one or more territories."""

    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("workspace"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    title = models.CharField(_("title"), max_length=250)
    # The title folded (lower case, no accents), for the search: kept by save().
    search_title = models.CharField(
        max_length=250, editable=False, blank=True, default="", db_default=""
    )
    template = models.ForeignKey(
        "methods.MethodTemplate",
        verbose_name=_("method template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="processes",
    )
    territories = models.ManyToManyField(
        "territories.Territory", verbose_name=_("territories"), related_name="processes"
    )
    ambition = models.TextField(_("political ambition"), blank=True)  # sanitised HTML
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Visible to anyone, without an account.")
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("directory of the process"),
        blank=True,
        related_name="processes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_title"}
        super().save(*args, **kwargs)


class Phase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    typical_duration_weeks = models.PositiveSmallIntegerField(
        _("typical duration (weeks)"), null=True, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "order", "id"]

    def __str__(self):
        return self.name


class WorkshopTemplate(models.Model):
    """A workshop planned by the method, copied into the process."""

    class Audience(models.TextChoices):
        DEPARTMENTS = "departments", _("departments of the authority")
        ACTORS = "actors", _("ESS actors")
        JOINT = "joint", _("joint (departments and actors)")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="workshop_templates"
    )
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="workshop_templates"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    objectives = models.TextField(_("objectives"), blank=True)
    questions = models.JSONField(_("guiding questions"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)

    class Meta:
        verbose_name = _("workshop template")
        verbose_name_plural = _("workshop templates")
        ordering = ["process", "order", "id"]

    def __str__(self):
        return self.title


class Deliverable(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="deliverables")
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliverables"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["process", "order", "id"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("facilitator")
    COMMITTEE_MEMBER = "committee_member", _("committee member")
    CONTRIBUTOR = "contributor", _("contributor")


class Membership(models.Model):
    """A user's role in a process; one role per user and process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["process", "user"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.process}"
