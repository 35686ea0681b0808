from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.participation"
    verbose_name = _("participation")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.core.personal_data import register_eraser
        from essor.participation import permissions, rgpd  # noqa: F401

        register_eraser("participation", self.verbose_name, rgpd.describe, rgpd.erase, order=40)
