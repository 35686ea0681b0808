from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.core"
    verbose_name = _("core")

    def ready(self):
        from essor.core import checks  # noqa: F401 (registers the system checks)
