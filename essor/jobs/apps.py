from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.jobs"
    verbose_name = _("background work")

    def ready(self):
        from essor.core import periodic
        from essor.jobs import mail  # noqa: F401  (registers the generic mailing's name)
        from essor.jobs.services import fail_interrupted, forget_finished

        periodic.register("jobs", forget_finished)
        periodic.register("jobs.interrupted", fail_interrupted)
