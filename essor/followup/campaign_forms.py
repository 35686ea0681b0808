"""The forms of a campaign: opening it, and a pilot's report on one action."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.french_numbers import clean_number
from essor.followup.campaign_models import MESSAGE_MAX_LENGTH
from essor.followup.forms import VALUE_LIMIT, ReportForm, YearField, _cents
from essor.plans.attachments import ALLOWED_EXTENSIONS, checked_upload


class CampaignForm(forms.Form):
    year = forms.IntegerField()  # replaced per plan in __init__
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    actions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Actions concerned"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every action the plan retained."),
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the pilots"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = YearField(plan)
        self.fields["actions"].queryset = plan.actions.retained().order_by("order", "id")
        self.fields["actions"].error_messages["invalid_choice"] = _(
            "Choose among the actions the plan retained."
        )


class PilotReportForm(ReportForm):
    """A report on one action for a fixed year, with a value per indicator of the action.

    The year is the campaign's (or the one "my actions" reports on); the note stays
    internal (a facilitator decides what is published). A document may come as evidence,
    checked like the facilitators' evidence (kind and size) before anything is written."""

    file = forms.FileField(
        label=gettext_lazy("A document as evidence (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ALLOWED_EXTENSIONS))}),
    )

    def __init__(self, *args, plan, indicators, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        del self.fields["year"]
        del self.fields["note_is_public"]
        self.indicators = list(indicators)
        for indicator in self.indicators:
            label = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
            self.fields[f"value_{indicator.pk}"] = forms.CharField(
                label=_("Value of the year: %(indicator)s") % {"indicator": label},
                required=False,
                max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        self.fields["file"] = self.fields.pop("file")  # the document last, after the values
        self.fields["file"].help_text = _(
            "Accepted: %(types)s. If the report is refused, choose the file again."
        ) % {"types": ", ".join(sorted(ALLOWED_EXTENSIONS))}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                checked_upload(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["file"]) from error
        return upload

    def clean(self):
        data = super().clean()
        values = {}
        for indicator in self.indicators:
            name = f"value_{indicator.pk}"
            text = (data.get(name) or "").strip()
            if not text:
                continue
            try:
                values[indicator] = _cents(clean_number(text, limit=VALUE_LIMIT))
            except forms.ValidationError as error:
                self.add_error(name, error)
        data["values"] = values
        return data
