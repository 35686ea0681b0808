from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.mobilisation"
    verbose_name = _("mobilisation")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.mobilisation import permissions  # noqa: F401
