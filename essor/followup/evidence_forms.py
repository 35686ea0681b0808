"""Forms of the follow-up's publication settings, funding received, evidence and comments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.french_numbers import clean_number
from essor.followup.evidence_models import COMMENT_MAX_LENGTH
from essor.followup.forms import MONEY_LIMIT, YearField, _cents


class SettingsForm(forms.Form):
    notes_public_by_default = forms.BooleanField(
        label=gettext_lazy("New progress notes are public unless the author unticks it"),
        required=False,
    )
    budgets_public = forms.BooleanField(
        label=gettext_lazy("Publish the budgets (planned and spent) on the public roadmap"),
        required=False,
    )


class FundingForm(forms.Form):
    funder = forms.CharField(label=gettext_lazy("Funder"), max_length=200)
    amount = forms.CharField(
        label=gettext_lazy("Amount received (€)"), max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    year = forms.IntegerField()  # replaced per plan in __init__
    received_on = forms.DateField(
        label=gettext_lazy("Date received"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = YearField(plan)

    def clean_amount(self):
        value = clean_number(self.cleaned_data["amount"], limit=MONEY_LIMIT)
        if value <= 0:
            raise forms.ValidationError(_("An amount received must be positive."))
        return _cents(value)


class EvidenceForm(forms.Form):
    report = forms.ModelChoiceField(label=gettext_lazy("Report"), queryset=None)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["report"]
        field.queryset = reports
        field.empty_label = None
        field.label_from_instance = lambda r: (
            f"{r.year} — {r.get_status_display()} ({timezone.localtime(r.created_at):%d/%m/%Y})"
        )
        field.error_messages["invalid_choice"] = _("Choose one of this action's reports.")


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
