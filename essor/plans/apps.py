from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.plans"
    verbose_name = _("action plans")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them, and the
        # receivers by which draft actions follow merged and replaced synthesis themes.
        from essor.plans import permissions, theme_links  # noqa: F401
