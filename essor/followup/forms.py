"""The forms of the follow-up: a progress report, an indicator value (French numbers)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.french_numbers import clean_number
from essor.core.text import capitalised
from essor.followup.models import NOTE_MAX_LENGTH, ProgressStatus, ValueKind

MONEY_LIMIT = Decimal(10) ** 10  # what a 12-digit column with cents holds
VALUE_LIMIT = Decimal(10) ** 12


def _cents(value: Decimal) -> Decimal:
    if value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError(_("Two decimals at most."))
    return value


class YearField(forms.TypedChoiceField):
    """A year of the plan's mandate; any other is refused with the mandate's bounds."""

    def __init__(self, plan, **kwargs):
        years = range(plan.mandate_start, plan.mandate_end + 1)
        super().__init__(
            label=gettext_lazy("Year"),
            choices=[(y, y) for y in years],
            coerce=int,
            error_messages={
                "invalid_choice": _("The year must be within the mandate (%(start)s to %(end)s).")
                % {"start": plan.mandate_start, "end": plan.mandate_end}
            },
            **kwargs,
        )


class ReportForm(forms.Form):
    year = forms.IntegerField()  # replaced per plan in __init__
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=capitalised(ProgressStatus.choices)
    )
    progress = forms.CharField(
        label=gettext_lazy("Progress (%)"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy("Progress note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note_is_public = forms.BooleanField(
        label=gettext_lazy("The note may be published"), required=False
    )
    spent_operating = forms.CharField(
        label=gettext_lazy("Operating spent this year (€)"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    spent_investment = forms.CharField(
        label=gettext_lazy("Investment spent this year (€)"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    # The latest report the author saw: reports made since then by others are announced.
    seen_up_to = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = YearField(plan)

    def clean_progress(self):
        text = self.cleaned_data["progress"].strip()
        if not text:
            return None
        value = clean_number(text, percent=True, limit=Decimal(1000))
        if not 0 <= value <= 100:
            raise forms.ValidationError(_("A percentage goes from 0 to 100."))
        if value != value.to_integral():
            raise forms.ValidationError(_("A whole percentage, please."))
        return int(value)

    def _clean_amount(self, name):
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        value = clean_number(text, limit=MONEY_LIMIT)
        if value < 0:
            raise forms.ValidationError(_("An amount cannot be negative."))
        return _cents(value)

    def clean_spent_operating(self):
        return self._clean_amount("spent_operating")

    def clean_spent_investment(self):
        return self._clean_amount("spent_investment")


class IndicatorValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=gettext_lazy("Indicator"), queryset=None)
    year = forms.IntegerField()  # replaced per plan in __init__
    value = forms.CharField(
        label=gettext_lazy("Value"), max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=capitalised(ValueKind.choices), initial="result"
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=500)
    source = forms.CharField(label=gettext_lazy("Source"), required=False, max_length=250)

    def __init__(self, *args, plan, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = YearField(plan)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].error_messages["invalid_choice"] = _(
            "Choose one of this action's indicators."
        )

    def clean_value(self):
        return _cents(clean_number(self.cleaned_data["value"], limit=VALUE_LIMIT))
