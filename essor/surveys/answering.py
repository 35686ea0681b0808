"""The respondent's form, built from the questions of a survey.

Every question is validated where it is shown, with a French message at the
question. A conditional question whose condition is not met is ignored, even
if the browser (without JavaScript) sent an answer for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from essor.surveys.models import Choice, Question, QuestionKind, Survey

OTHER = "other"
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000


@dataclass
class AnswerData:
    """What one question received, ready to be saved."""

    question: Question
    choices: list[Choice] = field(default_factory=list)
    other_text: str = ""
    text: str = ""
    number: int | None = None
    ranking: list[int] | None = None


def _name(question: Question) -> str:
    return f"q{question.pk}"


def _rank_name(question: Question, choice: Choice) -> str:
    return f"q{question.pk}_r{choice.pk}"


class ResponseForm(forms.Form):
    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(
            survey.questions.select_related("condition_choice__question").prefetch_related(
                "choices"
            )
        )
        self.question_errors: dict[int, list[str]] = {}
        self.answers: list[AnswerData] = []
        for question in self.questions:
            self._add_fields(question)

    def _add_fields(self, question: Question) -> None:
        name = _name(question)
        options = [(str(c.pk), c.label) for c in question.choices.all()]
        if question.has_other and question.is_choice:
            options.append((OTHER, _("Other")))
        invalid = {"invalid_choice": _("Choose one of the proposed answers.")}
        if question.kind == QuestionKind.SINGLE:
            self.fields[name] = forms.ChoiceField(
                label=question.text, choices=options, required=False,
                widget=forms.RadioSelect, error_messages=invalid,
            )  # fmt: skip
        elif question.kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                label=question.text, choices=options, required=False,
                widget=forms.CheckboxSelectMultiple, error_messages=invalid,
            )  # fmt: skip
        elif question.kind == QuestionKind.SCALE:
            bounds = {"min": question.scale_min, "max": question.scale_max}
            self.fields[name] = forms.ChoiceField(
                label=question.text,
                choices=[(str(v), str(v)) for v in question.scale_values],
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose a value between %(min)s and %(max)s.") % bounds
                },
            )
        elif question.kind == QuestionKind.RANKING:
            count = len(options)
            ranks = [("", "—")] + [(str(r), str(r)) for r in range(1, count + 1)]
            for choice in question.choices.all():
                self.fields[_rank_name(question, choice)] = forms.ChoiceField(
                    label=choice.label,
                    choices=ranks,
                    required=False,
                    error_messages={
                        "invalid_choice": _("Choose a rank between 1 and %(count)s.")
                        % {"count": count}
                    },
                )
        else:
            long = question.kind == QuestionKind.LONG_TEXT
            limit = LONG_TEXT_MAX if long else SHORT_TEXT_MAX
            self.fields[name] = forms.CharField(
                label=question.text,
                required=False,
                max_length=limit,
                widget=forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput(),
                error_messages={
                    "max_length": _(
                        "At most %(limit_value)d characters (you wrote %(show_value)d)."
                    )
                },
            )
        if question.has_other and question.is_choice:
            self.fields[f"{name}_other"] = forms.CharField(
                label=_("Other: please specify"), required=False, max_length=500
            )

    # -- validation ---------------------------------------------------------

    def _error(self, question: Question, message) -> None:
        self.question_errors.setdefault(question.pk, []).append(str(message))

    def is_visible(self, question: Question, selected: dict[int, set[int]]) -> bool:
        condition = question.condition_choice
        if condition is None:
            return True
        return condition.pk in selected.get(condition.question_id, set())

    def clean(self):
        cleaned = super().clean()
        selected: dict[int, set[int]] = {}
        self.answers = []
        for question in self.questions:
            if not self.is_visible(question, selected):
                continue
            answer = self._clean_question(question, cleaned)
            if answer is None:
                if question.required and question.pk not in self.question_errors:
                    if not self._has_field_errors(question):
                        self._error(question, _("This question requires an answer."))
                continue
            selected[question.pk] = {c.pk for c in answer.choices}
            self.answers.append(answer)
        if self.question_errors or self._errors:
            raise forms.ValidationError(
                _("Some answers need your attention: see the messages at the questions.")
            )
        return cleaned

    def _has_field_errors(self, question: Question) -> bool:
        return any(name in self._errors for name in self.field_names(question))

    def _clean_question(self, question: Question, cleaned: dict) -> AnswerData | None:
        name = _name(question)
        choices_by_id = {str(c.pk): c for c in question.choices.all()}
        if question.is_choice:
            value = cleaned.get(name)
            values = value if isinstance(value, list) else ([value] if value else [])
            if not values:
                return None
            other_text = ""
            if OTHER in values:
                other_text = (cleaned.get(f"{name}_other") or "").strip()
                if not other_text:
                    self._error(question, _("You chose “Other”: please specify."))
                    return None
            return AnswerData(
                question,
                choices=[choices_by_id[v] for v in values if v in choices_by_id],
                other_text=other_text,
            )
        if question.kind == QuestionKind.SCALE:
            value = cleaned.get(name)
            return AnswerData(question, number=int(value)) if value not in (None, "") else None
        if question.kind == QuestionKind.RANKING:
            return self._clean_ranking(question, cleaned)
        text = (cleaned.get(name) or "").strip().replace("\x00", "")
        return AnswerData(question, text=text) if text else None

    def _clean_ranking(self, question: Question, cleaned: dict) -> AnswerData | None:
        choices = list(question.choices.all())
        ranks = {c.pk: cleaned.get(_rank_name(question, c)) for c in choices}
        given = {pk: int(r) for pk, r in ranks.items() if r not in (None, "")}
        if not given:
            return None
        if sorted(given.values()) != list(range(1, len(choices) + 1)):
            self._error(
                question,
                _("Give each choice a different rank, from 1 to %(count)s.")
                % {"count": len(choices)},
            )
            return None
        return AnswerData(question, ranking=sorted(given, key=given.get))

    # -- rendering ----------------------------------------------------------

    def field_names(self, question: Question) -> list[str]:
        if question.kind == QuestionKind.RANKING:
            return [_rank_name(question, c) for c in question.choices.all()]
        names = [_name(question)]
        if question.has_other and question.is_choice:
            names.append(f"{names[0]}_other")
        return names

    def blocks(self) -> list[dict]:
        """One entry per question for the template: bound fields and all its errors."""
        result = []
        for number, question in enumerate(self.questions, start=1):
            bound = [self[name] for name in self.field_names(question)]
            errors = [str(e) for b in bound for e in b.errors]
            errors += self.question_errors.get(question.pk, [])
            result.append(
                {
                    "number": number,
                    "question": question,
                    "main": bound[0] if question.kind != QuestionKind.RANKING else None,
                    "other": bound[1] if len(bound) > 1 and question.is_choice else None,
                    "ranks": bound if question.kind == QuestionKind.RANKING else [],
                    "errors": errors,
                    "condition": question.condition_choice,
                    "condition_field": (
                        f"q{question.condition_choice.question_id}"
                        if question.condition_choice
                        else ""
                    ),
                }
            )
        return result
