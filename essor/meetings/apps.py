from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.meetings"
    verbose_name = _("meetings")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them, and its
        # background work (sending the invitations) with the name its page shows.
        from essor.core.personal_data import register, register_eraser
        from essor.meetings import permissions, rgpd, tasks  # noqa: F401
        from essor.meetings.rgpd import person_data

        register(
            "meeting_attendances",
            lambda person, processes: person_data(person, processes)["meeting_attendances"],
        )
        register_eraser("meetings", self.verbose_name, rgpd.describe, rgpd.erase, order=60)
