from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from essor.organisations import identifiers
from essor.organisations.communes import CommuneField
from essor.organisations.models import EssFamily, Organisation, OrganisationKind, Person
from essor.workspaces.models import Workspace


class WorkspaceFormMixin:
    """The workspace of a new row: asked when the user may fill several directories,
    else the only one; an existing row stays in its workspace."""

    def set_up_workspace(self, workspaces) -> None:
        if self.instance.pk:
            return
        workspaces = list(workspaces)
        if len(workspaces) == 1:
            self.instance.workspace = workspaces[0]
            return
        self.fields["workspace"] = forms.ModelChoiceField(
            label=_("Workspace"),
            queryset=Workspace.objects.filter(pk__in=[w.pk for w in workspaces]),
            help_text=_("The directory this row belongs to."),
        )
        self.order_fields(["workspace"])

    def chosen_workspace_id(self):
        if "workspace" in self.fields:
            workspace = self.cleaned_data.get("workspace")
            return workspace.pk if workspace else None
        return self.instance.workspace_id

    def _post_clean(self):
        super()._post_clean()
        if "workspace" in self.fields and self.cleaned_data.get("workspace"):
            self.instance.workspace = self.cleaned_data["workspace"]


class OrganisationForm(WorkspaceFormMixin, forms.ModelForm):
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

    def __init__(self, *args, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id:
            self.initial["commune"] = self.instance.commune.code
        self.set_up_workspace(workspaces)

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
        return siret  # its uniqueness in the workspace is checked in clean()

    def _check_siret_unique(self, siret) -> None:
        if siret:
            others = Organisation.objects.filter(
                workspace_id=self.chosen_workspace_id(), siret=siret
            ).exclude(pk=self.instance.pk)
            other = others.first()
            if other is not None:
                self.add_error(
                    "siret",
                    ValidationError(
                        _("“%(name)s” already has this SIRET in the directory."),
                        params={"name": other.name},
                    ),
                )

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
        else:
            self._check_siret_unique(siret)
        if "commune" in cleaned:
            self.instance.commune = cleaned["commune"]
        return cleaned


class PersonForm(WorkspaceFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "organisation", "role_title"]

    def __init__(self, *args, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_up_workspace(workspaces)
        ids = (
            [self.instance.workspace_id]
            if self.instance.workspace_id
            else [w.pk for w in workspaces]
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(
            workspace_id__in=ids
        ).order_by("search_name", "pk")
        self.fields["organisation"].empty_label = _("No organisation")

    def clean(self):
        cleaned = super().clean()
        workspace_id = self.chosen_workspace_id()
        organisation, email = cleaned.get("organisation"), cleaned.get("email")
        if organisation and workspace_id and organisation.workspace_id != workspace_id:
            self.add_error(
                "organisation", _("This organisation belongs to another workspace's directory.")
            )
        if email and workspace_id:
            others = Person.objects.filter(workspace_id=workspace_id, email__iexact=email)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "email", _("Another person of the directory already has this e-mail address.")
                )
        return cleaned

    def clean_email(self):
        return self.cleaned_data["email"].strip()


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

    def __init__(self, *args, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Name, SIREN, SIRET or commune.")
        if len(workspaces) > 1:
            self.fields["workspace"] = forms.ModelChoiceField(
                label=_("Workspace"),
                queryset=workspaces,
                required=False,
                empty_label=_("All workspaces"),
            )
