from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.contributions"
    verbose_name = _("contributions")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them, and
        # its background work (the notes import) with the name its page shows.
        from essor.contributions import permissions, rgpd, tasks  # noqa: F401
        from essor.contributions.rgpd import person_data
        from essor.core.personal_data import register, register_eraser

        register("contributions", person_data)
        # Before the surveys' eraser, which cuts the responses from the person.
        register_eraser("contributions", self.verbose_name, rgpd.describe, rgpd.erase, order=20)

        from essor.contributions.online import notify_pending
        from essor.core import periodic

        periodic.register("contributions.pending", notify_pending)
