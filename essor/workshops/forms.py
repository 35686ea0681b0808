from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from essor.contributions.models import Contribution, ContributionKind
from essor.contributions.services import clean_contribution_text
from essor.core.forms import french_fields, limit_free_text
from essor.meetings.models import MeetingKind
from essor.organisations.models import Organisation
from essor.workshops.models import Question, VoteStatus, Workshop

DOTS_MAX = 20
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _meeting_choices(process, workshop: Workshop | None = None):
    """Calendar entries of kind workshop not yet linked to another workshop."""
    free = process.meetings.filter(kind=MeetingKind.WORKSHOP, workshop__isnull=True)
    if workshop is not None and workshop.meeting_id:
        free = free | process.meetings.filter(pk=workshop.meeting_id)
    return free.order_by("starts_at")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        when = date_format(timezone.localtime(meeting.starts_at), "j F Y")
        return f"{meeting.title} — {when}"


class WorkshopCreateForm(forms.ModelForm):
    """A new workshop, optionally from a workshop template and a calendar entry."""

    class Meta:
        model = Workshop
        fields = ["title", "date", "objectives", "template", "meeting"]
        widgets = {"date": DATE_WIDGET, "objectives": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "template": _("Its guiding questions are copied into the workshop."),
            "meeting": _("A workshop of the calendar, for invitations and attendance."),
            "objectives": _("Left empty, the objectives of the template are used."),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        self.process = process
        self.fields["template"].queryset = process.workshop_templates.all()
        self.fields["template"].empty_label = _("No template")
        self.fields["meeting"] = MeetingChoiceField(
            queryset=_meeting_choices(process),
            required=False,
            label=_("Calendar entry"),
            empty_label=_("None"),
            help_text=self.fields["meeting"].help_text,
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Give the workshop a title."))
        return title


class WorkshopSettingsForm(forms.ModelForm):
    """Settings of an existing workshop (its questions are a formset next to it)."""

    dots_per_participant = forms.IntegerField(
        label=_("Dots per participant"),
        min_value=1,
        max_value=DOTS_MAX,
        help_text=_("For dot voting: between 1 and 20."),
    )

    class Meta:
        model = Workshop
        fields = [
            "title", "date", "objectives", "meeting", "participation_open", "vote_mode",
            "dots_per_participant",
        ]  # fmt: skip
        widgets = {"date": DATE_WIDGET, "objectives": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        self.fields["meeting"] = MeetingChoiceField(
            queryset=_meeting_choices(self.instance.process, self.instance),
            required=False,
            label=_("Calendar entry"),
            empty_label=_("None"),
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Give the workshop a title."))
        return title

    def clean(self):
        cleaned = super().clean()
        has_votes = self.instance.pk and (
            self.instance.vote_status != VoteStatus.NOT_STARTED
            or Contribution.objects.filter(workshop=self.instance, votes__isnull=False).exists()
        )
        if has_votes:
            # Changing the rules during or after a vote would make its results meaningless.
            for name in ("vote_mode", "dots_per_participant"):
                if name in cleaned and cleaned[name] != getattr(self.instance, name):
                    self.add_error(
                        name, _("The vote has started: this setting can no longer change.")
                    )
        return cleaned


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["order", "text"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "class": "order-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_fields(self)
        self.fields["order"].required = False  # a new question without position goes last

    def clean_order(self):
        order = self.cleaned_data.get("order")
        return NEW_QUESTION_ORDER if order is None else order


# Larger than any real position; questions are renumbered 1..n when saved.
NEW_QUESTION_ORDER = 30_000


class BaseQuestionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Errors of deleted forms are ignored by formsets: report them for the whole set.
        errors = [
            _(
                "The question “%(question)s” has contributions: it cannot be removed "
                "(edit its text instead)."
            )
            % {"question": form.instance.text}
            for form in self.deleted_forms
            if form.instance.pk and form.instance.contributions.exists()
        ]
        if errors:
            raise ValidationError(errors)


QuestionFormSet = inlineformset_factory(
    Workshop,
    Question,
    form=QuestionForm,
    formset=BaseQuestionFormSet,
    extra=2,
    can_delete=True,
)


class CaptureForm(forms.Form):
    """One line typed on the capture board; theme, organisation and question stay set."""

    text = forms.CharField(
        label=_("Idea"),
        required=False,  # add_contribution says, in French, what is wrong with the text
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ContributionKind.choices, initial=ContributionKind.IDEA
    )
    question = forms.ModelChoiceField(
        label=_("Question"), queryset=Question.objects.none(), required=False
    )
    theme = forms.CharField(label=_("Theme"), max_length=120, required=False)
    author_organisation = forms.ModelChoiceField(
        label=_("Author organisation"), queryset=None, required=False
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = workshop.questions.all()
        self.fields["question"].empty_label = _("No question")
        self.fields["author_organisation"].queryset = workshop.process.organisations.all()
        self.fields["author_organisation"].empty_label = _("Not said")


class ContributionEditForm(forms.ModelForm):
    """Correct a line of the board, or withdraw it (it is kept, with its origin)."""

    class Meta:
        model = Contribution
        fields = ["text", "kind", "question", "theme", "author_organisation", "is_withdrawn"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "is_withdrawn": _("A withdrawn idea is kept but no longer shown nor voted on.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contribution = self.instance
        self.fields["text"].required = False  # clean_text gives the French message
        self.fields["question"].queryset = contribution.workshop.questions.all()
        self.fields["question"].empty_label = _("No question")
        organisations = contribution.process.organisations.all()
        if contribution.author_organisation_id:
            # Keep the current author even if it left the process directory since.
            organisations = organisations | Organisation.objects.filter(
                pk=contribution.author_organisation_id,
                workspace_id=contribution.process.workspace_id,
            )
        self.fields["author_organisation"].queryset = organisations.distinct()
        self.fields["author_organisation"].empty_label = _("Not said")

    def clean_text(self):
        return clean_contribution_text(self.cleaned_data.get("text", ""))
