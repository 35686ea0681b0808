from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.followup"
    verbose_name = _("follow-up of the plan")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them,
        # and what erasing a person of the directory changes here.
        from essor.core import periodic
        from essor.core.personal_data import register_eraser
        from essor.followup import campaign_mail, permissions, rgpd  # noqa: F401
        from essor.followup.campaigns import send_due_reminders

        register_eraser("followup", self.verbose_name, rgpd.describe, rgpd.erase, order=60)
        # The reminders of the reporting campaigns (also ``send_followup_reminders``).
        periodic.register("followup.reminders", send_due_reminders)
        register_eraser(
            "followup_evidence", self.verbose_name, rgpd.describe_evidence, rgpd.erase_evidence,
            order=60,
        )  # fmt: skip
        # The public roadmap (plans) shows where each action stands through this hook.
        # It is cached: public_version renews it whenever the follow-up changes.
        from essor.followup import public_version
        from essor.followup.public import public_progress
        from essor.plans.public import register_public_hook

        register_public_hook(public_progress)
        public_version.connect()
