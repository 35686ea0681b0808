"""What every view of the read API shares: pagination, rate limit, refusal of unknown
parameters, conditional requests, and who reads (anyone, or a workspace's API key).

Errors have one documented shape: ``{"detail": ...}`` or, for invalid parameters,
``{"parameter": ["message", ...]}``."""

from __future__ import annotations

import hashlib

from django.db.models import Q
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from essor.api.authentication import ApiKeyAuthentication
from essor.api.models import ApiKey
from essor.processes.models import Process

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


class _SettingsRate:
    """The rate read from the settings when asked (DRF reads it once, at import)."""

    def get_rate(self):
        from django.conf import settings

        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class ApiThrottle(_SettingsRate, AnonRateThrottle):
    """Readers without a key: per client address, shared by every server through the cache."""

    scope = "api"

    def get_cache_key(self, request, view):
        if api_key_of(request) is not None:
            return None  # counted per key (ApiKeyThrottle)
        return super().get_cache_key(request, view)

    def get_ident(self, request):
        """The client's address where the other limits take it (ESSOR_CLIENT_IP_META_KEY)."""
        from django.conf import settings

        return request.META.get(settings.RATELIMIT_IP_META_KEY) or super().get_ident(request)


class ApiKeyThrottle(_SettingsRate, SimpleRateThrottle):
    """Readers with a key: per key, whatever their address — a dashboard behind a proxy
    shared with others is neither slowed by them nor able to slow them."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        key = api_key_of(request)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.pk}


def api_key_of(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


def readable_processes(request):
    """Published processes, and every process of the API key's workspace."""
    key = api_key_of(request)
    condition = Q(is_published=True)
    if key is not None:
        condition |= Q(workspace_id=key.workspace_id)
    return Process.objects.filter(condition)


def reads_privately(request, process: Process) -> bool:
    """Whether the reader holds a key of the process's workspace (non-public data too)."""
    key = api_key_of(request)
    return key is not None and key.workspace_id == process.workspace_id


def get_process(request, process_id) -> Process:
    try:
        return readable_processes(request).get(pk=process_id)
    except (Process.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class PublicApiView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    authentication_classes = [ApiKeyAuthentication]
    throttle_classes = [ApiThrottle, ApiKeyThrottle]
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

    @property
    def is_schema_pass(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def process(self) -> Process:
        """The process named in the URL, readable by this reader (404 otherwise)."""
        if not hasattr(self, "_process"):
            self._process = get_process(self.request, self.kwargs["process_id"])
        return self._process

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if hasattr(response, "render"):
                response.render()
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            # What a key reads must not sit in a shared cache.
            private = api_key_of(request) is not None
            response["Cache-Control"] = "private, no-cache" if private else "public, max-age=60"
            patch_vary_headers(response, ["Accept-Language", "Authorization"])
            last_modified = parse_http_date_safe(response.get("Last-Modified") or "")
            conditional = get_conditional_response(
                request._request, etag=etag, last_modified=last_modified, response=response
            )
            if conditional is not response:
                return conditional
        return response
