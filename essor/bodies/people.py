"""Choosing a person of the directory for a body or a meeting (shared with meetings)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from essor.organisations.models import Person
from essor.processes.models import Process

# A select stays usable up to a few hundred options; narrow with the search box.
MAX_CHOICES = 400


def search_people(process: Process, query: str = "") -> QuerySet[Person]:
    """People of the process's workspace whose name, e-mail or organisation contain
    every word of ``query`` (another workspace's directory is never offered)."""
    people = Person.objects.filter(workspace_id=process.workspace_id).select_related("organisation")
    for word in (query or "").split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return people.order_by("last_name", "first_name", "id")


def person_label(person: Person) -> str:
    name = f"{person.last_name} {person.first_name}".strip()
    if person.organisation_id:
        return f"{name} ({person.organisation.name})"
    return name


def grouped_people_choices(process: Process, query: str = "", exclude=()) -> list:
    """Select choices: the people of the process directory first, then the rest of the
    workspace's directory."""
    people = search_people(process, query).exclude(pk__in=list(exclude))
    directory = people.filter(organisation__processes=process)
    others = people.exclude(pk__in=directory.values("pk"))
    choices: list = [("", _("Choose a person"))]
    in_directory = [(p.pk, person_label(p)) for p in directory[:MAX_CHOICES]]
    if in_directory:
        choices.append((_("Directory of the process"), in_directory))
    other = [(p.pk, person_label(p)) for p in others[:MAX_CHOICES]]
    if other:
        choices.append((_("Other people"), other))
    return choices


class PersonChoiceField(forms.TypedChoiceField):
    """A grouped select of people; cleans to a Person."""

    def __init__(self, *, process: Process, query: str = "", exclude=(), **kwargs):
        kwargs.setdefault("label", _("Person"))
        super().__init__(
            choices=grouped_people_choices(process, query, exclude), coerce=int, **kwargs
        )
        self.process = process

    def valid_value(self, value):
        # The select only shows a filtered page of the directory; any person of the
        # workspace may be posted (clean checks the workspace).
        return True

    def clean(self, value):
        pk = super().clean(value)
        if pk in (None, ""):
            return None
        try:
            return Person.objects.get(pk=pk, workspace_id=self.process.workspace_id)
        except Person.DoesNotExist:
            raise forms.ValidationError(_("This person does not exist any more.")) from None
