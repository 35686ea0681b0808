from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.plans"
    verbose_name = _("action plans")

    def ready(self):
        # Register the app's django-rules permissions before any view asks for them, and the
        # receivers by which draft actions follow merged and replaced synthesis themes.
        # Its background work (roadmaps, imports) is registered with the names its page shows.
        # The contributions' exports tell what became of each line (see that module).
        # public_cache: the receivers that renew the cached public page on every change.
        from essor.contributions import follow_up
        from essor.core.personal_data import register_eraser
        from essor.plans import permissions, public_cache, rgpd, tasks, theme_links  # noqa: F401
        from essor.plans.links import action_titles, attach_taken_up_by

        follow_up.register(follow_up.ACTIONS, action_titles)
        follow_up.register_attacher("taken_up_by", attach_taken_up_by)
        register_eraser("plans", self.verbose_name, rgpd.describe, rgpd.erase, order=50)
