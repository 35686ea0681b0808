from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.decisions"
    verbose_name = _("decisions")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.decisions import permissions  # noqa: F401
