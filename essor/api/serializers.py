"""What the read API gives of each public object: only what the public pages show.

Field descriptions (help_text) are written in English and translated: the OpenAPI
document is served in French with ``?lang=fr``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from essor.plans.models import Action, Axis, Indicator, Plan
from essor.processes.models import Process
from essor.territories.models import Territory


class TerritorySerializer(serializers.ModelSerializer):
    key = serializers.CharField(
        read_only=True, help_text=_("Stable key of the territory, e.g. commune:86194.")
    )
    code = serializers.CharField(
        help_text=_(
            "Official code: INSEE code of a commune, département or région, SIREN of an EPCI."
        )
    )

    class Meta:
        model = Territory
        fields = ["key", "kind", "code", "name"]


class ProcessSerializer(serializers.ModelSerializer):
    territories = TerritorySerializer(many=True, read_only=True)
    ambition = serializers.CharField(help_text=_("The political ambition, as sanitised HTML."))
    url = serializers.SerializerMethodField(help_text=_("The process's public page."))

    class Meta:
        model = Process
        fields = [
            "id", "title", "status", "start_date", "end_date", "ambition", "territories",
            "updated_at", "url",
        ]  # fmt: skip

    def get_url(self, process) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(
            reverse("processes:detail", args=[process.pk])
        )


class IndicatorSerializer(serializers.ModelSerializer):
    lineage = serializers.UUIDField(help_text=_("The same indicator in every version of the plan."))

    class Meta:
        model = Indicator
        fields = [
            "lineage", "name", "unit", "direction", "baseline", "baseline_year", "target",
            "target_year", "yearly_targets", "source",
        ]  # fmt: skip


class AxisSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=_("The axis this sub-axis belongs to.")
    )

    class Meta:
        model = Axis
        fields = ["id", "lineage", "number", "title", "vision", "parent", "order"]


class ActionSerializer(serializers.ModelSerializer):
    lineage = serializers.UUIDField(help_text=_("The same action in every version of the plan."))
    pilot_organisations = serializers.SerializerMethodField(
        help_text=_("Names of the organisations piloting the action (people are not given).")
    )
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id", "lineage", "axis", "parent", "order", "title", "description", "objectives",
            "expected_effects", "status", "priority", "start_date", "end_date",
            "pilot_organisations", "indicators",
        ]  # fmt: skip

    def get_pilot_organisations(self, action) -> list[str]:
        return list(action.pilot_names)


class PlanSerializer(serializers.ModelSerializer):
    axes = AxisSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "name", "introduction", "mandate_start", "mandate_end", "frozen_at",
            "council_vote_date", "council_vote_result", "axes",
        ]  # fmt: skip
