"""Facilitators' forms: a survey, one question, personal invitations, a conversion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from essor.contributions.models import ContributionKind
from essor.core.forms import french_fields, limit_free_text
from essor.core.sanitize import sanitize_html
from essor.core.text import capitalised
from essor.organisations.models import Person
from essor.surveys.models import (
    CHOICE_KINDS,
    SCALE_RANGES,
    Choice,
    Question,
    QuestionKind,
    Survey,
)

MAX_CHOICES = 50
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title", "introduction", "anonymous", "public_link_enabled", "opens_on", "closes_on",
        ]  # fmt: skip
        widgets = {"opens_on": DATE_WIDGET, "closes_on": DATE_WIDGET}
        help_texts = {
            "introduction": _("Shown above the questions. Simple formatting (HTML) is kept."),
            "opens_on": _("Optional: before this day the survey cannot be answered."),
            "closes_on": _("Optional: after this day the survey cannot be answered."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        if self.instance.pk and self.instance.has_responses:
            # Changing anonymity afterwards would mislead those who already answered.
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _(
                "The survey already has responses: its anonymity can no longer change."
            )

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_introduction(self):
        return sanitize_html(self.cleaned_data["introduction"])

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing day must be on or after the opening day."))
        return cleaned


class ConditionField(forms.TypedChoiceField):
    """A select of the choices of earlier choice questions, grouped by question."""

    def __init__(self, *, question: Question, **kwargs):
        earlier = Choice.objects.filter(
            question__survey=question.survey, question__kind__in=CHOICE_KINDS
        ).select_related("question")
        if question.pk:
            earlier = earlier.filter(question__order__lt=question.order)
        groups: dict[Question, list] = {}
        for choice in earlier.order_by("question__order", "question_id", "order", "id"):
            groups.setdefault(choice.question, []).append((choice.pk, choice.label))
        choices = [("", _("Always shown"))] + [
            (f"{q.order}. {q.text}"[:120], options) for q, options in groups.items()
        ]
        super().__init__(
            choices=choices,
            coerce=int,
            required=False,
            label=_("Show only if the answer to an earlier question is"),
            help_text=_("Choose a question and the answer that makes this one appear."),
            **kwargs,
        )
        self.allowed = {pk for options in groups.values() for pk, _label in options}

    def clean(self, value):
        pk = super().clean(value)
        if pk in (None, ""):
            return None
        if pk not in self.allowed:
            raise forms.ValidationError(_("This answer does not belong to an earlier question."))
        return Choice.objects.get(pk=pk)


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One choice per line, for choice and ranking questions."),
    )
    scale_range = forms.ChoiceField(
        label=_("Scale"),
        choices=[("1-5", _("from 1 to 5")), ("0-10", _("from 0 to 10"))],
        initial="1-5",
        required=False,
    )

    class Meta:
        model = Question
        fields = [
            "text", "help_text", "kind", "required", "has_other", "scale_min_label",
            "scale_max_label",
        ]  # fmt: skip
        widgets = {"text": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        question = self.instance
        self.fields["kind"].choices = capitalised(QuestionKind.choices)
        self.fields["condition_choice"] = ConditionField(
            question=question, initial=question.condition_choice_id
        )
        if question.pk:
            self.fields["choices_text"].initial = "\n".join(c.label for c in question.choices.all())
            self.fields["scale_range"].initial = f"{question.scale_min}-{question.scale_max}"
        self.locked = question.survey.has_responses
        if self.locked:
            # Answers point at these choices and bounds: only wording may change.
            for name in ("kind", "has_other", "scale_range"):
                self.fields[name].disabled = True
            self.fields["choices_text"].help_text = _(
                "The survey already has responses: you may reword the choices, "
                "not add, remove or reorder them."
            )

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean_choices_text(self):
        lines = [line.strip() for line in self.cleaned_data["choices_text"].splitlines()]
        labels = [line for line in lines if line]
        if len(labels) > MAX_CHOICES:
            raise forms.ValidationError(
                _("At most %(max)s choices.") % {"max": MAX_CHOICES}, code="too_many"
            )
        for number, label in enumerate(labels, start=1):
            if len(label) > 200:
                raise forms.ValidationError(
                    _("Choice %(number)s is longer than 200 characters.") % {"number": number}
                )
        folded = [label.casefold() for label in labels]
        if len(set(folded)) != len(folded):
            raise forms.ValidationError(_("Two choices have the same text."), code="duplicate")
        return labels

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        labels = cleaned.get("choices_text") or []
        needs_choices = kind in (*CHOICE_KINDS, QuestionKind.RANKING)
        if needs_choices and len(labels) < 2 and "choices_text" not in self.errors:
            self.add_error("choices_text", _("Give at least two choices, one per line."))
        if self.locked and self.instance.pk and needs_choices:
            if len(labels) != self.instance.choices.count():
                self.add_error(
                    "choices_text",
                    _("The survey already has responses: keep the same number of choices."),
                )
        condition = cleaned.get("condition_choice")
        if condition is not None and self.instance.pk and condition.question_id == self.instance.pk:
            self.add_error("condition_choice", _("A question cannot depend on itself."))
        return cleaned

    def save(self, commit=True):
        question = super().save(commit=False)
        question.condition_choice = self.cleaned_data.get("condition_choice")
        if not question.is_choice:
            question.has_other = False
        scale_range = self.cleaned_data.get("scale_range") or "1-5"
        question.scale_min, question.scale_max = SCALE_RANGES.get(scale_range, (1, 5))
        if commit:
            question.save()
        return question


class InvitationForm(forms.Form):
    everyone = forms.BooleanField(
        label=_("Everybody in the directory of the process"), required=False
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        invited = survey.invitations.values("person_id")
        self.candidates = (
            Person.objects.filter(
                organisation__processes=survey.process,
                workspace_id=survey.process.workspace_id,
            )
            .exclude(pk__in=invited)
            .select_related("organisation")
            .order_by("last_name", "first_name", "id")
            .distinct()
        )
        self.fields["people"] = forms.ModelMultipleChoiceField(
            label=_("People of the directory"),
            queryset=self.candidates,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["people"].label_from_instance = lambda p: (
            f"{p.last_name} {p.first_name} ({p.organisation.name})".strip()
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("everyone"):
            cleaned["people"] = list(self.candidates)
        if not cleaned.get("people"):
            raise forms.ValidationError(_("Choose at least one person, or everybody."))
        return cleaned


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of contribution"),
        choices=capitalised(ContributionKind.choices),
        initial=ContributionKind.IDEA,
    )
