from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.bodies"
    verbose_name = _("bodies")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.bodies import permissions, rgpd  # noqa: F401
        from essor.core.personal_data import register_eraser

        register_eraser("bodies", self.verbose_name, rgpd.describe, rgpd.erase, order=60)
