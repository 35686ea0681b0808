from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy: every asset is served by Essor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class StyledNotFoundMiddleware:
    """Shows Essor's own 404 page in development too.

    With ESSOR_DEBUG on (the README's ``make run``), Django answers a missing page with
    its technical page listing every URL pattern: a new user trying the demo should see
    the page they will see in production. ESSOR_TECHNICAL_404=true brings Django's page
    back for developers. Only unmatched addresses and raised Http404 are concerned: a
    view answering 404 with its own page (an unknown workshop code) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _active(self) -> bool:
        return settings.DEBUG and not settings.TECHNICAL_404

    def __call__(self, request):
        response = self.get_response(request)
        if self._active() and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if self._active() and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
