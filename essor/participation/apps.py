from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.participation"
    verbose_name = _("participation")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.participation import permissions  # noqa: F401
