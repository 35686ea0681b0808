from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from essor.contributions.models import TEXT_MAX_LENGTH, ContributionKind
from essor.contributions.services import clean_contribution_text
from essor.participation.permissions import normalise_code
from essor.workshops.models import JOIN_CODE_LENGTH, Workshop


class _ListedChoiceIterator(ModelChoiceIterator):
    """Choices from the field's list, read once (see ListedModelChoiceField)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.listed()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.listed())


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that reads its options once per form, or takes them already
    read (``set_options``). Django's own runs its queryset again each time the
    select is rendered or tested, through a server-side cursor on PostgreSQL
    (three round trips): a cost paid by every phone joining a workshop.
    The posted value is still checked against the queryset."""

    iterator = _ListedChoiceIterator
    _listed = None

    def _set_queryset(self, queryset):
        self._listed = None
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def set_options(self, objects) -> None:
        self._listed = list(objects)

    def listed(self) -> list:
        if self._listed is None:
            self._listed = list(self.queryset)
        return self._listed


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        help_text=_("The %(length)s characters shown by the facilitator.")
        % {"length": JOIN_CODE_LENGTH},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not Workshop.objects.filter(join_code=code).exists():
            raise ValidationError(
                _("No workshop has the code “%(code)s”. Check it on the screen and type it again.")
                % {"code": code[:20]},
                code="unknown",
            )
        return code


class ParticipantForm(forms.Form):
    """Who I am, optionally: a first name or a pseudonym, and my organisation."""

    name = forms.CharField(
        label=_("Your name or a pseudonym (optional)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    organisation = ListedModelChoiceField(
        label=_("Your organisation (optional)"),
        queryset=None,
        required=False,
        empty_label=_("— none or not listed —"),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = workshop.process.organisations.order_by("name")


class IdeaForm(forms.Form):
    question = ListedModelChoiceField(
        label=_("Question"), queryset=None, required=False, empty_label=_("— general —")
    )
    kind = forms.ChoiceField(
        label=_("Kind of idea"), choices=ContributionKind.choices, initial=ContributionKind.IDEA
    )
    text = forms.CharField(
        label=_("Your idea"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
        error_messages={"required": _("Write your idea before sending it.")},
    )

    def __init__(self, *args, workshop, questions=None, **kwargs):
        """``questions``: the workshop's questions when the caller has already read them."""
        super().__init__(*args, **kwargs)
        field = self.fields["question"]
        field.queryset = workshop.questions.all()
        if questions is not None:
            field.set_options(questions)
        if workshop.current_question_id:
            field.initial = workshop.current_question_id  # the question on the projector
        if not field.listed():
            del self.fields["question"]

    def clean_text(self):
        return clean_contribution_text(self.cleaned_data["text"])


class OwnIdeaForm(forms.Form):
    """A participant's change to an idea of their own (see own_ideas.py)."""

    kind = IdeaForm.base_fields["kind"]
    text = IdeaForm.base_fields["text"]

    def clean_text(self):
        return clean_contribution_text(self.cleaned_data["text"])
