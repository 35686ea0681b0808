from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.observatory"
    verbose_name = _("observatory")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them, and
        # its background work (the SIRENE import) with the name its page shows.
        from essor.observatory import permissions, tasks  # noqa: F401
