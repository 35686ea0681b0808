"""Use cases of the directory (each writes an audit entry)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from essor.core.audit import log_action
from essor.core.models import AuditEntry
from essor.core.text import fold
from essor.organisations.importing import ImportRow
from essor.organisations.models import Organisation, OrganisationKind, Person
from essor.organisations.rgpd import person_data
from essor.processes.models import Process


@transaction.atomic
def save_organisation(organisation: Organisation, *, actor) -> Organisation:
    created = organisation.pk is None
    organisation.save()
    log_action(actor, "organisation.created" if created else "organisation.updated", organisation)
    return organisation


@transaction.atomic
def delete_organisation(organisation: Organisation, *, actor) -> None:
    """Its people stay in the directory without an organisation."""
    log_action(actor, "organisation.deleted", organisation, name=organisation.name)
    organisation.delete()


@transaction.atomic
def save_person(person: Person, *, actor) -> Person:
    created = person.pk is None
    person.save()
    # The audit keeps the id only: names are personal data and may have to be erased.
    log_action(actor, "person.created" if created else "person.updated", None, person=person.pk)
    return person


def export_person(person: Person, *, actor) -> dict:
    """Everything stored about the person (right of access); the export itself is audited."""
    log_action(actor, "person.exported", None, person=person.pk)
    return person_data(person)


class PersonHasHistory(Exception):
    """A person who sits in a body or attended meetings is part of the process's memory."""


@transaction.atomic
def delete_person(person: Person, *, actor) -> None:
    if person.body_memberships.exists() or person.attendances.exists():
        raise PersonHasHistory
    log_action(actor, "person.deleted", None, person=person.pk)
    person.delete()


@transaction.atomic
def erase_person(person: Person, *, actor) -> int:
    """Right to erasure (GDPR art. 17): the person, their attendances and body memberships.

    Audit entries about them lose their description; the new entry holds
    nothing but the id. The linked user account, if any, is not deleted here.
    Returns the id of the erased person.
    """
    pk = person.pk
    person.attendances.all().delete()
    person.body_memberships.all().delete()
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Person), target_id=str(pk)
    ).update(target_repr="")
    person.delete()
    log_action(actor, "person.erased", None, person=pk)
    return pk


@dataclass
class ImportResult:
    organisations_created: int = 0
    organisations_updated: int = 0
    people_created: int = 0
    people_updated: int = 0


def _find_organisation(data: dict) -> Organisation | None:
    """By SIRET when given; else (or failing that, among those without one) by name and commune."""
    if data.get("siret"):
        found = Organisation.objects.filter(siret=data["siret"]).order_by("pk").first()
        if found:
            return found
    same_name = Organisation.objects.filter(
        search_name=fold(data["name"]), commune=data.get("commune")
    ).order_by("pk")
    if data.get("siret"):
        same_name = same_name.filter(siret="")
    return same_name.first()


def _find_person(data: dict, organisation: Organisation | None) -> Person | None:
    if data.get("email"):
        return Person.objects.filter(email__iexact=data["email"]).order_by("pk").first()
    return (
        Person.objects.filter(
            first_name__iexact=data.get("first_name", ""),
            last_name__iexact=data["last_name"],
            organisation=organisation,
        )
        .order_by("pk")
        .first()
    )


def _apply(obj, data: dict) -> bool:
    """Copy non-empty imported values; never erase what the directory already holds."""
    changed = False
    for name, value in data.items():
        if value not in ("", None) and getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


@transaction.atomic
def import_directory(
    rows: list[ImportRow], *, actor, process: Process | None = None
) -> ImportResult:
    """Create or update every row's organisation and person, all or nothing.

    Rows must come from importing.validate_table without errors. New
    organisations without a kind are ESS organisations.
    """
    result = ImportResult()
    imported: dict[int, Organisation] = {}
    for row in rows:
        organisation = None
        if row.organisation:
            organisation = _find_organisation(row.organisation)
            if organisation is None:
                organisation = Organisation(kind=OrganisationKind.ESS)
                _apply(organisation, row.organisation)
                organisation.save()
                result.organisations_created += 1
            elif _apply(organisation, row.organisation):
                organisation.save()
                if organisation.pk not in imported:
                    result.organisations_updated += 1
            imported[organisation.pk] = organisation
        if row.person:
            person = _find_person(row.person, organisation)
            data = {**row.person, "organisation": organisation}
            if person is None:
                person = Person()
                _apply(person, data)
                person.save()
                result.people_created += 1
            elif _apply(person, data):
                person.save()
                result.people_updated += 1
    if process is not None and imported:
        process.organisations.add(*imported.values())
    log_action(
        actor,
        "organisations.imported",
        process,
        rows=len(rows),
        organisations_created=result.organisations_created,
        organisations_updated=result.organisations_updated,
        people_created=result.people_created,
        people_updated=result.people_updated,
    )
    return result
