from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.surveys"
    verbose_name = _("surveys")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.core.personal_data import register
        from essor.surveys import permissions  # noqa: F401
        from essor.surveys.services import person_data

        register("surveys", person_data)
