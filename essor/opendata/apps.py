from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "essor.opendata"
    verbose_name = _("Open data")

    def ready(self):
        from essor.opendata.hooks import open_data_link
        from essor.plans.public import register_public_hook

        register_public_hook(open_data_link)
