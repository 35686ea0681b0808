from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.bodies"
    verbose_name = _("bodies")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.bodies import permissions  # noqa: F401
