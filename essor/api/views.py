"""The read API, version 1: public objects of published processes, read-only.

Every view refuses unknown query parameters (a typo must not silently return
everything), answers conditional requests (ETag), and is rate-limited per client
through the shared cache. Errors have one documented shape: ``{"detail": ...}``
or, for invalid parameters, ``{"field": ["message", ...]}``."""

from __future__ import annotations

import hashlib

from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from essor.api import serializers
from essor.plans.models import Action, ActionStatus
from essor.plans.public import PUBLIC_STATUSES, latest_validated_plan
from essor.plans.roadmap_facts import shown_labels
from essor.processes.models import Process, ProcessStatus

MAX_PAGE_SIZE = 200


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    "page_size": [
                        _("Give a page size between 1 and %(max)s.") % {"max": MAX_PAGE_SIZE}
                    ]
                }
            )
        return size


class ApiThrottle(AnonRateThrottle):
    """Per client address, shared by every server through the cache."""

    scope = "api"


class PublicApiView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ApiThrottle]
    pagination_class = Pagination
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields: list[str] = []
    # Parameters every list takes besides its filters.
    common_params = {"page", "page_size", "ordering"}

    def allowed_params(self) -> set[str]:
        names = set(self.common_params)
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
        return names

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_params())
        if unknown:
            raise ValidationError({name: [_("Unknown parameter.")] for name in unknown})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            response["Cache-Control"] = "public, max-age=60"
            patch_vary_headers(response, ["Accept-Language"])
            conditional = get_conditional_response(request._request, etag=etag, response=response)
            if conditional is not response:
                return conditional
        return response


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


def published_processes():
    return Process.objects.published().prefetch_related("territories").order_by("id")


class ProcessList(PublicApiView, generics.ListAPIView):
    """Published processes."""

    serializer_class = serializers.ProcessSerializer
    filterset_class = ProcessFilter
    ordering_fields = ["id", "title", "start_date", "updated_at"]

    def get_queryset(self):
        return published_processes()


class ProcessDetail(PublicApiView, generics.RetrieveAPIView):
    """One published process."""

    serializer_class = serializers.ProcessSerializer
    common_params: set = set()

    def get_queryset(self):
        return published_processes()


def _published_plan(process_id: int):
    process = get_object_or_404(Process.objects.published(), pk=process_id)
    plan = latest_validated_plan(process)
    if plan is None:
        raise NotFound(_("This process has no validated plan yet."))
    return plan


class PlanDetail(PublicApiView, generics.RetrieveAPIView):
    """The latest validated version of the process's plan, with its axes."""

    serializer_class = serializers.PlanSerializer
    common_params: set = set()

    def get_object(self):
        plan = _published_plan(self.kwargs["process_id"])
        return plan


class ActionFilter(filters.FilterSet):
    axis = filters.NumberFilter(field_name="axis_id", help_text=gettext_lazy("Id of the axis."))
    status = filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in PUBLIC_STATUSES if s in ActionStatus],
        help_text=gettext_lazy("Decision status of the action in the validated plan."),
    )

    class Meta:
        model = Action
        fields = ["axis", "status"]


class ActionList(PublicApiView, generics.ListAPIView):
    """The public actions of the latest validated version of the process's plan."""

    serializer_class = serializers.ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = ["order", "title", "start_date", "end_date"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator's pass
            return Action.objects.none()
        plan = _published_plan(self.kwargs["process_id"])
        return (
            plan.actions.filter(status__in=PUBLIC_STATUSES)
            .prefetch_related("pilot_organisations", "indicators")
            .order_by("order", "id")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for action in page or []:
            action.pilot_names = shown_labels(action, "pilot_organisations")
        return page
