"""The read API's plan endpoints: the validated plan, its versions (the voted plan and its
amendments), axes, actions with where they stand, and indicator values.

The public reads the latest validated plan when the process shows its roadmap
(essor.portal.visibility.public_plan) and, in it, the actions of public statuses
(essor.plans.public); an API key of the process's workspace reads every action of it."""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework import generics
from rest_framework.exceptions import NotFound

from essor.api import serializers
from essor.api.base import PublicApiView, reads_privately
from essor.followup.models import IndicatorValue, ValueKind
from essor.followup.page_states import public_states
from essor.plans.models import Action, ActionStatus, Axis, Indicator, Plan, PlanKind, PlanStatus
from essor.plans.public import PUBLIC_STATUSES, latest_validated_plan
from essor.plans.roadmap_facts import shown_labels
from essor.portal import visibility


class PlanMixin:
    def plan(self) -> Plan:
        """The plan this reader reads, or a 404 saying there is none."""
        if not hasattr(self, "_plan"):
            process = self.process()
            if reads_privately(self.request, process):
                plan = latest_validated_plan(process)
            else:
                plan = visibility.public_plan(process)
            if plan is None:
                raise NotFound(_("This process has no validated plan yet."))
            self._plan = plan
        return self._plan

    def action_statuses(self) -> list[str]:
        if reads_privately(self.request, self.process()):
            return list(ActionStatus.values)
        return [str(status) for status in PUBLIC_STATUSES]


class PlanDetail(PlanMixin, PublicApiView, generics.RetrieveAPIView):
    description = gettext_lazy("The latest validated version of the process's plan, with its axes.")

    serializer_class = serializers.PlanSerializer
    common_params: set = set()

    def get_object(self):
        return self.plan()


class PlanVersionList(PlanMixin, PublicApiView, generics.ListAPIView):
    description = gettext_lazy(
        "The validated versions of the plan, oldest first: the voted plan, then its amendments."
    )

    serializer_class = serializers.PlanVersionSerializer
    ordering_fields = ["frozen_at", "id"]

    def get_queryset(self):
        if self.is_schema_pass:
            return Plan.objects.none()
        current = self.plan()
        return Plan.objects.filter(
            process_id=current.process_id,
            kind=PlanKind.VERSION,
            status=PlanStatus.VALIDATED,
            frozen_at__isnull=False,
        ).order_by("frozen_at", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.is_schema_pass:
            context["current_plan_id"] = self.plan().pk
        return context


class AxisList(PlanMixin, PublicApiView, generics.ListAPIView):
    description = gettext_lazy("The axes and sub-axes of the validated plan.")

    serializer_class = serializers.AxisSerializer
    ordering_fields = ["order", "number", "title"]

    def get_queryset(self):
        if self.is_schema_pass:
            return Axis.objects.none()
        return self.plan().axes.order_by("order", "id")


class IntegerFilter(filters.NumberFilter):
    """A whole number within the database's bounds (a float or a huge number is a 400, not
    an overflow in the database driver)."""

    field_class = forms.IntegerField


class ActionFilter(filters.FilterSet):
    axis = IntegerFilter(
        field_name="axis_id",
        min_value=1,
        max_value=2**31 - 1,
        help_text=gettext_lazy("Id of the axis."),
    )
    status = filters.ChoiceFilter(
        choices=ActionStatus.choices,
        help_text=gettext_lazy("Decision status of the action in the validated plan."),
    )

    class Meta:
        model = Action
        fields = ["axis", "status"]


class ActionList(PlanMixin, PublicApiView, generics.ListAPIView):
    description = gettext_lazy(
        "The actions of the validated plan, with where each one stands (implementation)."
    )

    serializer_class = serializers.ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = ["order", "title", "start_date", "end_date"]

    def get_queryset(self):
        if self.is_schema_pass:
            return Action.objects.none()
        return (
            self.plan()
            .actions.filter(status__in=self.action_statuses())
            .prefetch_related("pilot_organisations")
            .order_by("order", "id")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        actions = list(page or [])
        # Indicators as rows, one query for the page: 500 model instances for 50 actions
        # were a fifth of the answer's time.
        indicators = defaultdict(list)
        rows = Indicator.objects.filter(action__in=actions).order_by("id")
        for row in rows.values("action_id", *serializers.IndicatorSerializer.Meta.fields):
            indicators[row["action_id"]].append(row)
        for action in actions:
            action.pilot_names = shown_labels(action, "pilot_organisations")
            action.indicator_rows = indicators.get(action.pk, [])
        # The follow-up's public reading (status, progress, latest public note) of this
        # page's actions, in a fixed number of queries.
        states = public_states(self.plan(), actions) if actions else {}
        for action in actions:
            action.progress = states.get(action.pk)
        return actions if page is not None else page


class IndicatorValueFilter(filters.FilterSet):
    indicator = filters.UUIDFilter(
        field_name="lineage", help_text=gettext_lazy("The indicator (its lineage).")
    )
    year = IntegerFilter(min_value=0, max_value=32767, help_text=gettext_lazy("Year of the value."))
    kind = filters.ChoiceFilter(choices=ValueKind.choices, help_text=gettext_lazy("Kind."))

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "year", "kind"]


class IndicatorValueList(PlanMixin, PublicApiView, generics.ListAPIView):
    description = gettext_lazy(
        "The values measured (or estimated) of the indicators of the plan's actions."
    )

    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    ordering_fields = ["year", "created_at"]

    def get_queryset(self):
        if self.is_schema_pass:
            return IndicatorValue.objects.none()
        plan = self.plan()
        indicators = Indicator.objects.filter(
            action__plan=plan, action__status__in=self.action_statuses()
        )
        return IndicatorValue.objects.filter(
            process_id=plan.process_id, lineage__in=indicators.values("lineage")
        ).order_by("lineage", "year", "created_at", "id")
