from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthesisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.synthesis"
    verbose_name = _("synthesis")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them, and its
        # background work (theme suggestion). The contributions' exports tell what became
        # of each line (see that module).
        from essor.contributions import follow_up
        from essor.synthesis import permissions, tasks  # noqa: F401
        from essor.synthesis.wall import theme_labels

        follow_up.register(follow_up.SYNTHESIS_THEME, theme_labels)
