from django import forms
from django.utils.translation import gettext_lazy as _

from essor.portal.models import PortalSettings


class PortalSettingsForm(forms.ModelForm):
    class Meta:
        model = PortalSettings
        fields = [*PortalSettings.PARTS, "accept_contributions"]

    def clean(self):
        data = super().clean()
        if data.get("show_contributions") and not data.get("show_themes"):
            self.add_error(
                "show_contributions",
                _("Raw contributions are read within their themes: show what was heard too."),
            )
        return data
