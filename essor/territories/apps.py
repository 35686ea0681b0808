from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.territories"
    verbose_name = _("territories")
