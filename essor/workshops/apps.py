from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.workshops"
    verbose_name = _("workshops")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.workshops import permissions  # noqa: F401
