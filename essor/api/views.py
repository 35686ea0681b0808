"""The read API, version 1: processes and what the public sees of them, read-only.

What the public may see is decided by essor.portal.visibility (published processes, the
parts their facilitators show); an API key of a workspace reads that workspace's
non-public processes and parts too (essor.api.base.reads_privately)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from essor.api import serializers
from essor.api.base import PublicApiView, readable_processes, reads_privately
from essor.meetings.ical import build_calendar
from essor.meetings.models import Meeting, MeetingKind
from essor.portal import visibility
from essor.processes.models import Process, ProcessStatus
from essor.synthesis.models import Theme
from essor.territories.models import Territory, TerritoryKind


class ProcessFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=ProcessStatus.choices, help_text=gettext_lazy("Status of the process.")
    )
    territory = filters.CharFilter(
        method="filter_territory",
        help_text=gettext_lazy(
            "Key of a territory of the process, e.g. commune:86194 or epci:200069854."
        ),
    )
    q = filters.CharFilter(
        field_name="title", lookup_expr="icontains", help_text=gettext_lazy("Words of the title.")
    )

    class Meta:
        model = Process
        fields = ["status", "territory", "q"]

    def filter_territory(self, queryset, name, value):
        kind, _sep, code = value.partition(":")
        return queryset.filter(territories__kind=kind, territories__code=code).distinct()


class ProcessList(PublicApiView, generics.ListAPIView):
    description = gettext_lazy(
        "Published processes (and, with an API key, every process of its workspace)."
    )

    serializer_class = serializers.ProcessSerializer
    filterset_class = ProcessFilter
    ordering_fields = ["id", "title", "start_date", "updated_at"]

    def get_queryset(self):
        if self.is_schema_pass:
            return Process.objects.none()
        return readable_processes(self.request).prefetch_related("territories").order_by("id")


class ProcessDetail(PublicApiView, generics.RetrieveAPIView):
    description = gettext_lazy("One published process.")

    serializer_class = serializers.ProcessSerializer
    common_params: set = set()

    def get_queryset(self):
        if self.is_schema_pass:
            return Process.objects.none()
        return readable_processes(self.request).prefetch_related("territories")

    def retrieve(self, request, *args, **kwargs):
        process = self.get_object()
        response = Response(self.get_serializer(process).data)
        response["Last-Modified"] = http_date(process.updated_at.timestamp())
        return response


class TerritoryFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(
        choices=TerritoryKind.choices, help_text=gettext_lazy("Kind of territory.")
    )

    class Meta:
        model = Territory
        fields = ["kind"]


class TerritoryList(PublicApiView, generics.ListAPIView):
    description = gettext_lazy("The territories a process covers.")

    serializer_class = serializers.TerritorySerializer
    filterset_class = TerritoryFilter
    ordering_fields = ["name", "code"]

    def get_queryset(self):
        if self.is_schema_pass:
            return Territory.objects.none()
        return self.process().territories.order_by("kind", "code", "pk")


class MeetingFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=MeetingKind.choices, help_text=gettext_lazy("Kind."))
    after = filters.IsoDateTimeFilter(
        field_name="starts_at",
        lookup_expr="gte",
        help_text=gettext_lazy("Only meetings starting at or after this date and time."),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "after"]


class MeetingList(PublicApiView, generics.ListAPIView):
    description = gettext_lazy(
        "The process's public meetings (when its public calendar is shown), earliest first, "
        "each with the link to the calendar file."
    )

    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at", "title"]

    def get_queryset(self):
        if self.is_schema_pass:
            return Meeting.objects.none()
        return meetings_of(self.request, self.process())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.is_schema_pass:
            context["calendar_url"] = self.request.build_absolute_uri(
                reverse("api:calendar", args=[self.kwargs["process_id"]])
            )
        return context


def meetings_of(request, process: Process):
    if reads_privately(request, process):
        return process.meetings.order_by("starts_at", "pk")
    return visibility.public_meetings(process)


class Calendar(PublicApiView):
    description = gettext_lazy(
        "The same meetings as an iCalendar file, to subscribe to in a calendar application."
    )

    common_params: set = set()

    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("An iCalendar file.")
            )
        }
    )
    def get(self, request, process_id):
        process = self.process()
        name = _("%(process)s — calendar") % {"process": process.title}
        content = build_calendar(name, meetings_of(request, process).select_related("process"))
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        filename = slugify(process.title)[:60] or "calendrier"
        response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
        return response


class ThemeList(PublicApiView, generics.ListAPIView):
    description = gettext_lazy(
        "What was heard: the synthesis themes with their summaries and numbers of "
        "contributions (when the process shows them)."
    )

    serializer_class = serializers.ThemeSerializer
    ordering_fields = ["order", "title", "contribution_count"]

    def get_queryset(self):
        if self.is_schema_pass:
            return Theme.objects.none()
        process = self.process()
        if reads_privately(self.request, process):
            return (
                Theme.objects.lettered()
                .filter(synthesis__process=process)
                .annotate(
                    contribution_count=Count("placements", filter=Q(placements__set_aside=False))
                )
                .order_by("order", "pk")
            )
        return visibility.public_themes(process)


class Diagnostic(PublicApiView):
    description = gettext_lazy(
        "The observatory's ESS diagnostic of any territory (commune:86194, epci:200069854, "
        "departement:86, region:75 or france): the contract of ess_diagnostic --format json."
    )

    common_params: set = set()

    @extend_schema(responses={200: serializers.DIAGNOSTIC_SCHEMA})
    def get(self, request, key):
        from essor.observatory.diagnostic import DiagnosticError, diagnose, resolve_territory

        try:
            return Response(diagnose(resolve_territory(key)))
        except DiagnosticError as exc:
            raise NotFound(str(exc)) from None


def not_found(request, rest=""):
    """Any other address under /api/v1/ (an id that is not a number, a typo): the API's
    JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
