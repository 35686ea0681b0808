"""Choosing whom to invite to a meeting, and the text of the e-mail."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from essor.bodies.people import person_label
from essor.core.text import capitalised
from essor.meetings.invitations import default_body, default_subject
from essor.meetings.models import Meeting
from essor.organisations.models import OrganisationKind, Person

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000


def directory_people(meeting: Meeting) -> QuerySet[Person]:
    """People of the process directory, plus anyone already on the meeting's list."""
    process = meeting.process
    return (
        Person.objects.filter(
            Q(organisation__processes=process) | Q(attendances__meeting=meeting),
            workspace_id=process.workspace_id,
        )
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


class PersonCheckboxes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        label = person_label(person)
        return label if person.email else _("%(person)s — no e-mail address") % {"person": label}


class InvitationForm(forms.Form):
    everyone = forms.BooleanField(
        label=_("Everyone in the directory of the process"), required=False
    )
    on_list = forms.BooleanField(label=_("Everyone already on the attendance list"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("People of the directory whose organisation is a…"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Members of the bodies"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = PersonCheckboxes(
        label=_("People, one by one"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=_("Subject of the e-mail"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Text of the e-mail"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Each person receives it with a greeting and their personal answer link (yes / no)."
        ),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["kinds"].choices = capitalised(OrganisationKind.choices)
        self.fields["bodies"].queryset = meeting.process.bodies.all()
        self.fields["people"].queryset = directory_people(meeting)
        self.initial.setdefault("subject", default_subject(meeting))
        self.initial.setdefault("body", default_body(meeting))
        if not meeting.process.bodies.exists():
            del self.fields["bodies"]

    def clean_subject(self):
        # A line break in a subject would be refused by the mail library.
        return " ".join(self.cleaned_data["subject"].split())

    def clean(self):
        data = super().clean()
        if not self.errors and not self.recipients():
            raise forms.ValidationError(
                _("Nobody is chosen: tick at least one group or one person to invite.")
            )
        return data

    def recipients(self) -> list[Person]:
        """Everyone the choices designate, once each."""
        data = self.cleaned_data
        process = self.meeting.process
        condition = Q(pk__in=[p.pk for p in data.get("people") or []])
        if data.get("everyone"):
            condition |= Q(organisation__processes=process)
        if data.get("on_list"):
            condition |= Q(attendances__meeting=self.meeting)
        if data.get("kinds"):
            condition |= Q(organisation__processes=process, organisation__kind__in=data["kinds"])
        if data.get("bodies"):
            condition |= Q(body_memberships__body__in=data["bodies"])
        return list(
            Person.objects.filter(condition, workspace_id=process.workspace_id)
            .select_related("organisation")
            .distinct()
            .order_by("last_name", "first_name", "id")
        )
