"""The Django admin with the same login throttling as the site's login."""

from django.contrib.admin import AdminSite

from essor.accounts import throttling
from essor.accounts.forms import ThrottledAdminAuthenticationForm


class EssorAdminSite(AdminSite):
    login_form = ThrottledAdminAuthenticationForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if request.method == "POST" and form is not None and form.is_throttled():
            response.status_code = 429
        elif request.method == "POST" and request.user.is_authenticated:
            throttling.remember_device(response, request.user.email)
        return response
