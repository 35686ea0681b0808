"""What the read API gives of each public object: only what the public pages show.

Field descriptions (help_text) are written in English and translated: the OpenAPI
document is served in French with ``?lang=fr``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from essor.followup.fiches_action import VOCABULARY, fiche_action_status
from essor.followup.models import IndicatorValue, ProgressStatus, ValueKind
from essor.meetings.models import Meeting
from essor.plans.models import Action, Axis, Indicator, Plan
from essor.processes.models import Process
from essor.synthesis.models import Theme
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
        # Numbers, as measured values are (not decimal strings).
        extra_kwargs = {
            "baseline": {"coerce_to_string": False},
            "target": {"coerce_to_string": False},
        }


class AxisSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The axis this sub-axis belongs to.")
    )

    class Meta:
        model = Axis
        fields = ["id", "lineage", "number", "title", "vision", "parent", "order"]


class PublicNoteSerializer(serializers.Serializer):
    text = serializers.CharField(help_text=_("The note, as written for the public."))
    date = serializers.DateField(help_text=_("The day the note was written."))
    year = serializers.IntegerField(help_text=_("The year of follow-up the note is about."))


class ImplementationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ProgressStatus.choices,
        help_text=_("Implementation status, from the latest progress report."),
    )
    status_label = serializers.CharField(help_text=_("The status, in the reader's language."))
    fiche_action_status = serializers.ChoiceField(
        choices=[(label, label) for label in VOCABULARY],
        help_text=_(
            "The status in the vocabulary of the State's shared hub of local action sheets "
            "(fiches action), in French."
        ),
    )
    late = serializers.BooleanField(
        help_text=_("Not started, or not finished, by the planned date.")
    )
    progress = serializers.IntegerField(
        allow_null=True, help_text=_("Progress in percent, when the pilot gave it.")
    )
    last_public_note = PublicNoteSerializer(
        allow_null=True, help_text=_("The latest note published by the pilot.")
    )


class ActionSerializer(serializers.ModelSerializer):
    lineage = serializers.UUIDField(help_text=_("The same action in every version of the plan."))
    pilot_organisations = serializers.SerializerMethodField(
        help_text=_("Names of the organisations piloting the action (people are not given).")
    )
    indicators = IndicatorSerializer(many=True, read_only=True, source="indicator_rows")

    class Meta:
        model = Action
        fields = [
            "id", "lineage", "axis", "parent", "order", "title", "description", "objectives",
            "expected_effects", "status", "priority", "start_date", "end_date",
            "pilot_organisations", "indicators", "implementation",
        ]  # fmt: skip

    implementation = serializers.SerializerMethodField(
        help_text=_(
            "Where the action stands (after the vote); null for an action that is not followed."
        )
    )

    def get_pilot_organisations(self, action) -> list[str]:
        return list(action.pilot_names)

    @extend_schema_field(ImplementationSerializer(allow_null=True))
    def get_implementation(self, action):
        progress = getattr(action, "progress", None)
        if progress is None:
            return None
        return {
            "status": progress.status,
            "status_label": str(progress.status_label),
            "fiche_action_status": fiche_action_status(progress.status, progress.late),
            "late": progress.late,
            "progress": progress.progress,
            "last_public_note": (
                {"text": progress.note.text, "date": progress.note.date, "year": progress.note.year}
                if progress.note
                else None
            ),
        }


class PlanSerializer(serializers.ModelSerializer):
    axes = AxisSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "name", "introduction", "mandate_start", "mandate_end", "frozen_at",
            "council_vote_date", "council_vote_result", "axes",
        ]  # fmt: skip


class PlanVersionSerializer(serializers.ModelSerializer):
    based_on = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("The version this one amends (null for the first one)."),
    )
    is_current = serializers.SerializerMethodField(
        help_text=_("Whether this is the version in force (the latest validated one).")
    )

    class Meta:
        model = Plan
        fields = [
            "id", "name", "status", "based_on", "frozen_at", "council_vote_date",
            "council_vote_result", "is_current",
        ]  # fmt: skip

    def get_is_current(self, plan) -> bool:
        return plan.pk == self.context.get("current_plan_id")


class MeetingSerializer(serializers.ModelSerializer):
    calendar_url = serializers.SerializerMethodField(
        help_text=_("The calendar file (iCalendar) of the process's public meetings.")
    )

    class Meta:
        model = Meeting
        fields = [
            "id", "uid", "kind", "title", "starts_at", "ends_at", "place", "online_url",
            "description", "calendar_url",
        ]  # fmt: skip

    def get_calendar_url(self, meeting) -> str:
        return self.context["calendar_url"]


class ThemeSerializer(serializers.ModelSerializer):
    contribution_count = serializers.IntegerField(
        help_text=_("How many contributions the theme gathers.")
    )

    class Meta:
        model = Theme
        fields = ["id", "letter", "title", "summary", "keywords", "order", "contribution_count"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.UUIDField(
        source="lineage", help_text=_("The indicator (its lineage, the same in every version).")
    )
    kind = serializers.ChoiceField(
        choices=ValueKind.choices, help_text=_("A measured result or an estimate.")
    )
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "year", "value", "kind", "source", "created_at"]


MEASURES = {
    "type": "object",
    "properties": {
        "legal_units": {"type": "integer"},
        "establishments": {"type": "integer"},
        "employer_establishments": {"type": "integer"},
        "jobs": {
            "type": "object",
            "properties": {k: {"type": "integer"} for k in ("low", "central", "high")},
        },
    },
}
SHARES = {
    "type": "object",
    "properties": {
        k: {"type": "number"} for k in ("establishments", "employer_establishments", "jobs_central")
    },
}
PLACE = {
    "type": "object",
    "properties": {k: {"type": "string"} for k in ("kind", "code", "name")},
}
# The contract of ``ess_diagnostic --format json`` (essor/observatory/README.md).
DIAGNOSTIC_SCHEMA = {
    "type": "object",
    "description": "The ESS diagnostic of a territory (SIRENE register), as ess_diagnostic.",
    "properties": {
        "territory": PLACE,
        "source": {"type": "object", "additionalProperties": {"type": "string", "nullable": True}},
        "perimeter": {"type": "object", "additionalProperties": {"type": "string"}},
        "ess": MEASURES,
        "economy": MEASURES,
        "ess_share": SHARES,
        "by_family": {"type": "object", "additionalProperties": MEASURES},
        "by_naf_section": {"type": "object", "additionalProperties": MEASURES},
        "by_naf_division": {"type": "object", "additionalProperties": MEASURES},
        "by_size_band": {"type": "object", "additionalProperties": {"type": "integer"}},
        "comparison": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"territory": PLACE, "ess_share": SHARES},
            },
        },
    },
    "required": ["territory", "ess", "economy", "ess_share"],
}
