from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "essor.portal"
    verbose_name = _("Public portal")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.portal import permissions  # noqa: F401
