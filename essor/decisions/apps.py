from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.decisions"
    verbose_name = _("decisions")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.core.personal_data import register_eraser
        from essor.decisions import permissions, rgpd  # noqa: F401

        register_eraser("decisions", self.verbose_name, rgpd.describe, rgpd.erase, order=60)
