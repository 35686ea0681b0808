from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthesisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.synthesis"
    verbose_name = _("synthesis")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.synthesis import permissions  # noqa: F401
