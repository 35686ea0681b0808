from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from essor.organisations import identifiers
from essor.organisations.communes import CommuneField
from essor.organisations.models import EssFamily, Organisation, OrganisationKind, Person


class OrganisationForm(forms.ModelForm):
    # Wider than the model fields: "356 000 000" is typed with spaces, then normalised.
    siren = forms.CharField(
        label=_("SIREN"), max_length=20, required=False, help_text=_("9 digits, spaces allowed.")
    )
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=25,
        required=False,
        help_text=_("14 digits: the SIREN followed by the establishment number."),
    )
    legal_category = forms.CharField(
        label=_("Legal category code"),
        max_length=10,
        required=False,
        help_text=_("INSEE code, 4 digits (9220: declared association)."),
    )
    naf_code = forms.CharField(
        label=_("NAF code"),
        max_length=10,
        required=False,
        help_text=_("Main activity (APE), e.g. 94.99Z."),
    )
    commune = CommuneField()
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "ess_family", "siren", "siret", "legal_category", "naf_code",
            "website",
        ]  # fmt: skip

    field_order = [
        "name", "kind", "ess_family", "siren", "siret", "legal_category", "naf_code", "commune",
        "website",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id:
            self.initial["commune"] = self.instance.commune.code

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def _clean_identifier(self, name, validator):
        value = identifiers.normalise_identifier(self.cleaned_data.get(name))
        if value:
            validator(value)
        return value

    def clean_siren(self):
        return self._clean_identifier("siren", identifiers.validate_siren)

    def clean_siret(self):
        siret = self._clean_identifier("siret", identifiers.validate_siret)
        if siret:
            others = Organisation.objects.filter(siret=siret).exclude(pk=self.instance.pk)
            other = others.first()
            if other is not None:
                raise ValidationError(
                    _("“%(name)s” already has this SIRET in the directory."),
                    params={"name": other.name},
                )
        return siret

    def clean_legal_category(self):
        return self._clean_identifier("legal_category", identifiers.validate_legal_category)

    def clean_naf_code(self):
        value = self.cleaned_data.get("naf_code", "").strip()
        if value:
            identifiers.validate_naf_code(value)
        return identifiers.normalise_naf_code(value)

    def clean(self):
        cleaned = super().clean()
        siret, siren = cleaned.get("siret"), cleaned.get("siren")
        try:
            identifiers.check_siret_matches_siren(siret, siren)
        except ValidationError as error:
            self.add_error("siret", error)
        if "commune" in cleaned:
            self.instance.commune = cleaned["commune"]
        return cleaned


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "organisation", "role_title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("search_name", "pk")
        self.fields["organisation"].empty_label = _("No organisation")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email:
            others = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
            if others.exists():
                raise ValidationError(
                    _("Another person of the directory already has this e-mail address.")
                )
        return email


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput({"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))] + list(OrganisationKind.choices),
    )
    family = forms.ChoiceField(
        label=_("ESS family"),
        required=False,
        choices=[("", _("All families"))] + list(EssFamily.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Name, SIREN, SIRET or commune.")
