from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.core"
    verbose_name = _("core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from essor.core import checks, periodic, rgpd  # noqa: F401 (checks: registers them)
        from essor.core.middleware import mark_activity
        from essor.core.personal_data import register_eraser

        user_logged_in.connect(mark_activity, dispatch_uid="essor.core.mark_activity")
        # Last: the other erasers leave the log alone, and it must end redacted.
        register_eraser("audit", _("audit log"), rgpd.describe, rgpd.erase, order=90)
        periodic.register("sessions", periodic.clear_expired_sessions)
        periodic.register("imports", periodic.remove_stale_imports)
