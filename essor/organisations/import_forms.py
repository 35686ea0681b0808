"""Forms of the three import steps: upload, column mapping, confirmation."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from essor.organisations.importing import ORGANISATION_TARGETS, PERSON_TARGETS, check_mapping
from essor.organisations.tabular import EXTENSIONS, ImportFileError, read_upload
from essor.workspaces.models import Workspace


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (separated by semicolons, commas or tabs) or Excel workbook (.xlsx, first "
            "sheet). The first line holds the names of the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                _("“%(name)s” is neither a .csv nor a .xlsx file."), params={"name": upload.name}
            )
        try:
            self.table = read_upload(upload)  # the only reading of the file
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def target_choices() -> list:
    return [
        ("", _("— Ignore this column —")),
        (_("Organisation"), list(ORGANISATION_TARGETS.items())),
        (_("Person"), list(PERSON_TARGETS.items())),
    ]


class MappingForm(forms.Form):
    """One select per column of the file: which field of the directory it fills."""

    def __init__(
        self, *args, headers: list[str], samples: list[list[str]], initial_mapping, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index, header in enumerate(headers):
            examples = samples[index] if index < len(samples) else []
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=_("Column “%(name)s”") % {"name": header},
                required=False,
                choices=target_choices(),
                initial=initial_mapping.get(index, ""),
                help_text=(_("Examples: %(values)s") % {"values": " · ".join(examples)})
                if examples
                else "",
            )

    def clean(self):
        cleaned = super().clean()
        mapping = self.mapping_from(cleaned)
        for message in check_mapping(mapping, self.headers):
            self.add_error(None, message)
        return cleaned

    def mapping_from(self, cleaned) -> dict[int, str]:
        return {
            index: cleaned[f"col_{index}"]
            for index in range(len(self.headers))
            if cleaned.get(f"col_{index}")
        }

    @property
    def mapping(self) -> dict[int, str]:
        return self.mapping_from(self.cleaned_data)


class ConfirmForm(forms.Form):
    process = forms.ModelChoiceField(
        label=_("Also add the organisations to the directory of a process"),
        required=False,
        queryset=None,
        empty_label=_("No process"),
    )

    def __init__(self, *args, processes, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes
        workspaces = list(workspaces)
        self.only_workspace = workspaces[0] if len(workspaces) == 1 else None
        if self.only_workspace is None:
            self.fields["workspace"] = forms.ModelChoiceField(
                label=_("Workspace"),
                queryset=Workspace.objects.filter(pk__in=[w.pk for w in workspaces]),
                help_text=_("The directory the file is imported into."),
            )
            self.order_fields(["workspace", "process"])

    def clean(self):
        cleaned = super().clean()
        if self.only_workspace is not None:
            cleaned["workspace"] = self.only_workspace
        workspace, process = cleaned.get("workspace"), cleaned.get("process")
        if workspace and process and process.workspace_id != workspace.pk:
            self.add_error("process", _("This process belongs to another workspace."))
        return cleaned
