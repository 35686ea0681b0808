"""The action sheet (fiche action) and what it holds: milestones, budget, funders, indicators."""

import uuid

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    RETAINED = "retained", _("retained")
    NOT_RETAINED = "not_retained", _("not retained")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    PAUSED = "paused", _("paused")
    ABANDONED = "abandoned", _("abandoned")


# Statuses of an action the authority committed to (retained, then carried out).
COMMITTED_STATUSES = [
    ActionStatus.RETAINED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.PAUSED,
]


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class ActionQuerySet(models.QuerySet):
    def retained(self):
        """Actions the plan commits to (retained, in progress, done or paused)."""
        return self.filter(status__in=COMMITTED_STATUSES)

    def not_retained(self):
        return self.filter(status=ActionStatus.NOT_RETAINED)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def without_pilot(self):
        return self.filter(pilot_organisations__isnull=True, pilot_people__isnull=True)

    def piloted_by(self, user):
        """Actions whose pilot is the user's person record or the organisation of it."""
        person = getattr(user, "person", None) if user.is_authenticated else None
        if person is None:
            return self.none()
        condition = Q(pilot_people=person)
        if person.organisation_id:
            condition |= Q(pilot_organisations=person.organisation_id)
        return self.filter(condition).distinct()

    def for_overview(self):
        """Counts and sums the overview shows, as subqueries (no row multiplication, and no
        model instances per related object: those made a 300-action overview slow).
        Pilots' names are attached by essor.plans.overview.attach_pilots."""

        def per_action(model, aggregate=None):
            rows = model.objects.filter(action=OuterRef("pk")).order_by().values("action")
            value = Subquery(rows.annotate(value=aggregate or Count("pk")).values("value")[:1])
            return value if aggregate else Coalesce(value, 0)

        return self.select_related("axis", "parent").annotate(
            indicator_count=per_action(Indicator),
            budget_planned=per_action(BudgetLine, Sum("planned")),
            contribution_count=per_action(Action.contributions.through),
            department_count=per_action(Action.departments.through),
            lever_count=per_action(Action.levers.through),
        )


class Action(models.Model):
    """One action of the plan. Edited through services.update_action (history, locking)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="actions")
    axis = models.ForeignKey(
        "plans.Axis",
        verbose_name=_("axis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_actions",
    )
    # Shared by an action and its copies in scenarios and versions (comparison key).
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_effects = models.TextField(_("expected effects"), blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=ActionStatus.choices, default=ActionStatus.PROPOSED
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required when the action is not retained.")
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    pilot_organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("pilot organisations"),
        blank=True,
        related_name="piloted_actions",
    )
    pilot_people = models.ManyToManyField(
        "organisations.Person",
        verbose_name=_("pilot people"),
        blank=True,
        related_name="piloted_actions",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partners"),
        blank=True,
        related_name="partner_actions",
    )
    departments = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("departments involved"),
        blank=True,
        related_name="department_actions",
        limit_choices_to={"kind": "department"},
    )
    levers = models.ManyToManyField(
        "plans.Lever", verbose_name=_("levers"), blank=True, related_name="actions"
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    audiences = models.JSONField(_("target audiences"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Traceability: where the action comes from (link tables live in this app).
    contributions = models.ManyToManyField(
        "contributions.Contribution",
        verbose_name=_("contributions"),
        blank=True,
        related_name="plan_actions",
    )
    survey_answers = models.ManyToManyField(
        "surveys.Answer", verbose_name=_("survey answers"), blank=True, related_name="plan_actions"
    )
    # The synthesis themes (issue 6) the action takes up: same process only (services).
    synthesis_themes = models.ManyToManyField(
        "synthesis.Theme",
        verbose_name=_("synthesis themes"),
        blank=True,
        related_name="plan_actions",
    )
    # The linked themes as validated (id, letter, title, summary), written when the plan is
    # frozen; every rendering of a frozen plan reads it (essor.plans.freezing).
    frozen_themes = models.JSONField(null=True, blank=True, editable=False)
    # The pilots, partners and departments as validated ([id, name] per field, the id for
    # the RGPD erasure of people), written when the plan is frozen (essor.plans.roadmap_facts).
    frozen_labels = models.JSONField(null=True, blank=True, editable=False)
    # Optimistic locking: every saved edit increments it (services.update_action).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "axis__order", "order", "id"]

    def __str__(self):
        return self.title

    @property
    def is_committed(self) -> bool:
        return self.status in COMMITTED_STATUSES


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    label = models.CharField(_("milestone"), max_length=250)
    done = models.BooleanField(_("reached"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["action", "date", "id"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.label}"


class BudgetNature(models.TextChoices):
    OPERATING = "operating", _("operating")
    INVESTMENT = "investment", _("investment")


class BudgetLine(models.Model):
    """What an action costs one year, operating or investment, planned and actually spent."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    nature = models.CharField(_("nature"), max_length=10, choices=BudgetNature.choices)
    planned = models.DecimalField(_("planned (€)"), max_digits=12, decimal_places=2, default=0)
    actual = models.DecimalField(
        _("actual (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["action", "year", "nature", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year", "nature"], name="plans_budget_line_unique"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.get_nature_display()} {self.planned}"


class Funding(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="fundings")
    funder = models.CharField(_("funder"), max_length=250)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["action", "id"]

    def __str__(self):
        return f"{self.funder}: {self.amount}"


class IndicatorDirection(models.TextChoices):
    UP = "up", _("the higher the better")
    DOWN = "down", _("the lower the better")


class Indicator(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=IndicatorDirection.choices, default="up"
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    # Optional milestones on the way to the target, {"2028": "120.00"} (year -> value as
    # text, exact): the follow-up measures a year against them rather than a straight line.
    yearly_targets = models.JSONField(_("yearly targets"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=250, blank=True)
    # The same indicator in every version of the plan (copied like Action.lineage): the
    # values measured on the voted version carry over to an amended one.
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["action", "id"]

    def __str__(self):
        return self.name
