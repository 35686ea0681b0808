import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.utils.translation import gettext as _
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


def mark_activity(sender, request, user, **kwargs):
    """At login, the idle clock starts (so the first page does not write the session)."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionTimeoutMiddleware.KEY] = int(time.time())


class IdleSessionTimeoutMiddleware:
    """Signs out a user whose last request is older than SESSION_IDLE_MINUTES.

    The time of the last request is kept in the session; it is rewritten at
    most once a minute so that a busy page (htmx polling) does not save the
    session on every request."""

    KEY = "essor_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and settings.SESSION_IDLE_MINUTES > 0:
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("Your session had expired: please log in again."))
            elif last_seen is None or now - last_seen >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


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
