from django import forms
from django.utils.translation import gettext_lazy as _

from essor.core.text import capitalised
from essor.workspaces.models import DataLicence, WorkspaceRole


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Used when the person has no account yet."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=capitalised(WorkspaceRole.choices), initial=WorkspaceRole.MEMBER
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=capitalised(WorkspaceRole.choices))


class DataLicenceForm(forms.Form):
    data_licence = forms.ChoiceField(
        label=_("Licence of open data"),
        choices=DataLicence.choices,
        help_text=_("The licence of the open data of the workspace's published processes."),
    )
