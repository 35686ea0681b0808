from django import forms
from django.utils.translation import gettext_lazy as _

from essor.territories.models import TerritoryKind

QUERY_MAX_LENGTH = 100


class TerritorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or code"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        help_text=_(
            "For example: Poitiers, grand poitiers, 86194 (INSEE code), 200069854 (SIREN)."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of territory"),
        choices=[("", _("All kinds"))] + TerritoryKind.choices,
        required=False,
    )
