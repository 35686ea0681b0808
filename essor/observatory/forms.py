from django import forms
from django.utils.translation import gettext_lazy as _

from essor.observatory.listing import Filters
from essor.observatory.perimeter import FAMILIES, FAMILY_LABELS, naf_labels


def _section_choices():
    return [("", _("All sectors"))] + [
        (code, f"{code} — {label}") for code, label in naf_labels().sections.items()
    ]


class FiltersForm(forms.Form):
    territoire = forms.CharField(required=False, widget=forms.HiddenInput)
    famille = forms.ChoiceField(
        label=_("Family"),
        required=False,
        choices=[("", _("All families"))] + [(f, FAMILY_LABELS[f]) for f in FAMILIES],
    )
    secteur = forms.ChoiceField(label=_("Sector (NAF section)"), required=False, choices=())
    employeur = forms.BooleanField(label=_("Employers only"), required=False)
    texte = forms.CharField(label=_("Name or SIRET"), required=False, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secteur"].choices = _section_choices()

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            family=data.get("famille") or "",
            section=data.get("secteur") or "",
            employer_only=bool(data.get("employeur")),
            text=data.get("texte") or "",
        )


DEFAULT_ARGUMENTS = _(
    "The ESS creates local jobs that cannot be relocated, answers needs that the market "
    "leaves aside and involves inhabitants in running their organisations."
)
DEFAULT_DYNAMICS = _("Describe here the initiatives, networks and projects already under way.")
# Instructions shown in empty blocks: never printed on the sheet (see sheet.is_instruction).
INSTRUCTIONS = [DEFAULT_DYNAMICS]


class SheetForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("odt", _("ODT (editable text document)"))]
    )
    arguments = forms.CharField(
        label=_("Arguments for an ESS policy"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1500,
        initial=DEFAULT_ARGUMENTS,
    )
    dynamics = forms.CharField(
        label=_("Dynamics already under way"),
        # An instruction, not a text: shown in the empty block, never printed.
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": DEFAULT_DYNAMICS}),
        max_length=1500,
        required=False,
        help_text=_("Left empty, the sheet has no such block."),
    )
