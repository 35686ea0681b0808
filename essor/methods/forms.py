"""Forms of the method templates: import, and one form per row of the editor."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from essor.bodies.models import BodyKind
from essor.core.forms import french_fields
from essor.methods.schema import (
    KEY_MAX,
    KEY_RE,
    MAX_FILE_BYTES,
    MAX_WEEKS,
    TemplateFormatError,
    parse_template_file,
)
from essor.processes.models import WorkshopTemplate


class BlockCheckbox(forms.CheckboxInput):
    """A checkbox rendered with its label above it by core/includes/form_fields.html.

    (That include gives plain checkboxes an inline style attribute, which the
    strict Content-Security-Policy refuses.)
    """


class LinesField(forms.CharField):
    """A list of texts edited one per line in a textarea."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data) -> bool:
        return self.to_python(data) != list(initial or [])


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Template file"),
        help_text=_("A YAML file in the essor-method/1 format, for example exported from Essor."),
    )
    replace = forms.BooleanField(
        label=_("Replace my template that has the same identifier"),
        required=False,
        widget=BlockCheckbox,
        help_text=_("Otherwise the imported template gets a new identifier (-2, -3…)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too big (at most %(size)d kB)."),
                params={"size": MAX_FILE_BYTES // 1024},
            )
        try:
            self.structure = parse_template_file(upload.read())
        except TemplateFormatError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class TemplateMetaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(4))


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    key = forms.CharField(
        label=_("Key"),
        max_length=KEY_MAX,
        required=False,
        validators=[
            RegexValidator(KEY_RE, _("Lower-case letters, digits, hyphens and underscores only."))
        ],
        help_text=_(
            "Short identifier used by the workshops and deliverables; "
            "derived from the name when left blank."
        ),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea())
    expected_result = forms.CharField(
        label=_("Expected result"), required=False, widget=_textarea()
    )
    duration_weeks = forms.IntegerField(
        label=_("Typical duration (weeks)"), required=False, min_value=1, max_value=MAX_WEEKS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_fields(self)


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *BodyKind.choices])
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=30,
        required=False,
        help_text=_("For example: COPIL."),
    )
    mission = forms.CharField(label=_("Mission"), required=False, widget=_textarea())


class PhaseChoiceForm(forms.Form):
    """A row that may be attached to one of the template's phases."""

    phase = forms.ChoiceField(label=_("Phase"), required=False)

    def __init__(self, *args, phase_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("No specific phase")), *phase_choices]


class WorkshopForm(PhaseChoiceForm):
    title = forms.CharField(label=_("Title"), max_length=250)
    audience = forms.ChoiceField(
        label=_("Audience"), choices=[("", "—"), *WorkshopTemplate.Audience.choices]
    )
    objectives = forms.CharField(label=_("Objectives"), required=False, widget=_textarea())
    questions = LinesField(
        label=_("Guiding questions"), required=False, help_text=_("One question per line.")
    )
    themes = LinesField(label=_("Themes"), required=False, help_text=_("One theme per line."))
    field_order = ["title", "phase", "audience", "objectives", "questions", "themes"]


class DeliverableForm(PhaseChoiceForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea())
    field_order = ["name", "phase", "description"]


class RowFormSet(forms.BaseFormSet):
    """Rows added through the extra form, removed with their checkbox, ordered by position."""

    deletion_widget = BlockCheckbox
    delete_label = _("Remove")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[forms.formsets.ORDERING_FIELD_NAME].label = _("Position")
        if forms.formsets.DELETION_FIELD_NAME in form.fields:  # not on the blank rows
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = self.delete_label


def row_formset(form_class, delete_label):
    return forms.formset_factory(
        form_class,
        formset=type(f"{form_class.__name__}Set", (RowFormSet,), {"delete_label": delete_label}),
        extra=1,
        can_order=True,
        can_delete=True,
        can_delete_extra=False,
        max_num=200,
        validate_max=True,
    )


PhaseFormSet = row_formset(PhaseForm, _("Remove this phase"))
BodyFormSet = row_formset(BodyForm, _("Remove this body"))
WorkshopFormSet = row_formset(WorkshopForm, _("Remove this workshop"))
DeliverableFormSet = row_formset(DeliverableForm, _("Remove this deliverable"))
