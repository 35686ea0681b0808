from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.surveys"
    verbose_name = _("surveys")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them.
        from essor.core import periodic
        from essor.core.personal_data import register, register_eraser
        from essor.surveys import permissions, rgpd  # noqa: F401
        from essor.surveys.mailing import send_due_reminders
        from essor.surveys.services import person_data

        register("surveys", person_data)
        # After the contributions' eraser, which finds those made from the person's answers.
        register_eraser("surveys", self.verbose_name, rgpd.describe, rgpd.erase, order=30)
        periodic.register("surveys.reminders", send_due_reminders)
