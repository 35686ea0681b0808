from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.surveys"
    verbose_name = _("surveys")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.surveys import permissions  # noqa: F401
