from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from essor.contributions.models import (
    TEXT_MAX_LENGTH,
    Contribution,
    ContributionKind,
    ContributionSource,
    ContributionStatus,
)
from essor.contributions.notes import MAX_FILE_BYTES, NotesError, parse_notes, parse_text
from essor.contributions.online import ONLINE_KINDS, REASON_MAX_LENGTH, communes_of, submit
from essor.contributions.services import clean_contribution_text
from essor.core.text import capitalised, fold
from essor.organisations.models import Organisation

NO_QUESTION = ""


class ContributionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the text"), required=False, max_length=100)
    workshop = forms.TypedChoiceField(label=_("Workshop"), required=False, coerce=int)
    question = forms.TypedChoiceField(label=_("Question"), required=False, coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    source = forms.ChoiceField(label=_("Origin"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Kept")),
            ("withdrawn", _("Withdrawn")),
            ("pending", _("Awaiting moderation")),
            ("refused", _("Rejected or merged")),
            ("all", _("All")),
        ],
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        workshops = list(process.workshops.order_by("date", "id"))
        self.fields["workshop"].choices = [("", _("All workshops"))] + [
            (w.pk, w.title) for w in workshops
        ]
        from essor.workshops.models import Question

        questions = Question.objects.filter(workshop__process=process).select_related("workshop")
        self.fields["question"].choices = [("", _("All questions"))] + [
            (q.pk, f"{q.workshop.title} — {q.text}"[:160]) for q in questions
        ]
        self.fields["kind"].choices = [("", _("All kinds"))] + capitalised(ContributionKind.choices)
        self.fields["source"].choices = [("", _("All origins"))] + capitalised(
            ContributionSource.choices
        )

    def filter(self, contributions):
        if not self.is_valid():
            return contributions.kept()
        data = self.cleaned_data
        status = data.get("status")
        if status == "withdrawn":
            contributions = contributions.filter(is_withdrawn=True)
        elif status == "pending":
            contributions = contributions.pending()
        elif status == "refused":
            contributions = contributions.filter(
                status__in=[ContributionStatus.REJECTED, ContributionStatus.MERGED]
            )
        elif status != "all":
            contributions = contributions.kept()
        for name in ("workshop", "question"):
            if data.get(name) not in (None, ""):
                contributions = contributions.filter(**{f"{name}_id": data[name]})
        for name in ("kind", "source"):
            if data.get(name):
                contributions = contributions.filter(**{name: data[name]})
        return contributions.search(data.get("q") or "")


class ImportNotesForm(forms.Form):
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=None, empty_label=None)
    text = forms.CharField(
        label=_("Paste the notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "code"}),
        help_text=_(
            "One idea per line or bullet. A line starting with “# ” is a guiding question. "
            "Start a line with “b:”, “Frein :” or “Besoin -” to give its kind."
        ),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("Plain text (.txt), Markdown (.md), Word (.docx) or OpenDocument (.odt)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.docx,.odt"}),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = process.workshops.order_by("date", "id")
        self.notes = None
        self.source_name = ""

    def clean(self):
        data = super().clean()
        text, upload = (data.get("text") or "").strip(), data.get("file")
        if text and upload:
            raise ValidationError(_("Paste the notes or upload a file, not both."))
        if not text and not upload:
            if "file" not in self.errors:
                raise ValidationError(_("Paste the notes or choose a file to upload."))
            return data
        try:
            if upload:
                if upload.size > MAX_FILE_BYTES:
                    raise NotesError(
                        _("The file “%(name)s” is larger than %(size)s MB: split it.")
                        % {"name": upload.name, "size": MAX_FILE_BYTES // (1024 * 1024)}
                    )
                self.notes = parse_notes(upload.read(), upload.name)
                self.source_name = upload.name[:200]
            else:
                self.notes = parse_text(text)
        except NotesError as error:
            self.add_error("file" if upload else "text", str(error))
        return data


class ReviewItemForm(forms.Form):
    """One parsed idea on the review page."""

    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=capitalised(ContributionKind.choices))
    question = forms.ChoiceField(label=_("Question"), required=False)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=120)
    skip = forms.BooleanField(label=_("Do not import this line"), required=False)

    def __init__(self, *args, question_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = question_choices

    def clean(self):
        data = super().clean()
        if not data.get("skip") and "text" in data:
            try:
                data["text"] = clean_contribution_text(data["text"])
            except ValidationError as error:
                self.add_error("text", error)
        return data


ReviewFormSet = forms.formset_factory(ReviewItemForm, extra=0)


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["text", "kind", "theme", "question", "author_organisation"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contribution = self.instance
        self.fields["kind"].choices = capitalised(ContributionKind.choices)
        question = self.fields["question"]
        if contribution.workshop_id:
            question.queryset = contribution.workshop.questions.all()
            question.empty_label = _("No question")
        else:
            del self.fields["question"]
        organisations = Organisation.objects.filter(
            Q(processes=contribution.process_id) | Q(pk=contribution.author_organisation_id),
            workspace_id=contribution.process.workspace_id,
        ).distinct()
        author = self.fields["author_organisation"]
        author.queryset = organisations
        author.empty_label = _("Anonymous (no organisation)")
        author.help_text = _("Organisations of the process directory.")

    def clean_text(self):
        return clean_contribution_text(self.cleaned_data.get("text", ""))


# A commune list longer than this is not offered for completion (a région's thousands):
# the contributor types the name or the INSEE code, resolved on submission.
COMMUNE_SUGGESTIONS = 400
HONEYPOT = "site_web"


class OnlineContributionForm(forms.Form):
    """A contribution sent online (by a contributor or the public), with a honeypot."""

    kind = forms.ChoiceField(label=_("What is it?"), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Your contribution"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("One idea per contribution; a facilitator reads it before it is published."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation (optional)"), required=False, max_length=200
    )
    commune = forms.CharField(
        label=_("Commune (optional)"),
        required=False,
        max_length=100,
        help_text=_("Name or INSEE code."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["kind"].choices = capitalised(
            [(kind.value, kind.label) for kind in ONLINE_KINDS]
        )
        self.fields["kind"].initial = ContributionKind.IDEA
        communes = communes_of(process).order_by("name")
        self.commune_suggestions = list(communes[: COMMUNE_SUGGESTIONS + 1])
        if len(self.commune_suggestions) > COMMUNE_SUGGESTIONS:
            self.commune_suggestions = []
        if self.commune_suggestions:
            self.fields["commune"].widget.attrs["list"] = "communes-list"
        self.fields["commune"].widget.attrs["autocomplete"] = "off"

    @property
    def is_robot(self) -> bool:
        """The honeypot (HONEYPOT, out of sight and out of the tab order) was filled in:
        people never see it, robots fill every field."""
        return bool(self.data.get(HONEYPOT))

    def clean_text(self):
        return clean_contribution_text(self.cleaned_data.get("text", ""))

    def send(self, user=None) -> Contribution:
        """Record the valid form's contribution (``online.submit``); it awaits moderation."""
        data = self.cleaned_data
        return submit(
            self.process,
            text=data["text"],
            kind=data["kind"],
            organisation_name=data["organisation_name"],
            commune=data["commune"],
            user=user,
        )

    def clean_commune(self):
        query = (self.cleaned_data.get("commune") or "").strip()
        if not query:
            return None
        # "Poitiers (86194)" as offered by the completion list, or a name, or a code.
        code = query.rsplit("(", 1)[-1].rstrip(")").strip() if query.endswith(")") else ""
        communes = communes_of(self.process)
        if code:
            found = list(communes.filter(code=code.upper())[:2])
        else:
            found = list(communes.search(query)[:5])
            exact = [c for c in found if fold(c.name) == fold(query) or c.code == query.upper()]
            found = exact or found
        if not found:
            raise ValidationError(
                _("No commune of the process's territory is called “%(query)s”.") % {"query": query}
            )
        if len(found) > 1:
            raise ValidationError(
                _("Several communes match “%(query)s”: add the INSEE code.") % {"query": query}
            )
        return found[0]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the contribution is rejected.")},
    )
