from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.methods"
    verbose_name = _("methods")
