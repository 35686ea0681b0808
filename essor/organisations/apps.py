from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.organisations"
    verbose_name = _("organisations")

    def ready(self):
        # Its background work (the directory import) with the name its page shows.
        from essor.organisations import tasks  # noqa: F401
